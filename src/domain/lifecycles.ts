import type { AssessedStep, CaseType } from './cases.js';

/** The steps an assessed aid type goes through before its decision, as the policy describes it. */
export interface Lifecycle {
  steps: readonly AssessedStep[];
  /** Where an upheld publicity objection sends the case back to. */
  publicityReturnsTo?: AssessedStep;
  /** 公租房: the clock runs from the end of publicity without objection, not from acceptance. */
  clockFrom: 'acceptance' | 'publicity-end';
  /** Steps our own records make unnecessary for an existing 低保/特困 recipient. */
  skippedForRecipients?: readonly AssessedStep[];
}

export type AssessedType = Exclude<CaseType, 'temporary'>;

export const LIFECYCLES: Record<AssessedType, Lifecycle> = {
  dibao: { steps: ['economic-check', 'home-visit', 'publicity', 'decision'], publicityReturnsTo: 'home-visit', clockFrom: 'acceptance' },
  tekun: { steps: ['economic-check', 'home-visit', 'publicity', 'decision'], publicityReturnsTo: 'home-visit', clockFrom: 'acceptance' },
  // Recipients of 低保/特困 are already checked: their status comes from our records (004).
  medical: { steps: ['economic-check', 'decision'], clockFrom: 'acceptance', skippedForRecipients: ['economic-check'] },
  // Civil-affairs recipients are eligible from our records; others need the school's investigation.
  education: { steps: ['school-investigation', 'decision'], clockFrom: 'acceptance', skippedForRecipients: ['school-investigation'] },
  housing: { steps: ['street-review', 'publicity', 'decision'], publicityReturnsTo: 'street-review', clockFrom: 'publicity-end' },
};

/** The steps this case takes, given whether our records show it as an existing recipient. */
export function stepsFor(type: AssessedType, isRecipient: boolean): AssessedStep[] {
  const l = LIFECYCLES[type];
  return l.steps.filter((s) => !(isRecipient && l.skippedForRecipients?.includes(s)));
}

/** The step after `current` in this case's path. */
export function stepAfter(steps: readonly AssessedStep[], current: AssessedStep): AssessedStep {
  const i = steps.indexOf(current);
  return i >= 0 && i + 1 < steps.length ? steps[i + 1]! : 'closed';
}
