// Timer / microtask ordering, checked against node (only orderings node guarantees).
const log = (...a) => console.log(...a);

log('script start');
process.nextTick(() => log('tick 1'));
Promise.resolve().then(() => {
  log('promise 1');
  process.nextTick(() => log('tick from promise'));
  Promise.resolve().then(() => log('promise from promise'));
});
queueMicrotask(() => log('microtask 1'));
process.nextTick(() => {
  log('tick 2');
  Promise.resolve().then(() => log('promise from tick'));
  process.nextTick(() => log('tick from tick'));
});

// Same delay: scheduling order. Different delays: by deadline.
setTimeout(() => log('t30'), 30);
setTimeout(() => log('t20 a'), 20);
setTimeout(() => log('t20 b'), 20);
setTimeout((a, b, c) => log('args', a, b, c), 25, 1, 'two', [3]);
const dead = setTimeout(() => log('never'), 5);
clearTimeout(dead);
clearTimeout(undefined);
clearTimeout(12345);

// Inside a timer callback: microtasks run after each callback, before the next timer;
// setImmediate runs before a new setTimeout(0).
setTimeout(() => {
  log('timer A');
  Promise.resolve().then(() => log('timer A promise'));
  process.nextTick(() => log('timer A tick'));
  setTimeout(() => log('timeout from timer A'), 0);
  setImmediate(() => {
    log('immediate from timer A');
    process.nextTick(() => log('immediate tick'));
    Promise.resolve().then(() => log('immediate promise'));
  });
  setImmediate(() => log('immediate 2 from timer A'));
}, 40);
setTimeout(() => log('timer B (same deadline as A)'), 40);

// Intervals cleared after N runs, interleaved with a long timeout.
let n = 0;
const iv = setInterval((tag) => {
  n++;
  log('interval', tag, n);
  if (n === 3) {
    clearInterval(iv);
    setTimeout(() => log('after interval'), 100);
  }
}, 60, 'iv');

// Nested timers keep their order.
setTimeout(() => {
  log('outer');
  setTimeout(() => {
    log('inner');
    setTimeout(() => log('innermost'), 0);
  }, 0);
}, 400);

// Delays that are not positive numbers act as 1 ms.
setTimeout(() => log('nan delay'), 'abc');

// clearImmediate.
setTimeout(() => {
  const im = setImmediate(() => log('never immediate'));
  setImmediate(() => log('kept immediate'));
  clearImmediate(im);
}, 500);

// Errors thrown and caught inside callbacks do not disturb the loop.
setTimeout(() => {
  try {
    throw new Error('caught in timer');
  } catch (e) {
    log('caught:', e.message);
  }
}, 550);

// async/await across timers.
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
(async () => {
  await sleep(600);
  log('slept 600');
  const results = await Promise.all([sleep(10).then(() => 'x'), sleep(5).then(() => 'y')]);
  log('all', results.join(','));
})();

log('script end');
