'use strict';
// Functions get their `prototype` object on first use; every way of reading it must see the
// same object, made as eager creation would have made it.

function F() {}
const descriptor = Object.getOwnPropertyDescriptor(F, 'prototype');
console.log(Object.getOwnPropertyNames(F).join(), descriptor.writable, descriptor.enumerable,
  descriptor.configurable, descriptor.value === F.prototype, F.prototype.constructor === F);

// Read through an inline cache whose holder is the function, on the prototype chain.
const readers = [];
for (let i = 0; i < 4; i++) {
  const f = function () {};
  const o = Object.create(f);
  readers.push(o.prototype === f.prototype && Object.getPrototypeOf(o.prototype) === Object.prototype);
}
console.log(readers.join());

// `new` and instanceof read it through [[Get]].
function Point(x) { this.x = x; }
const p = new Point(3);
console.log(Object.getPrototypeOf(p) === Point.prototype, p instanceof Point, p.x);

// Deleting another property turns the function into a dictionary; the prototype survives.
function D() {}
delete D.name;
console.log(Object.getOwnPropertyNames(D).join(), D.prototype.constructor === D);

// Frozen before the prototype was ever read.
function Z() {}
Object.freeze(Z);
console.log(Object.isFrozen(Z), Object.isFrozen(Z.prototype), Z.prototype.constructor === Z);

// Replaced before it was ever read.
function R() {}
R.prototype = { replaced: true };
console.log(R.prototype.replaced, new R().replaced);

// Generators: the prototype inherits from %GeneratorPrototype%, has no `constructor`, and
// becomes the generator objects' prototype.
function* g() { yield 1; }
async function* ag() {}
console.log(Object.getPrototypeOf(g.prototype) === Object.getPrototypeOf(function* () {}).prototype,
  Object.getPrototypeOf(g()) === g.prototype, Object.getOwnPropertyNames(g.prototype).length,
  Object.getPrototypeOf(ag()) === ag.prototype);

// A class can extend a plain function whose prototype was never read.
function Base() { this.base = true; }
class Derived extends Base {}
console.log(new Derived().base, Object.getPrototypeOf(Derived.prototype) === Base.prototype);

// Arrows, methods and async functions have none.
const arrow = () => {};
const method = { m() {} }.m;
async function af() {}
console.log('prototype' in arrow, 'prototype' in method, 'prototype' in af);

// Descriptors of everything at once.
function All() {}
console.log(Object.keys(Object.getOwnPropertyDescriptors(All)).join(),
  Object.getOwnPropertyDescriptors(All).prototype.value === All.prototype);

// An async function runs to its first await before the call returns, settles its promise when
// it returns or throws before awaiting, and resumes after the caller's synchronous code.
const order = [];
async function early(v) { order.push('early ' + v); return v; }
async function thrower() { order.push('thrower'); throw new Error('boom'); }
async function awaiter() { order.push('awaiter before'); await null; order.push('awaiter after'); }
const pe = early(1);
const pt = thrower();
const pa = awaiter();
order.push('sync end');
pe.then((v) => order.push('early settled ' + v));
pt.catch((e) => order.push('thrower rejected ' + e.message));
pa.then(() => {
  order.push('awaiter settled');
  console.log(order.join(' | '));
});
