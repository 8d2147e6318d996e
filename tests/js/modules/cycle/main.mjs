// A module graph with a cycle (a <-> b), live bindings, top-level await, namespaces,
// re-exports, default exports and dynamic import.
import { count, increment, fromB, order } from './a.mjs';
import * as b from './b.mjs';
import greet, { tdzProbe } from './b.mjs';
import { nsOfA, renamed } from './reexports.mjs';

order.push('main');
console.log('order:', order.join(' '));
console.log('count before:', count);
increment();
increment();
console.log('count after (live binding):', count, nsOfA.count);
console.log('fromB:', fromB(), b.bValue, renamed);
console.log('default export:', greet('modules'), greet.name);
console.log('TDZ seen by b during the cycle:', tdzProbe);
console.log('namespace keys:', Object.keys(b).join(','), Object.prototype.toString.call(b));
console.log('namespace is frozen-ish:', Object.isExtensible(b), Reflect.set(b, 'bValue', 1));
const again = await import('./a.mjs');
console.log('dynamic import is the same namespace:', again === nsOfA, again.count);
try {
  await import('./missing.mjs');
} catch (e) {
  console.log('missing module rejects:', e instanceof Error);
}
console.log('import.meta.url is a file URL:', import.meta.url.startsWith('file:///'), import.meta.url.endsWith('/cycle/main.mjs'));
