// Mapped (sloppy) and unmapped arguments objects (ECMA-262 §10.4.4).
function show(label, v) { console.log(label, JSON.stringify(v)); }

// Both directions alias, within the argument count only.
function alias(a, b, c) {
  a = 10;
  arguments[1] = 20;
  c = 30;
  return [a, b, c, arguments[0], arguments[1], arguments[2], arguments.length];
}
show('alias', alias(1, 2));

// Extra arguments are not mapped to anything; `length` is an own writable property.
function extra(a) {
  arguments[1] = 'x';
  arguments.length = 5;
  const d = Object.getOwnPropertyDescriptor(arguments, 'length');
  return [a, arguments[1], arguments.length, d.writable, d.enumerable, d.configurable];
}
show('extra', extra(1, 2));

// delete removes the mapping; a new element is independent of the parameter.
function del(a) {
  const ok = delete arguments[0];
  const gone = arguments[0];
  arguments[0] = 2;
  a = 3;
  return [ok, gone, a, arguments[0]];
}
show('delete', del(1));

// defineProperty: a value keeps the mapping, writable:false freezes the current value and
// unmaps, an accessor unmaps.
function define(a, b) {
  Object.defineProperty(arguments, '0', { value: 5 });
  const first = a;
  a = 6;
  const stillMapped = arguments[0];
  Object.defineProperty(arguments, '0', { writable: false });
  a = 7;
  Object.defineProperty(arguments, '1', { get() { return 'g'; }, configurable: true });
  b = 8;
  const d0 = Object.getOwnPropertyDescriptor(arguments, '0');
  return [first, stillMapped, arguments[0], d0.value, d0.writable, arguments[1], b];
}
show('define', define(1, 2));

// A non-configurable mapped index stays mapped.
function nonConfigurable(a) {
  Object.defineProperty(arguments, '0', { configurable: false });
  a = 2;
  const v1 = Object.getOwnPropertyDescriptor(arguments, '0').value;
  arguments[0] = 3;
  return [v1, a, delete arguments[0], arguments[0]];
}
show('nonconfigurable', nonConfigurable(1));

// Object.freeze unmaps every index with its current value.
function frozen(a) {
  a = 'before';
  Object.freeze(arguments);
  a = 'after';
  return [arguments[0], a, Object.isFrozen(arguments)];
}
show('freeze', frozen(1));

// Duplicate parameter names: the last one is mapped.
function dup(a, a) {
  arguments[0] = 'zero';
  arguments[1] = 'one';
  return a;
}
show('duplicate', dup(1, 2));
function dupShort(a, a) {
  arguments[0] = 'zero';
  return [a, arguments[0]];
}
show('duplicate short', dupShort(1));

// Strict functions and non-simple parameter lists get unmapped objects.
function strict(a) {
  'use strict';
  arguments[0] = 2;
  let calleeError;
  try { arguments.callee; } catch (e) { calleeError = e instanceof TypeError; }
  return [a, arguments[0], calleeError];
}
show('strict', strict(1));
function withDefault(a, b = 0) {
  a = 2;
  let calleeError;
  try { arguments.callee; } catch (e) { calleeError = e instanceof TypeError; }
  return [arguments[0], calleeError];
}
show('default param', withDefault(1));

// callee, Symbol.iterator, the tag, spreading and apply.
function misc(a, b) {
  a = 'A';
  return [
    arguments.callee === misc,
    arguments[Symbol.iterator] === Array.prototype.values,
    Object.prototype.toString.call(arguments),
    [...arguments],
    Array.prototype.slice.call(arguments),
    Math.max.apply(null, (function (x, y) { y = 9; return arguments; })(1, 2)),
    Object.keys(arguments),
  ];
}
show('misc', misc(1, 2));

// Arrows share the enclosing function's object; eval reaches it too.
function arrows(a) {
  const same = (() => arguments)() === arguments;
  (() => { arguments[0] = 'from arrow'; })();
  const viaArrow = a;
  eval('arguments[0] = "from eval"');
  const viaEval = a;
  eval('a = "param from eval"');
  return [same, viaArrow, viaEval, arguments[0]];
}
show('arrows/eval', arrows(1));

// Closures over parameters see writes through arguments.
function closure(a) {
  const get = () => a;
  arguments[0] = 'set';
  return get();
}
show('closure', closure(1));

// Generators keep the mapping across yields.
function* gen(a) {
  arguments[0] = 'g1';
  yield a;
  a = 'g2';
  yield arguments[0];
}
show('generator', [...gen(0)]);

// The `arguments` binding itself: `var`, assignment, delete, and inner functions.
function binding() {
  const t = typeof arguments;
  var arguments;
  return [t, (function () { return arguments.length; })(1, 2, 3)];
}
show('binding', binding());
function reassign(a) {
  arguments = 'replaced';
  return [arguments, a, delete arguments];
}
show('reassign', reassign(1));

// Setting through a derived object does not write the parameter.
function viaProto(a) {
  const child = Object.create(arguments);
  child[0] = 'child';
  return [a, child[0], arguments[0]];
}
show('proto', viaProto(1));

// Reflect with another receiver: the mapped index is not written.
function reflect(a) {
  const other = {};
  Reflect.set(arguments, '0', 'other', other);
  const r = Reflect.set(arguments, '0', 'self');
  return [a, other[0], r];
}
show('reflect', reflect(1));

// Functions created by the Function constructor are sloppy too.
const ctor = new Function('a', 'arguments[0] = "ctor"; return a;');
show('Function()', ctor(1));
