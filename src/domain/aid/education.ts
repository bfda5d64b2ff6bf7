import { active, decidable, supplementRules } from '../action-rules.js';
import type { AssessedStep } from '../cases.js';
import type { AssessedDeclaration } from './declaration.js';

const steps = ['school-investigation', 'decision'] as const satisfies readonly AssessedStep[];

/**
 * 教育救助, 004; 001: decided by the education department (region policy: 22 working days). Existing
 * civil-affairs recipients are eligible from our records; others need the school's investigation —
 * never a hardship certificate.
 */
export const education = {
  type: 'education',
  name: '教育救助',
  department: 'jiaoyu',
  workflowType: 'educationWorkflow',
  steps,
  clockFrom: 'acceptance',
  skippedForRecipients: ['school-investigation'],
  actions: {
    'record-school-investigation': { caseworker: active('school-investigation'), approver: active('school-investigation') },
    ...supplementRules(steps),
    decide: { approver: decidable },
  },
  approval: { requires: [], allows: ['amountFen', 'measures'] },
  policyKeys: ['case-clock', 'dibao', 'commitments'],
} satisfies AssessedDeclaration;
