// Host globals that behave the same in node: structuredClone, TextDecoder, performance, process.
const log = (...a) => console.log(...a);

const original = { n: 1, s: 'str', nested: { arr: [1, 2, { deep: true }] }, u: undefined, nul: null };
original.self = original;
original.map = new Map([['k', { v: 1 }]]);
original.set = new Set([1, 'two']);
original.re = /ab+c/gi;
const copy = structuredClone(original);
log(copy !== original, copy.self === copy, copy.nested.arr[2].deep, copy.map.get('k').v);
log(copy.set.has('two'), copy.re.source, copy.re.flags, 'u' in copy, copy.nul);
const shared = { x: 1 };
const pair = structuredClone([shared, shared]);
log(pair[0] === pair[1]);
const err = structuredClone(new RangeError('bad range'));
log(err instanceof RangeError, err.message);
for (const bad of [() => 1, Symbol('s')]) {
  try {
    structuredClone(bad);
    log('cloned?');
  } catch (e) {
    log(e.name);
  }
}
try {
  structuredClone({ f() {} });
} catch (e) {
  log('nested:', e.name);
}

log(new TextDecoder().decode(new TextEncoder().encode('héllo ✓')));
log(new TextEncoder().encode('é').length, new TextDecoder().encoding);

const t0 = performance.now();
log(typeof t0, t0 >= 0, typeof performance.timeOrigin, performance.timeOrigin > 1.6e12);

log(Array.isArray(process.argv), typeof process.env, typeof process.exit, typeof process.platform);
process.nextTick((a, b) => log('tick args', a, b), 'A', 'B');

setTimeout(() => {
  const t1 = performance.now();
  log('time moved on:', t1 > t0);
}, 20);
