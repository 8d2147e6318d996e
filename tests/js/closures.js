// Closures, per-iteration bindings, arrows and `this`.
const fns = [];
for (let i = 0; i < 3; i++) fns.push(() => i * 10);
console.log(fns.map((f) => f()).join(','));
function counter() { let n = 0; return { inc: () => ++n, get: () => n }; }
const c = counter(); c.inc(); c.inc();
console.log('count', c.get());
const obj = { name: 'o', arrow() { return [1, 2].map(() => this.name).join(''); } };
console.log(obj.arrow());
var v = 1; { let v = 2; console.log('inner', v); } console.log('outer', v);
