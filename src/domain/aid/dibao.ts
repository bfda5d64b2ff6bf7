import { PUBLICITY_RULES, active, decidable, supplementRules } from '../action-rules.js';
import type { AssessedStep } from '../cases.js';
import type { AssessedDeclaration } from './declaration.js';

const steps = ['economic-check', 'home-visit', 'publicity', 'decision'] as const satisfies readonly AssessedStep[];

/**
 * 最低生活保障 (低保), 001 §二(一), 004. A household whose per-capita income is below the local standard
 * (policy `dibao-standard`) and whose assets are within the rules. The street checks the household's
 * economy (家庭经济状况核对), visits it (入户调查), publicises the result for the policy's days (`dibao`:
 * publicityDays, 7 in both seeded regions) and decides within the deadline (`case-clock`: 22 working days
 * from acceptance, 004). An upheld objection sends the case back to the home visit.
 */
export const dibao = {
  type: 'dibao',
  name: '低保',
  department: 'minzheng',
  workflowType: 'dibaoWorkflow',
  steps,
  publicityReturnsTo: 'home-visit',
  clockFrom: 'acceptance',
  actions: {
    'record-economic-check': { caseworker: active('economic-check') },
    'record-home-visit': { caseworker: active('home-visit') },
    ...PUBLICITY_RULES,
    // Street approval of 低保 is delegated in both seeded regions; the county approver may decide too.
    decide: { caseworker: decidable, approver: decidable },
    ...supplementRules(steps),
  },
  // The amount is computed from the household and the standard (decision-gate.ts); a figure named must agree.
  approval: { requires: [], allows: ['monthlyAmountFen', 'employedMembers'], lowIncome: true },
  policyKeys: ['case-clock', 'dibao', 'dibao-standard', 'commitments'],
} satisfies AssessedDeclaration;
