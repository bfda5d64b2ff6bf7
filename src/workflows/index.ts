// The workflow bundle's entry: every workflow type the worker runs.
export { dibaoWorkflow, educationWorkflow, housingWorkflow, medicalWorkflow, tekunWorkflow } from './assessed.js';
export { applicationWorkflow } from './application.js';
export { deliberationWorkflow } from './deliberation.js';
export { temporaryWorkflow } from './temporary.js';
