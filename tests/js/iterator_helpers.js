// Iterator helpers (ES2025 §27.1). node 20 lacks them, so the expected output was checked by
// hand; every line prints plain strings, numbers and booleans.

function* nat() {
  let i = 0;
  while (true) yield i++;
}

// Lazy adapters compose over an infinite generator.
console.log(nat().map((x) => x * x).filter((x) => x % 2 === 1).drop(1).take(3).toArray().join());
console.log(nat().take(3).flatMap((x) => [x, -x]).toArray().join());
console.log([1, 2, 3].values().map((x, i) => `${i}:${x}`).toArray().join(' '));

// Eager consumers.
console.log(nat().take(5).reduce((a, b) => a + b), nat().take(4).reduce((a, b) => a + b, 100));
console.log(nat().some((x) => x > 10), nat().take(3).every((x) => x < 3), nat().find((x) => x * x > 50));
let seen = [];
console.log(nat().take(3).forEach((x, i) => seen.push(x + i)), seen.join());

// Short-circuiting closes the underlying iterator.
let log = [];
function* tracked() {
  try {
    yield 1;
    yield 2;
    yield 3;
  } finally {
    log.push('closed');
  }
}
console.log(tracked().find((x) => x === 2), log.join());
log = [];
let helper = tracked().map((x) => x * 10);
console.log(helper.next().value, JSON.stringify(helper.return()), log.join(), JSON.stringify(helper.next()));

// return() before the first next() closes the underlying iterator at once.
let closed = 0;
let raw = { next: () => ({ done: false, value: 7 }), return: () => (closed++, {}) };
let taken = Iterator.from(raw).take(1);
taken.return();
console.log(closed, JSON.stringify(taken.next()));

// Iterator.from wraps a plain iterator and passes an Iterator through.
let wrapped = Iterator.from(raw);
console.log(wrapped instanceof Iterator, wrapped.next().value, Iterator.from(nat()) instanceof Iterator);
console.log(Iterator.from('ab').toArray().join('|'));

// The constructor is abstract but subclassable.
try {
  new Iterator();
} catch (e) {
  console.log(e.name);
}
class Counter extends Iterator {
  constructor(n) {
    super();
    this.n = n;
  }
  next() {
    return this.n > 0 ? { done: false, value: this.n-- } : { done: true, value: undefined };
  }
}
console.log(new Counter(4).map((x) => x * 2).toArray().join());

// Argument validation: RangeError for a bad limit, TypeError for a non-callable mapper.
for (const bad of [-1, NaN, 2 ** 53]) {
  try {
    nat().take(bad);
  } catch (e) {
    console.log('take', bad, e.name);
  }
}
try {
  nat().map(1);
} catch (e) {
  console.log('map', e.name);
}

// A helper cannot be resumed while it is running.
let self;
self = nat().map(() => self.next());
try {
  self.next();
} catch (e) {
  console.log('reentry', e.name);
}

// Accessors on Iterator.prototype.
console.log(Iterator.prototype.constructor === Iterator, Iterator.prototype[Symbol.toStringTag]);
console.log(Object.prototype.toString.call(nat().map((x) => x)));
let sub = Object.create(Iterator.prototype);
sub.constructor = 'mine';
console.log(sub.constructor, Object.hasOwn(sub, 'constructor'), Iterator.prototype.constructor === Iterator);

// Iterator.concat opens each iterable lazily, in order.
console.log(Iterator.concat([1, 2], new Set([3]), 'xy'.split('')).toArray().join());
