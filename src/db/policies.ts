import { and, inArray, lte } from 'drizzle-orm';
import { render } from '../domain/catalogue.js';
import type { CaseType } from '../domain/cases.js';
import { isChildType } from '../domain/child.js';
import { NATIONAL_REGION, POLICY_KEYS, inForceOf, type CasePolicy } from '../domain/policy.js';
import { checkedPolicyValue, type PolicyKey, type PolicyValueOf } from '../domain/policy-values.js';
import { resolveStreetLimit, type TemporaryPolicy } from '../domain/aid/temporary.js';
import type { BenefitsPolicyValue, Standards, TekunStandardValue } from '../domain/benefits.js';
import type { ContactPolicyValue } from '../domain/contacts.js';
import type { EligibilityPolicyValue } from '../domain/eligibility.js';
import { lastDayOf, type Month } from '../domain/months.js';
import type { Db, DbOrTx } from './client.js';
import { policies } from './schema.js';

interface PolicyValue<T> {
  regionCode: string;
  effectiveFrom: string;
  value: T;
  source: string | null;
}

/** No value of a policy was in force on that date: a case accepted then cannot be run. */
class PolicyMissingError extends Error {}

/** A stored value its key does not accept (a hand-edited row, a migration's slip): nothing is run on it. */
class PolicyValueInvalidError extends Error {}

/** The value in force on `asOf` for a county, falling back to the national row; checked against its key. */
async function policyValue<K extends PolicyKey>(db: DbOrTx, countyCode: string, key: K, asOf: string): Promise<PolicyValue<PolicyValueOf<K>>> {
  return (await policyValues(db, countyCode, [key], asOf))[key];
}

/** Several keys' values in force on `asOf`, as `policyValue` gives each, read in one statement. */
async function policyValues<K extends PolicyKey>(db: DbOrTx, countyCode: string, keys: readonly K[], asOf: string): Promise<{ [P in K]: PolicyValue<PolicyValueOf<P>> }> {
  const rows = await db
    .select()
    .from(policies)
    .where(and(inArray(policies.regionCode, [countyCode, NATIONAL_REGION]), inArray(policies.key, [...keys]), lte(policies.effectiveFrom, asOf)));
  const values = {} as { [P in K]: PolicyValue<PolicyValueOf<P>> };
  for (const key of keys) {
    const row = inForceOf(
      rows.filter((r) => r.key === key),
      countyCode,
      asOf,
    );
    if (!row) throw new PolicyMissingError(`no policy ${key} in force for ${countyCode} on ${asOf}`);
    const checked = checkedPolicyValue(key, row.value);
    if ('problem' in checked) {
      const { path, message } = checked.problem;
      throw new PolicyValueInvalidError(`policy ${key} of region ${row.regionCode} from ${row.effectiveFrom} is invalid at ${path}: ${render(message, 'en')}`);
    }
    values[key] = { regionCode: row.regionCode, effectiveFrom: row.effectiveFrom, value: checked.value, source: row.source };
  }
  return values;
}

export async function casePolicy(db: Db, countyCode: string, type: CaseType, asOf: string): Promise<CasePolicy> {
  const { [POLICY_KEYS.caseClock]: clock, [POLICY_KEYS.dibao]: dibao, [POLICY_KEYS.commitments]: commitments } = await policyValues(
    db,
    countyCode,
    [POLICY_KEYS.caseClock, POLICY_KEYS.dibao, POLICY_KEYS.commitments],
    asOf,
  );
  // 受灾人员救助 keeps its working days under its own key (with its transition months).
  const deadlineWorkingDays = clock.value.deadlines[type] ?? (type === 'disaster' ? (await policyValue(db, countyCode, POLICY_KEYS.disaster, asOf)).value.decisionWorkingDays : undefined);
  if (deadlineWorkingDays === undefined) throw new Error(`no deadline for ${type} in ${clock.regionCode}`);
  // A child's support keeps the standard and study age in force on acceptance.
  const child = isChildType(type) ? (await policyValue(db, countyCode, POLICY_KEYS.childStandard, asOf)).value : undefined;
  return {
    ...(child ? { child: { monthlyFen: type === 'orphan' ? child.orphanFen : child.defactoOrphanFen, studyAge: child.studyAge } } : {}),
    regionCode: clock.regionCode,
    effectiveFrom: clock.effectiveFrom,
    deadlineWorkingDays,
    reminderWorkingDays: clock.value.reminderWorkingDays,
    publicityDays: dibao.value.publicityDays,
    verificationDays: commitments.value.verificationDays,
    dishonestyListDays: commitments.value.dishonestyListDays,
    aftercareDays: commitments.value.aftercareDays,
  };
}

