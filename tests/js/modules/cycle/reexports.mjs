export * as nsOfA from './a.mjs';
export { bValue as renamed } from './b.mjs';
export * from './b.mjs';
