import type { Bilingual } from './catalogue.js';
/** The aid types a case can be, its statuses, and every step a lifecycle may pass through. */
export const CASE_TYPES = ['dibao', 'tekun', 'medical', 'housing', 'education', 'temporary', 'disaster', 'defacto-orphan', 'employment', 'legal-aid', 'orphan'] as const;
export type CaseType = (typeof CASE_TYPES)[number];

/** `revoked`: a commitment (告知承诺) proved false after the fact. */
export const CASE_STATUSES = ['open', 'approved', 'rejected', 'withdrawn', 'revoked'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Steps of the assessed lifecycles (低保, 特困, 医疗, 教育, 公租房, 就业, 法律援助, 孤儿): which a type goes through is in its declaration. */
export const ASSESSED_STEPS = ['economic-check', 'school-investigation', 'street-review', 'assessment', 'home-visit', 'publicity', 'decision', 'closed'] as const;
export type AssessedStep = (typeof ASSESSED_STEPS)[number];

/** 临时救助: approval (street) → county review (above the street's authority) → deliberation (一事一议) → money. */
const TEMPORARY_STEPS = ['approval', 'county-review', 'deliberation', 'payment', 'paperwork', 'installments', 'closed'] as const;
export type TemporaryStep = (typeof TEMPORARY_STEPS)[number];

export const CASE_STEPS = [...new Set([...ASSESSED_STEPS, ...TEMPORARY_STEPS])] as Array<AssessedStep | TemporaryStep>;
export type CaseStep = AssessedStep | TemporaryStep;

/** Each step's name as caseworkers say it: in history entries, and in the console (web/src/labels.ts). */
export const STEP_NAMES: Record<CaseStep, string> = {
  'economic-check': '家庭经济状况核对',
  'school-investigation': '学校调查',
  'street-review': '街道审核',
  assessment: '审查评估',
  'home-visit': '入户调查',
  publicity: '公示',
  decision: '审批决定',
  approval: '街道审批',
  'county-review': '区县审批',
  deliberation: '一事一议',
  payment: '发放',
  paperwork: '补办材料',
  installments: '分阶段救助',
  closed: '已办结',
};

export type AssessedType = Exclude<CaseType, 'temporary'>;

/**
 * What our records say a person already receives: 低保 or 特困, or a 低收入 (低保边缘) recognition of their
 * household — each counts as an existing recipient for 医疗/教育/公租房 (their shortcuts).
 */
export type Recipience = 'dibao' | 'tekun' | 'low-income';

/** A step's name in a message: as caseworkers say it in Chinese, its id in English. */
export const stepName = (step: string): Bilingual => ({ zh: (STEP_NAMES as Record<string, string>)[step] ?? step, en: step });