/** 受灾人员救助: the months transition living aid may last, by the policy in force then. */
export async function disasterTransitionMonths(db: DbOrTx, countyCode: string, asOf: string): Promise<number> {
  return (await policyValue(db, countyCode, POLICY_KEYS.disaster, asOf)).value.transitionMonths;
}

/** 居住地申办: the working days the 户籍 county has to answer, by the accepting county's policy in force then. */
export async function cooperationWorkingDays(db: DbOrTx, countyCode: string, asOf: string): Promise<number> {
  return (await policyValue(db, countyCode, POLICY_KEYS.cooperation, asOf)).value.workingDays;
}

/** 临时救助 policy in force on `asOf`: street authority (resolved against the dated 低保 standard), reserve, windows, committee. */
export async function temporaryPolicy(db: Db, countyCode: string, asOf: string): Promise<TemporaryPolicy> {
  const { [POLICY_KEYS.temporary]: t, [POLICY_KEYS.deliberation]: deliberation } = await policyValues(db, countyCode, [POLICY_KEYS.temporary, POLICY_KEYS.deliberation], asOf);
  const standard =
    t.value.streetLimit.rule === 'dibao-standard-multiple'
      ? await dibaoStandardFen(db, countyCode, asOf)
      : undefined;
  const { limitFen, inclusive } = resolveStreetLimit(t.value.streetLimit, standard);
  const maxTransactionFen = await maxTransactionFenOf(db, countyCode, asOf);
  return {
    maxTransactionFen,
    regionCode: t.regionCode,
    effectiveFrom: t.effectiveFrom,
    streetLimitFen: limitFen,
    streetLimitInclusive: inclusive,
    reservePresetFen: t.value.reservePresetFen,
    emergencyPayoutHours: t.value.emergencyPayoutHours,
    paperworkWorkingDays: t.value.paperworkWorkingDays,
    deliberation: deliberation.value,
  };
}

/** The largest amount one transaction may move in this county (policy `money`). */
export async function maxTransactionFenOf(db: Db, countyCode: string, asOf: string): Promise<number> {
  return (await policyValue(db, countyCode, POLICY_KEYS.money, asOf)).value.maxTransactionFen;
}

/** The reserve preset for a street's county, for a fund used the first time outside a case (a replenishment). */
export async function reservePresetFen(db: Db, countyCode: string, asOf: string): Promise<number> {
  return (await policyValue(db, countyCode, POLICY_KEYS.temporary, asOf)).value.reservePresetFen;
}

/** The 低保 standard in force (monthly, per person): the line the assessment measures income against. */
export async function dibaoStandardFen(db: Db, countyCode: string, asOf: string): Promise<number> {
  return (await policyValue(db, countyCode, POLICY_KEYS.dibaoStandard, asOf)).value.monthlyFen;
}

/** Region policy `eligibility` in force on `asOf`: income deductions, asset limits, the amount rule, the 低收入 line, 特困's rules. */
export async function eligibilityPolicy(db: DbOrTx, countyCode: string, asOf: string): Promise<EligibilityPolicyValue> {
  return (await policyValue(db, countyCode, 'eligibility', asOf)).value;
}

/** The 特困 standards in force on `asOf`: basic support and care by self-care ability. */
export async function tekunStandard(db: DbOrTx, countyCode: string, asOf: string): Promise<TekunStandardValue> {
  return (await policyValue(db, countyCode, POLICY_KEYS.tekunStandard, asOf)).value;
}

