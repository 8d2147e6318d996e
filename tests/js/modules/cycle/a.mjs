import { bValue, tdzProbe } from './b.mjs';
export const order = [];
export let count = 0;
export function increment() {
  count++;
}
export function fromB() {
  return bValue + '!';
}
order.push('a(after b: ' + bValue + ', probe: ' + tdzProbe + ')');
