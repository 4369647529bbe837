// The workflows a kaiku worker runs; the worker bundles this file.
export { pollSource } from './poll-source.js';
export { approveItem } from './approve-item.js';
