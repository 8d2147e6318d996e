// Control flow: labels, switch, try/finally routing, destructuring, spread, iterators.
outer: for (let i = 0; i < 3; i++) {
  for (let j = 0; j < 3; j++) {
    if (j === 1) continue outer;
    if (i === 2) break outer;
    console.log('pair', i, j);
  }
}
function f(x) {
  try { if (x) return 'early'; } finally { console.log('finally ran'); }
  return 'late';
}
console.log(f(true), f(false));
switch (3) { case 1: console.log('one'); case 3: console.log('three'); case 4: console.log('four'); break; default: console.log('none'); }
const { a, b: [c, , e = 5], ...rest } = { a: 1, b: [2, 3], x: 9, y: 10 };
console.log(a, c, e, JSON.stringify(rest));
const [p, ...q] = new Set([1, 2, 3]);
console.log(p, q.length, Math.max(...q));
let s = 0; for (const [k, val] of new Map([['a', 1], ['b', 2]])) s += val;
console.log('sum', s);
for (const k in { x: 1, y: 2 }) console.log('key', k);
console.log(null ?? 'dflt', undefined?.x, ({ z: { w: 1 } }).z?.w);
