// A sample of the core builtins.
console.log([3, 1, 2].sort().join(), [1, 2, 3].map((x) => x * 2).filter((x) => x > 2).reduce((a, b) => a + b, 0));
console.log('abc'.toUpperCase(), ' x '.trim(), 'a-b-c'.split('-').length, 'abc'.at(-1), 'x'.padStart(3, '0'));
console.log((255).toString(16), (0.1 + 0.2).toFixed(2), Number('12.5'), parseInt('08'), 1e21, 1 / 3);
console.log(JSON.stringify({ a: [1, { b: 2 }], c: 'x' }), JSON.parse('[1,"2",{"3":4}]')[2][3]);
console.log(Object.keys({ b: 1, a: 2, 1: 3 }).join(), Object.entries({ x: 1 })[0].join('='));
const m = new Map(); m.set('k', 1); console.log(m.get('k'), m.size, new Set([1, 1, 2]).size);
console.log(typeof Symbol.iterator, Symbol('d').toString(), Math.max(1, 5, 3), Math.round(2.5));
console.log(Array.from({ length: 3 }, (_, i) => i * i).join(), Array.isArray([]), [1, [2, [3]]].flat(Infinity).length);
console.log(encodeURIComponent('a b&c'), isNaN('x'), [..."héllo"].length);
const e = new RangeError('bad', { cause: 'why' });
console.log(e.name, e.message, e.cause, e instanceof Error);
