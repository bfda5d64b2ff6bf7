import { ASSESSED } from './aid/index.js';
import { stepsFor } from './aid/declaration.js';
import { temporarySteps } from './aid/temporary.js';
import { STEP_NAMES, type CaseStep } from './cases.js';
import type { CaseView } from './views.js';

export interface StepOfCase {
  step: CaseStep;
  label: string;
}

/**
 * The steps this case goes through, in order and named as caseworkers say them (the console's 步骤条):
 * its type's declared steps (less those our records make unnecessary), ending with 已办结.
 */
export function caseSteps(c: Pick<CaseView, 'type' | 'step' | 'recipientOf' | 'temporary'>): StepOfCase[] {
  const own: CaseStep[] = c.type === 'temporary' ? (c.temporary ? temporarySteps(c.step, c.temporary) : []) : stepsFor(ASSESSED[c.type], c.recipientOf.length > 0);
  // 受灾人员救助 is paid after its decision, once or month by month, before it is closed.
  const paid: CaseStep[] = c.type === 'disaster' ? ['installments'] : [];
  return [...own, ...paid, 'closed' as const].map((step) => ({ step, label: STEP_NAMES[step] }));
}
