import { PUBLICITY_RULES, active, decidable, supplementRules } from '../action-rules.js';
import type { AssessedStep } from '../cases.js';
import type { AssessedDeclaration } from './declaration.js';

const steps = ['street-review', 'publicity', 'decision'] as const satisfies readonly AssessedStep[];

/**
 * 公共租赁住房租赁补贴, 004: the street reviews and publicises; the housing department confirms within
 * 30 working days counted from the end of publicity without objection (not from acceptance).
 */
export const housing = {
  type: 'housing',
  name: '公租房租赁补贴',
  department: 'zhujian',
  workflowType: 'housingWorkflow',
  steps,
  publicityReturnsTo: 'street-review',
  clockFrom: 'publicity-end',
  actions: {
    'record-street-review': { caseworker: active('street-review') },
    ...PUBLICITY_RULES,
    ...supplementRules(steps),
    decide: { approver: decidable },
  },
  approval: { requires: ['monthlyAmountFen'], allows: [] },
  policyKeys: ['case-clock', 'dibao', 'commitments'],
} satisfies AssessedDeclaration;
