import { PUBLICITY_RULES, SUPPLEMENT_RULES, active, decidable } from '../action-rules.js';
import type { AssessedDeclaration } from './declaration.js';

/**
 * 公共租赁住房租赁补贴, 004: the street reviews and publicises; the housing department confirms within
 * 30 working days counted from the end of publicity without objection (not from acceptance).
 */
export const housing: AssessedDeclaration = {
  type: 'housing',
  name: '公租房租赁补贴',
  department: 'zhujian',
  workflowType: 'housingWorkflow',
  steps: ['street-review', 'publicity', 'decision'],
  publicityReturnsTo: 'street-review',
  clockFrom: 'publicity-end',
  actions: {
    'record-street-review': { caseworker: active('street-review') },
    ...PUBLICITY_RULES,
    ...SUPPLEMENT_RULES,
    decide: { approver: decidable },
  },
  approval: { requires: ['monthlyAmountFen'] },
  policyKeys: ['case-clock', 'dibao', 'commitments'],
};
