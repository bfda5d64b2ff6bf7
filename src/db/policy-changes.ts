import { and, eq } from 'drizzle-orm';
import { NATIONAL_REGION, POLICY_KEYS } from '../domain/policy.js';
import { monthOf } from '../domain/months.js';
import type { Actor } from '../domain/roles.js';
import { countiesWithBenefits, noteAdjustments } from './benefits.js';
import type { Db } from './client.js';
import { standardsFor } from './policies.js';
import { policies, policyChanges } from './schema.js';

/** Keys a benefit's amount follows: loading one notes each benefit it moves. */
const AMOUNT_KEYS: readonly string[] = [POLICY_KEYS.dibaoStandard, POLICY_KEYS.tekunStandard, POLICY_KEYS.childStandard, POLICY_KEYS.benefits];

export interface PolicyLoad {
  regionCode: string;
  key: string;
  effectiveFrom: string;
  value: unknown;
  source: string;
  actor: Actor;
  at: Date;
}

/**
 * Loads a dated value (the caller has checked it is in the future): a value already scheduled for
 * that date is replaced, and both are in `policy_changes`. Benefits whose amount it moves get a
 * `benefit-adjusted` entry from its month, in the same transaction.
 */
export async function loadPolicyValue(db: Db, p: PolicyLoad): Promise<{ adjustedBenefits: number }> {
  return db.transaction(async (tx) => {
    const month = monthOf(p.effectiveFrom);
    const affectsAmounts = AMOUNT_KEYS.includes(p.key);
    const counties = !affectsAmounts ? [] : p.regionCode === NATIONAL_REGION ? await countiesWithBenefits(tx, month) : [p.regionCode];
    const before = await Promise.all(counties.map((c) => standardsFor(tx, c, month)));
    const [previous] = await tx
      .select({ value: policies.value })
      .from(policies)
      .where(and(eq(policies.regionCode, p.regionCode), eq(policies.key, p.key), eq(policies.effectiveFrom, p.effectiveFrom)));
    await tx
      .insert(policies)
      .values({ regionCode: p.regionCode, key: p.key, effectiveFrom: p.effectiveFrom, value: p.value, source: p.source })
      .onConflictDoUpdate({ target: [policies.regionCode, policies.key, policies.effectiveFrom], set: { value: p.value, source: p.source } });
    const after = await Promise.all(counties.map((c) => standardsFor(tx, c, month)));
    const moved = counties.map((countyCode, i) => ({ countyCode, before: before[i]!, after: after[i]! })).filter((c) => JSON.stringify(c.before) !== JSON.stringify(c.after));
    const changeKey = `policy:${p.regionCode}:${p.key}:${p.effectiveFrom}:${p.at.toISOString()}`;
    const adjustedBenefits = await noteAdjustments(tx, changeKey, moved, month, p.actor, p.at);
    await tx.insert(policyChanges).values({
      regionCode: p.regionCode,
      key: p.key,
      effectiveFrom: p.effectiveFrom,
      value: p.value,
      previousValue: previous?.value ?? null,
      source: p.source,
      actorSub: p.actor.sub,
      at: p.at,
      adjustedBenefits,
    });
    return { adjustedBenefits };
  });
}
