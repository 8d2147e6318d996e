// Generators and async functions.
function* range(n) { for (let i = 0; i < n; i++) yield i; return 'done'; }
console.log([...range(4)].join(' '));
const it = range(2);
console.log(JSON.stringify([it.next(), it.next(), it.next(), it.next()]));
function* deleg() { yield* range(2); yield 'x'; }
console.log([...deleg()].join(','));
async function add(a, b) { await null; return a + b; }
add(2, 3).then((v) => console.log('async', v));
(async () => {
  try { await Promise.reject(new Error('nope')); } catch (e) { console.log('caught', e.message); }
  const all = await Promise.all([1, add(1, 1), Promise.resolve(3)]);
  console.log('all', all.join(','));
})();
console.log('sync first');
