// The workflow bundle's entry: every workflow type the worker runs.
export { dibaoWorkflow } from './dibao.js';
export { deliberationWorkflow } from './deliberation.js';
export { temporaryWorkflow } from './temporary.js';
