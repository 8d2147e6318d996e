// Async generators, yield* delegation and for await.
const log = (...a) => console.log(...a);
const show = (r) => JSON.stringify(r);
const tick = (tag) => Promise.resolve().then(() => log('tick', tag));

// Interleaving of yields, awaits and other promise jobs.
async function* counter(n) {
  for (let i = 0; i < n; i++) {
    log('before yield', i);
    const sent = yield i;
    log('sent', sent);
    await null;
  }
  return 'counted';
}

// Sync generators: return() and throw() run finally blocks and close delegated iterators.
function* inner() {
  try { yield 1; yield 2; } finally { log('inner finally'); }
}
function* outer() {
  try { const r = yield* inner(); log('inner returned', r); } finally { log('outer finally'); }
}
function syncDelegation() {
  const a = outer();
  log(show(a.next()), show(a.return(7)), show(a.next()));
  const b = outer();
  b.next();
  try { b.throw(new Error('thrown in')); } catch (e) { log('sync throw', e.message); }
  const noThrow = { [Symbol.iterator]() { return this; }, next() { return { value: 'n', done: false }; },
    return() { log('closed'); return {}; } };
  const c = (function* () { yield* noThrow; })();
  c.next();
  try { c.throw(1); } catch (e) { log(e.constructor.name); }
  // return() while a finally block is suspended, and a nested generator's return inside it.
  const d = (function* () { try { yield 1; } finally { yield 'f'; outer().return(0); } })();
  d.next();
  log(show(d.return(5)), show(d.next()));
}

// return() at a yield inside a destructuring pattern closes the pattern's iterator; a throw
// while assigning closes it too (ignoring errors from return()); an iterator is closed once.
function destructuringClose() {
  const iterable = (tag, fail) => ({ [Symbol.iterator]() {
    return { next() { return { value: undefined, done: false }; },
      return() { log('closed', tag); if (fail) throw new Error('from return ' + tag); return {}; } };
  } });
  const g = (function* () { const [a = yield 'in pattern'] = iterable('pattern'); log('unreachable', a); })();
  log(show(g.next()), show(g.return('r')));
  const h = (function* () { for (const [x = yield 'loop'] of [iterable('loop pattern')]) log('body', x); })();
  h.next();
  log(show(h.return('r2')));
  try { const [p = (() => { throw new Error('initializer'); })()] = iterable('on throw', true); log(p); }
  catch (e) { log(e.message); }
  function first(it) { for (const x of it) return x; }
  try { first(iterable('loop return', true)); } catch (e) { log(e.message); }
}

async function main() {
  syncDelegation();
  destructuringClose();

  const g = counter(3);
  // Three requests queued at once: each settles in order.
  const ps = [g.next('a'), g.next('b'), g.next('c')];
  tick(1);
  for (const p of ps) log(show(await p));
  log(show(await g.next('d')), show(await g.next('e')));

  // return() on a suspended generator runs its finally block and awaits the value.
  async function* withFinally() {
    try { yield 1; yield 2; } finally { log('cleanup'); await null; log('cleanup done'); }
  }
  const f = withFinally();
  log(show(await f.next()));
  log(show(await f.return(Promise.resolve('early'))));
  log(show(await f.next()));

  // return() and throw() before the generator started.
  const s1 = withFinally();
  log(show(await s1.return('unstarted')));
  const s2 = withFinally();
  await s2.throw(new Error('unstarted throw')).catch((e) => log('rejected', e.message));
  log(show(await s2.next()));

  // throw() into a suspended generator, caught inside.
  async function* catcher() {
    while (true) {
      try { yield 'waiting'; } catch (e) { log('caught inside', e); yield 'recovered'; }
    }
  }
  const c = catcher();
  await c.next();
  log(show(await c.throw('boom')));
  log(show(await c.return('bye')));

  // yield awaits its operand; rejected operands throw at the yield.
  async function* awaitsOperand() {
    yield Promise.resolve('resolved operand');
    try { yield Promise.reject(new Error('rejected operand')); } catch (e) { yield 'caught ' + e.message; }
  }
  for await (const v of awaitsOperand()) log('operand', v);

  // for await with break closes the generator (its finally runs before the loop continues).
  for await (const v of counter(10)) {
    log('loop', v);
    if (v === 1) break;
  }
  async function* closable() {
    try { yield 'a'; yield 'b'; } finally { log('closable finally'); }
  }
  for await (const v of closable()) {
    log('got', v);
    break;
  }
  try {
    for await (const v of closable()) throw new Error('from body ' + v);
  } catch (e) {
    log('body error', e.message);
  }
  async function firstOf(it) { for await (const v of it) return v; }
  log('firstOf', await firstOf(closable()));

  // for await over sync iterables: values (and promises) are awaited.
  for await (const v of [1, Promise.resolve(2), 3]) log('sync iterable', v);

  // yield* to sync and async iterables, with the inner return values.
  async function* delegating() {
    const r1 = yield* [10, 20];
    log('array delegate returned', r1);
    const r2 = yield* counter(2);
    log('async delegate returned', r2);
    return 'delegation done';
  }
  const d = delegating();
  let r;
  while (!(r = await d.next('x')).done) log('delegated', r.value);
  log('final', r.value);

  // return() while delegating forwards to the inner generator.
  const d2 = delegating();
  await d2.next();
  await d2.next();
  log(show(await d2.next()));
  log(show(await d2.return('stop')));

  // Results are promises of iterator results, also for completed generators.
  const done = counter(0);
  const p = done.next();
  log(p instanceof Promise, show(await p), show(await done.next()));
  log(Object.prototype.toString.call(done), typeof done[Symbol.asyncIterator]);
}

main().then(() => log('end'), (e) => log('error', e));
log('sync end');
