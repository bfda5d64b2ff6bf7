import { active, decidable, supplementRules } from '../action-rules.js';
import { MEASURE_SHAPES } from '../action-payloads.js';
import type { AssessedStep } from '../cases.js';
import type { AssessedDeclaration } from './declaration.js';

const steps = ['assessment', 'decision'] as const satisfies readonly AssessedStep[];

/**
 * 就业救助, 001 §二(五): the human-resources department (人社) helps a person in hardship who can work
 * into a job — public-welfare jobs (公益性岗位), free skills training with a living allowance during it
 * (培训期间生活补助), job referral (岗位对接), support to start a business. The street records what the
 * person wishes and can do (审查评估); the department's approver decides the measures within the
 * region's working days (`case-clock`, ours: 22). The training allowance is granted once, with the decision.
 */
export const employment = {
  type: 'employment',
  name: '就业救助',
  department: 'renshe',
  workflowType: 'employmentWorkflow',
  steps,
  clockFrom: 'acceptance',
  actions: {
    'record-assessment': { caseworker: active('assessment'), approver: active('assessment') },
    ...supplementRules(steps),
    decide: { approver: decidable },
  },
  approval: { requires: ['measures'], allows: ['trainingAllowanceFen'], shapes: { measures: MEASURE_SHAPES.employment } },
  policyKeys: ['case-clock', 'dibao', 'commitments'],
} satisfies AssessedDeclaration;
