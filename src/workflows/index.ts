// The workflow bundle's entry: every workflow type the worker runs.
export { dibaoWorkflow } from './dibao.js';
