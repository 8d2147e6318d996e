import { increment, order } from './a.mjs';
// `increment` is a hoisted function of a (instantiated at link time), but `order` is still in
// its TDZ: a has not run yet.
export let tdzProbe;
try {
  order.push('never');
} catch (e) {
  tdzProbe = e.constructor.name;
}
typeof increment;
await Promise.resolve();
export const bValue = 'b-value';
export default function (who) {
  return 'hello ' + who;
}
