import type { IsoDate } from '../domain/dates.js';
import { openBenefitsOfHousehold } from '../db/benefits.js';
import { householdChangeStep } from '../db/decision-facts.js';
import { benefitHouseholdChangedSignal } from '../workflows/messages.js';
import type { ApiDeps } from './deps.js';
import { signalWorkflow } from './workflow-calls.js';

/**
 * A change of the household register reaches its 低保 benefits: each hears the household's facts from
 * the change's day and recomputes from the month after it (the benefit's plan decides the month, the
 * 渐退期, a stop or the way out of it). The same change again is heard once. A benefit still being
 * opened by a decision catches up with the change itself (its decision took the household first).
 */
export async function recomputeBenefits(deps: Pick<ApiDeps, 'db' | 'temporal'>, householdId: string, change: { changeId: string; effectiveOn: IsoDate; reason: string }): Promise<string[]> {
  const open = await openBenefitsOfHousehold(deps.db, householdId);
  if (open.length === 0) return [];
  const step = await householdChangeStep(deps.db, householdId, change);
  if (!step) return [];
  for (const benefitId of open) await signalWorkflow(deps.temporal, benefitId, benefitHouseholdChangedSignal, step);
  return open;
}
