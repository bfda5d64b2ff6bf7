import { benefitFactsOf } from '../domain/eligibility.js';
import type { IsoDate } from '../domain/dates.js';
import { openBenefitsOfHousehold } from '../db/benefits.js';
import { householdOn } from '../db/households.js';
import { eligibilityPolicy } from '../db/policies.js';
import { benefitHouseholdChangedSignal } from '../workflows/messages.js';
import type { ApiDeps } from './deps.js';
import { signalWorkflow } from './workflow-calls.js';

/**
 * A change of the household register reaches its 低保 benefits: each hears the household's facts from
 * the change's day and recomputes from the month after it (the benefit's plan decides the month, the
 * 渐退期, a stop or the way out of it). The same change again is heard once.
 */
export async function recomputeBenefits(deps: Pick<ApiDeps, 'db' | 'temporal'>, householdId: string, change: { changeId: string; effectiveOn: IsoDate; reason: string }): Promise<string[]> {
  const open = await openBenefitsOfHousehold(deps.db, householdId);
  if (open.length === 0) return [];
  const state = await householdOn(deps.db, householdId, change.effectiveOn);
  if (!state || state.members.length === 0) return [];
  const policy = await eligibilityPolicy(deps.db, state.countyCode, change.effectiveOn);
  const facts = benefitFactsOf(state, policy);
  for (const benefitId of open) {
    await signalWorkflow(deps.temporal, benefitId, benefitHouseholdChangedSignal, { action: 'household-change', ...change, ...facts });
  }
  return open;
}