/** Whether every policy a case of these types reads was in force on `asOf` (a backdated import may predate them). */
/** The days a confirmed 失信 entry stays listed when the approver names no date. */
export async function dishonestyListingDays(db: DbOrTx, countyCode: string, asOf: string): Promise<number> {
  return (await policyValue(db, countyCode, POLICY_KEYS.dishonesty, asOf)).value.days;
}

/** The working days a street has to visit a discovered person. */
export async function discoveryVisitDays(db: DbOrTx, countyCode: string, asOf: string): Promise<number> {
  return (await policyValue(db, countyCode, POLICY_KEYS.discovery, asOf)).value.visitDays;
}

/** The county's service catalogue and prior-year spending (服务类救助), and whether it is still the placeholder. */
export async function servicesPolicy(db: DbOrTx, countyCode: string, asOf: string): Promise<{ value: PolicyValueOf<'services'>; placeholder: boolean }> {
  const v = await policyValue(db, countyCode, POLICY_KEYS.services, asOf);
  return { value: v.value, placeholder: isPlaceholder(v.source) };
}

export async function policiesInForce(db: Db, countyCode: string, types: readonly CaseType[], asOf: string): Promise<boolean> {
  try {
    for (const type of types) {
      await casePolicy(db, countyCode, type, asOf);
      if (type === 'temporary') await temporaryPolicy(db, countyCode, asOf);
    }
    return true;
  } catch (err) {
    if (err instanceof PolicyMissingError) return false;
    throw err;
  }
}

/** Benefit policy (first month, minimum, work costs, 渐退期, review cycles) in force on `asOf`. */
export async function benefitsPolicy(db: DbOrTx, countyCode: string, asOf: string): Promise<BenefitsPolicyValue> {
  return (await policyValue(db, countyCode, POLICY_KEYS.benefits, asOf)).value;
}

/** How often a benefit's person is contacted (policy key `contact`), in force on `asOf`. */
export async function contactPolicy(db: DbOrTx, countyCode: string, asOf: string): Promise<ContactPolicyValue> {
  return (await policyValue(db, countyCode, 'contact', asOf)).value;
}

/** The standards a month's benefit amounts follow in a county: those in force on any day of the month. */
export async function standardsFor(db: DbOrTx, countyCode: string, month: Month): Promise<Standards> {
  const asOf = lastDayOf(month);
  const [dibao, tekun, child, benefits] = await Promise.all([
    policyValue(db, countyCode, POLICY_KEYS.dibaoStandard, asOf),
    policyValue(db, countyCode, POLICY_KEYS.tekunStandard, asOf),
    policyValue(db, countyCode, POLICY_KEYS.childStandard, asOf),
    policyValue(db, countyCode, POLICY_KEYS.benefits, asOf),
  ]);
  return { dibaoStandardFen: dibao.value.monthlyFen, tekun: tekun.value, child: child.value, dibaoMinimumFen: benefits.value.dibaoMinimumFen, workCostFen: benefits.value.workCostFen };
}

/** The keys a benefit's amounts follow. */
export type StandardKey = typeof POLICY_KEYS.dibaoStandard | typeof POLICY_KEYS.tekunStandard | typeof POLICY_KEYS.childStandard;

/** A seeded value that stands in for a published figure says so in its source. */
export const isPlaceholder = (source: string | null) => source?.includes('placeholder') ?? false;

/** Whether the standard a benefit type's amounts follow in this month is still a seeded placeholder. */
export async function standardIsPlaceholder(db: DbOrTx, countyCode: string, key: StandardKey, month: Month): Promise<boolean> {
  return isPlaceholder((await policyValue(db, countyCode, key, lastDayOf(month))).source);
}

export type PolicyRow = typeof policies.$inferSelect;

/** Every value of a region, and the national ones it falls back to, oldest first. */
export async function policyRows(db: DbOrTx, regionCode: string): Promise<PolicyRow[]> {
  return db
    .select()
    .from(policies)
    .where(inArray(policies.regionCode, [...new Set([regionCode, NATIONAL_REGION])]))
    .orderBy(policies.key, policies.effectiveFrom);
}
