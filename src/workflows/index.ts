// The workflow bundle's entry: every workflow type the worker runs. Each assessed aid type runs its
// declaration (src/domain/aid/<type>.ts) on the assessed lifecycle; 临时救助 has its own.
import { assessedCaseWorkflow } from './assessed.js';
import type { CaseInput } from './messages.js';

export const dibaoWorkflow = (input: CaseInput) => assessedCaseWorkflow(input, 'dibao');
export const tekunWorkflow = (input: CaseInput) => assessedCaseWorkflow(input, 'tekun');
export const medicalWorkflow = (input: CaseInput) => assessedCaseWorkflow(input, 'medical');
export const educationWorkflow = (input: CaseInput) => assessedCaseWorkflow(input, 'education');
export const housingWorkflow = (input: CaseInput) => assessedCaseWorkflow(input, 'housing');
export const disasterWorkflow = (input: CaseInput) => assessedCaseWorkflow(input, 'disaster');
export const employmentWorkflow = (input: CaseInput) => assessedCaseWorkflow(input, 'employment');
export const legalAidWorkflow = (input: CaseInput) => assessedCaseWorkflow(input, 'legal-aid');
export const orphanWorkflow = (input: CaseInput) => assessedCaseWorkflow(input, 'orphan');
export const defactoOrphanWorkflow = (input: CaseInput) => assessedCaseWorkflow(input, 'defacto-orphan');
export { applicationWorkflow } from './application.js';
export { deliberationWorkflow } from './deliberation.js';
export { temporaryWorkflow } from './temporary.js';
export { benefitWorkflow } from './benefit.js';
export { payrollWorkflow } from './payroll.js';
export { countyReconciliationWorkflow, reconciliationScheduleWorkflow } from './reconciliation.js';
export { careWatchScheduleWorkflow, countyCareWatchWorkflow } from './care-watch.js';
