import { active, decidable, supplementRules } from '../action-rules.js';
import { MEASURE_SHAPES } from '../action-payloads.js';
import type { AssessedStep } from '../cases.js';
import type { AssessedDeclaration } from './declaration.js';

const steps = ['assessment', 'decision'] as const satisfies readonly AssessedStep[];

/**
 * 法律援助, 001 §二(六): the justice department (司法) assigns a lawyer or gives advice in matters close
 * to people's livelihood — labour, marriage and family, education, medical — and defends in criminal
 * cases a defendant without means (刑事案件律师辩护全覆盖). The street records the matter (审查评估); the
 * department's approver decides within the region's working days (`case-clock`, ours: 7 — the legal aid
 * law's seven days to examine an application).
 */
export const legalAid = {
  type: 'legal-aid',
  name: '法律援助',
  department: 'sifa',
  workflowType: 'legalAidWorkflow',
  steps,
  clockFrom: 'acceptance',
  actions: {
    'record-assessment': { caseworker: active('assessment'), approver: active('assessment') },
    ...supplementRules(steps),
    decide: { approver: decidable },
  },
  approval: { requires: ['measures'], allows: ['lawyer'], shapes: { measures: MEASURE_SHAPES['legal-aid'] } },
  policyKeys: ['case-clock', 'dibao', 'commitments'],
} satisfies AssessedDeclaration;

/** 法律援助 matters (001 §二(六)): labour, marriage and family, education, medical — and criminal defence. */
export const LEGAL_AID_KINDS = ['labour', 'family', 'education', 'medical', 'criminal-defence', 'other'] as const;
export type LegalAidKind = (typeof LEGAL_AID_KINDS)[number];
