import { SUPPLEMENT_RULES, active, decidable } from '../action-rules.js';
import type { AssessedDeclaration } from './declaration.js';

/**
 * 教育救助, 004; 001: decided by the education department (region policy: 22 working days). Existing
 * civil-affairs recipients are eligible from our records; others need the school's investigation —
 * never a hardship certificate.
 */
export const education: AssessedDeclaration = {
  type: 'education',
  name: '教育救助',
  department: 'jiaoyu',
  workflowType: 'educationWorkflow',
  steps: ['school-investigation', 'decision'],
  clockFrom: 'acceptance',
  skippedForRecipients: ['school-investigation'],
  actions: {
    'record-school-investigation': { caseworker: active('school-investigation'), approver: active('school-investigation') },
    ...SUPPLEMENT_RULES,
    decide: { approver: decidable },
  },
  approval: { requires: [] },
  policyKeys: ['case-clock', 'dibao', 'commitments'],
};
