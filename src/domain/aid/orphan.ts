import { active, decidable, supplementRules } from '../action-rules.js';
import type { AssessedStep } from '../cases.js';
import type { AssessedDeclaration } from './declaration.js';

const steps = ['home-visit', 'decision'] as const satisfies readonly AssessedStep[];

/**
 * 孤儿基本生活保障, 001 §二(一): a child who has lost both parents, or whose parents cannot be found.
 * The child is the applicant; the guardian (监护人) receives the money. The street visits the child's
 * home (入户调查); the county's civil-affairs approver decides within the region's working days
 * (`case-clock`, ours: 22). The monthly amount is the standard (`child-standard`) unless the approver
 * names another; the benefit pays the guardian each month and ends by itself after the month of the
 * 18th birthday — or of the policy's study age for a child still in full-time study.
 */
export const orphan = {
  type: 'orphan',
  name: '孤儿基本生活保障',
  department: 'minzheng',
  workflowType: 'orphanWorkflow',
  steps,
  clockFrom: 'acceptance',
  actions: {
    'record-home-visit': { caseworker: active('home-visit') },
    ...supplementRules(steps),
    decide: { approver: decidable },
  },
  approval: { requires: [], allows: ['monthlyAmountFen', 'fullTimeStudy'] },
  policyKeys: ['case-clock', 'dibao', 'commitments', 'child-standard', 'benefits'],
} satisfies AssessedDeclaration;

/**
 * 事实无人抚养儿童基本生活补贴, 001 §二(一): a child whose parents are both severely disabled, seriously
 * ill, imprisoned or in compulsory drug rehabilitation — or one of them dead or missing and the other
 * so (domain/child.ts). The same path, deciders, payee and end as 孤儿, at its own standard.
 */
export const defactoOrphan = {
  ...orphan,
  type: 'defacto-orphan',
  name: '事实无人抚养儿童基本生活补贴',
  workflowType: 'defactoOrphanWorkflow',
} satisfies AssessedDeclaration;
