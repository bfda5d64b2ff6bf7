// Who qualifies, and for how much: 低保, 低收入 (低保边缘) and 特困 computed from a household and the
// region's `eligibility` policy, stated once. Each rule cites its seed. Pure integer arithmetic in fen;
// safe in the workflow sandbox. What the register finds (another household's 低保, an active 特困) is an
// input here, never a query.
import { addCalendarDays, type IsoDate } from './dates.js';
import { msg } from './catalogue.js';
import { bool, decimal, describe, either, fen, int, list, object, oneOf, type Infer, type Problem } from './fields.js';
import { INCOME_KINDS, livesTogether, selfIndex, sizeOf, type Assets, type HouseholdFacts, type Income, type IncomeKind, type MemberFacts } from './household.js';
import { normaliseResidentId } from './resident-id.js';

/**
 * Region policy `eligibility` (dated, per county with a national default; seeded values are
 * placeholders), its shape stated in the policy table (policy-values.ts). Money in fen, per month:
 * 就业成本 per employed member living together (001 §二(一)); income kinds not counted; 财产状况规定
 * (deposits + securities ≤ depositsMonthsOfStandard × the standard × size, homes, vehicles, business);
 * the amount rule, 补差 (the gap to the standard) or 分档 (a fixed amount per person by band); the
 * 低收入 line as a factor of the standard (at most 4 decimals); how long a 核对 report stays usable;
 * 特困's age rule and its 无生活来源 income threshold.
 */
export const ELIGIBILITY_POLICY = describe(
  object({
    workCostDeductionFen: describe(fen(), '就业成本: deducted monthly for each employed member living together'),
    excludedIncomeKinds: describe(list(oneOf(INCOME_KINDS), 0, INCOME_KINDS.length), 'income kinds not counted'),
    assetLimits: object({ depositsMonthsOfStandard: int(0, 1200), maxHomes: int(0, 100), maxVehicles: int(0, 100), businessAllowed: bool() }),
    amountRule: either(
      object({ kind: oneOf(['gap']), roundTo: oneOf(['fen', 'yuan']), minimumFen: fen() }),
      object({ kind: oneOf(['tiers']), tiers: list(object({ maxPerCapitaFen: fen(), amountPerPersonFen: fen() }), 1, 20) }),
    ),
    lowIncomeFactor: describe(decimal(1, 10, 4), '低收入: up to this × the 低保 standard'),
    economicCheckValidDays: int(1, 3650),
    tekunAge: object({ elderlyFrom: int(0, 150), minorUnder: int(0, 150) }),
    tekunIncomeThresholdFen: fen(),
  }),
  'who qualifies and for how much: income deductions, asset limits, the amount rule (补差 or 分档), the 低收入 line, the economic check’s validity, 特困’s age and income rules',
);
export type EligibilityPolicyValue = Infer<typeof ELIGIBILITY_POLICY>;
export type AmountRule = EligibilityPolicyValue['amountRule'];

/** Why a household does not qualify, at the path of what decides it (relative to the household). */
export type ReasonCode =
  | 'income_above_standard'
  | 'assets_above_limit'
  | 'already_covered'
  | 'income_below_standard'
  | 'income_above_low_income_line'
  | 'has_work_ability'
  | 'has_income'
  | 'has_able_supporter';
export interface Reason {
  path: string;
  code: ReasonCode;
}

/**
 * What the register finds of the members elsewhere: member `member` (an index into the household's
 * members) is in another household's active 低保 (`dibao`) or holds an active 特困 (`tekun`).
 */
export interface Coverage {
  member: number;
  by: 'dibao' | 'tekun';
}

/** The decimal places `lowIncomeFactor` may carry: it is the rational factor × 10⁴ / 10⁴. */
const FACTOR_SCALE = 10_000;

/** A policy value the arithmetic below could not run on; the policy route refuses it (400, at these paths). */
export function eligibilityPolicyProblems(p: EligibilityPolicyValue): Problem[] {
  const problems: Problem[] = [];
  const scaled = p.lowIncomeFactor * FACTOR_SCALE;
  if (!Number.isFinite(p.lowIncomeFactor) || p.lowIncomeFactor < 1 || Math.abs(scaled - Math.round(scaled)) > 1e-6 || scaled > Number.MAX_SAFE_INTEGER)
    problems.push({ path: 'lowIncomeFactor', message: msg('policy.lowIncomeFactor') });
  if (!Number.isSafeInteger(p.assetLimits.depositsMonthsOfStandard) || p.assetLimits.depositsMonthsOfStandard < 0)
    problems.push({ path: 'assetLimits.depositsMonthsOfStandard', message: msg('policy.wholeMonths') });
  if (p.tekunAge.minorUnder > p.tekunAge.elderlyFrom) problems.push({ path: 'tekunAge.minorUnder', message: msg('policy.minorUnder') });
  if (p.amountRule.kind === 'tiers') {
    const { tiers } = p.amountRule;
    if (tiers.length === 0) problems.push({ path: 'amountRule.tiers', message: msg('policy.oneTier') });
    tiers.forEach((t, i) => {
      if (i > 0 && t.maxPerCapitaFen <= tiers[i - 1]!.maxPerCapitaFen) problems.push({ path: `amountRule.tiers.${i}.maxPerCapitaFen`, message: msg('policy.tierAbove') });
    });
  }
  return problems;
}

// ---- Income ---------------------------------------------------------------------------------------

const counted = (incomes: readonly Income[], excluded: readonly IncomeKind[]): number => incomes.reduce((s, i) => (excluded.includes(i.kind) ? s : s + i.monthlyFen), 0);

/**
 * 家庭收入 (001 §二(一)): the incomes of the members living together, of kinds the policy does not
 * exclude, less the 就业成本 per employed member living together ("对已就业的低保对象，在核算其家庭收入时扣减
 * 必要的就业成本"), never below 0.
 */
export function countableIncomeFen(h: Pick<HouseholdFacts, 'members'>, p: Pick<EligibilityPolicyValue, 'excludedIncomeKinds' | 'workCostDeductionFen'>): number {
  const together = h.members.filter(livesTogether);
  const income = together.reduce((s, m) => s + counted(m.incomes, p.excludedIncomeKinds), 0);
  const employed = together.filter((m) => m.employed).length;
  return Math.max(0, income - employed * p.workCostDeductionFen);
}

/** 人均收入: the countable income ÷ the members living together, rounded down to the fen. */
export function perCapitaIncomeFen(h: Pick<HouseholdFacts, 'members'>, p: Pick<EligibilityPolicyValue, 'excludedIncomeKinds' | 'workCostDeductionFen'>): number {
  const size = sizeOf(h.members);
  if (size === 0) throw new RangeError('a household has at least its applicant living in it');
  return Math.floor(countableIncomeFen(h, p) / size);
}

// ---- Assets ---------------------------------------------------------------------------------------

/**
 * 符合财产状况规定 (001 §二(一)): deposits + securities ≤ depositsMonthsOfStandard × the monthly standard
 * × size; homes and vehicles within their counts; a registered business only where the policy allows
 * one. One reason per limit exceeded, at the asset's path. Compared exactly (BigInt): the product of
 * three policy and household numbers may pass 2^53.
 */
export function assetReasons(a: Assets, standardFen: number, size: number, limits: EligibilityPolicyValue['assetLimits']): Reason[] {
  const reasons: Reason[] = [];
  const limit = BigInt(limits.depositsMonthsOfStandard) * BigInt(standardFen) * BigInt(size);
  if (BigInt(a.depositsFen) + BigInt(a.securitiesFen) > limit) reasons.push({ path: a.depositsFen > 0 ? 'assets.depositsFen' : 'assets.securitiesFen', code: 'assets_above_limit' });
  if (a.homes > limits.maxHomes) reasons.push({ path: 'assets.homes', code: 'assets_above_limit' });
  if (a.vehicles > limits.maxVehicles) reasons.push({ path: 'assets.vehicles', code: 'assets_above_limit' });
  if (a.businessRegistered && !limits.businessAllowed) reasons.push({ path: 'assets.businessRegistered', code: 'assets_above_limit' });
  return reasons;
}

// ---- 低保 -----------------------------------------------------------------------------------------

const roundUpToYuan = (fen: number): number => (fen % 100 === 0 ? fen : fen + (100 - (fen % 100)));

/**
 * The 低保 amount for a household of `size` at this countable per capita, or undefined when there is
 * none. 补差: (standard − per capita) × size, rounded up to the yuan when the rule says so, at least its
 * minimum; nothing unless the per capita is below the standard ("人均收入低于当地最低生活保障标准",
 * 001 §二(一)). 分档: the first tier whose ceiling the per capita does not pass, × size; a per capita
 * above every tier has none.
 */
export function dibaoAmountFen(perCapitaFen: number, size: number, standardFen: number, rule: AmountRule): number | undefined {
  if (perCapitaFen >= standardFen) return undefined;
  if (rule.kind === 'tiers') {
    const tier = rule.tiers.find((t) => perCapitaFen <= t.maxPerCapitaFen);
    return tier ? tier.amountPerPersonFen * size : undefined;
  }
  const gap = (standardFen - perCapitaFen) * size;
  return Math.max(rule.roundTo === 'yuan' ? roundUpToYuan(gap) : gap, rule.minimumFen);
}

export interface Eligibility {
  eligible: boolean;
  reasons: Reason[];
  /** 低保: the computed monthly amount, when eligible. */
  monthlyAmountFen?: number;
  size: number;
  perCapitaIncomeFen: number;
}

/** Members the register found covered elsewhere, of those `counts` admits: 低保 of another household and 特困 both count. */
const coverageReasons = (coverage: readonly Coverage[], counts: (member: number) => boolean): Reason[] =>
  [...new Set(coverage.map((c) => c.member).filter(counts))].sort((a, b) => a - b).map((m) => ({ path: `members.${m}`, code: 'already_covered' }));

/**
 * 最低生活保障 (001 §二(一)): "对共同生活的家庭成员人均收入低于当地最低生活保障标准且符合财产状况规定的家庭，
 * 给予最低生活保障". Not eligible on income (`income_above_standard`, at or above the standard — 低于 is
 * strict; also above every tier of a tiered rule), on assets (`assets_above_limit`; a household without
 * declared assets is not tested here), or when a member living together is already covered
 * (`already_covered`: a person is in one 低保 household at most, and never 特困 inside a 低保 household).
 */
export function dibaoEligibility(h: HouseholdFacts, standardFen: number, p: EligibilityPolicyValue, coverage: readonly Coverage[]): Eligibility {
  const size = sizeOf(h.members);
  const perCapita = perCapitaIncomeFen(h, p);
  const amount = dibaoAmountFen(perCapita, size, standardFen, p.amountRule);
  const reasons: Reason[] = [
    ...(amount === undefined ? [{ path: 'members', code: 'income_above_standard' } as const] : []),
    ...(h.assets ? assetReasons(h.assets, standardFen, size, p.assetLimits) : []),
    // A member living elsewhere is not in this household's 低保, and may be in another's.
    ...coverageReasons(coverage, (i) => h.members[i] !== undefined && livesTogether(h.members[i])),
  ];
  const eligible = reasons.length === 0;
  return { eligible, reasons, ...(eligible ? { monthlyAmountFen: amount! } : {}), size, perCapitaIncomeFen: perCapita };
}

/** The 低收入 line: lowIncomeFactor × standard, rounded down to the fen (for a whole-fen per capita, the same test as the exact product). */
export function lowIncomeLineFen(standardFen: number, factor: number): number {
  const scaled = BigInt(Math.round(factor * FACTOR_SCALE));
  return Number((BigInt(standardFen) * scaled) / BigInt(FACTOR_SCALE));
}

/**
 * 低收入 (低保边缘, 001 §二(二) "低收入"): not below the standard (below it, the household is 低保's:
 * `income_below_standard`), at most lowIncomeFactor × the standard (`income_above_low_income_line`), and
 * within the same asset limits (`assets_above_limit`).
 */
export function lowIncomeEligibility(h: HouseholdFacts, standardFen: number, p: EligibilityPolicyValue): Eligibility {
  const size = sizeOf(h.members);
  const perCapita = perCapitaIncomeFen(h, p);
  const reasons: Reason[] = [...lowIncomeIncomeReasons(perCapita, standardFen, p, 'members')];
  if (h.assets) reasons.push(...assetReasons(h.assets, standardFen, size, p.assetLimits));
  return { eligible: reasons.length === 0, reasons, size, perCapitaIncomeFen: perCapita };
}

/** 低收入 on income: below the standard is 低保's, above the line is neither. */
function lowIncomeIncomeReasons(perCapitaFen: number, standardFen: number, p: Pick<EligibilityPolicyValue, 'lowIncomeFactor'>, path: string): Reason[] {
  if (perCapitaFen < standardFen) return [{ path, code: 'income_below_standard' }];
  if (perCapitaFen > lowIncomeLineFen(standardFen, p.lowIncomeFactor)) return [{ path, code: 'income_above_low_income_line' }];
  return [];
}

/**
 * A household known only by its two numbers (the old form): its per capita as given (the economic
 * check's, or the declared income ÷ size) and one yes/no on assets. The same 低保 and 低收入 tests as
 * above, each reason at the caller's path for the income and the assets.
 */
export interface DeclaredFigures {
  size: number;
  perCapitaIncomeFen: number;
  assetsWithinLimits: boolean;
}

export function declaredDibaoEligibility(d: DeclaredFigures, standardFen: number, p: EligibilityPolicyValue, paths: { income: string; assets: string }): Eligibility {
  const amount = dibaoAmountFen(d.perCapitaIncomeFen, d.size, standardFen, p.amountRule);
  const reasons: Reason[] = [
    ...(amount === undefined ? [{ path: paths.income, code: 'income_above_standard' } as const] : []),
    ...(d.assetsWithinLimits ? [] : [{ path: paths.assets, code: 'assets_above_limit' } as const]),
  ];
  const eligible = reasons.length === 0;
  return { eligible, reasons, ...(eligible ? { monthlyAmountFen: amount! } : {}), size: d.size, perCapitaIncomeFen: d.perCapitaIncomeFen };
}

export function declaredLowIncomeEligibility(d: DeclaredFigures, standardFen: number, p: EligibilityPolicyValue, paths: { income: string; assets: string }): Eligibility {
  const reasons: Reason[] = [
    ...lowIncomeIncomeReasons(d.perCapitaIncomeFen, standardFen, p, paths.income),
    ...(d.assetsWithinLimits ? [] : [{ path: paths.assets, code: 'assets_above_limit' } as const]),
  ];
  return { eligible: reasons.length === 0, reasons, size: d.size, perCapitaIncomeFen: d.perCapitaIncomeFen };
}

/**
 * 渐退期 (001 §二(一) "在其家庭成员人均收入超过低保标准后给予不超过一年的渐退期"): the countable per capita
 * strictly above the standard (超过) with a member living together in work. Above it with no one in
 * work, the 低保 ends.
 */
export function entersPhaseOut(perCapitaFen: number, standardFen: number, h: Pick<HouseholdFacts, 'members'>): boolean {
  return perCapitaFen > standardFen && h.members.some((m) => livesTogether(m) && m.employed);
}

// ---- 特困 -----------------------------------------------------------------------------------------

/** Age in whole years (周岁) on a date: a year is complete on the birthday; 29 February's on 1 March in a common year. */
export function ageOn(birthDate: IsoDate, onDate: IsoDate): number {
  const years = Number(onDate.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return onDate.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

export interface TekunEligibility {
  eligible: boolean;
  reasons: Reason[];
  /** The applicant's age on the day, and whether the policy's age rule stood in for 无劳动能力. */
  age: number;
  byAge: boolean;
}

/**
 * 特困人员救助供养 (001 §二(一)): "无劳动能力、无生活来源、无法定赡（扶、抚）养义务人或者其法定义务人无履行
 * 义务能力的老年人、残疾人、未成年人". Of the applicant (the `self` member): any work ability (full or
 * partial) is `has_work_ability` unless they are elderlyFrom or older, or under minorUnder, on the day;
 * their own countable income above tekunIncomeThresholdFen is `has_income` (无生活来源); a supporter able
 * to support is `has_able_supporter`; a 低保 or 特困 already held is `already_covered`.
 */
export function tekunEligibility(h: HouseholdFacts, onDate: IsoDate, p: EligibilityPolicyValue, coverage: readonly Coverage[]): TekunEligibility {
  const i = selfIndex(h.members);
  if (i < 0) throw new RangeError('a household names its applicant (self)');
  const self: MemberFacts = h.members[i]!;
  const age = ageOn(self.birthDate, onDate);
  const byAge = age >= p.tekunAge.elderlyFrom || age < p.tekunAge.minorUnder;
  const reasons: Reason[] = [];
  if (self.workAbility !== 'none' && !byAge) reasons.push({ path: `members.${i}.workAbility`, code: 'has_work_ability' });
  if (counted(self.incomes, p.excludedIncomeKinds) > p.tekunIncomeThresholdFen) reasons.push({ path: `members.${i}.incomes`, code: 'has_income' });
  (h.supporters ?? []).forEach((s, j) => {
    if (s.ableToSupport) reasons.push({ path: `supporters.${j}.ableToSupport`, code: 'has_able_supporter' });
  });
  reasons.push(...coverageReasons(coverage, (m) => m === i));
  return { eligible: reasons.length === 0, reasons, age, byAge };
}

// ---- The economic check (核对) --------------------------------------------------------------------

/**
 * A report older than the policy's validity on the decision day cannot decide (001 §十二(三): 核对率
 * 100%, on figures that are current). Valid through checkedOn + validDays inclusive.
 */
export const economicCheckExpired = (checkedOn: IsoDate, decisionDay: IsoDate, validDays: number): boolean => addCalendarDays(checkedOn, validDays) < decisionDay;

/** What the 核对 system found: per-member incomes (by a key — the ID number, or its hash once stored) and the assets. */
export interface CheckReport<K extends string> {
  members: ReadonlyArray<Record<K, string> & { incomes: Income[] }>;
  assets?: Assets;
}

/**
 * The household after a report: a member the report lists takes its incomes, the others keep theirs,
 * and the report's assets replace the declared. Members are matched on `key` (normalised as an ID
 * number: a lowercase x is an X). `unmatched` lists the report's lines for no declared member: the check
 * found a person the household did not declare (瞒报家庭成员, 004 三(四)) — the caller decides.
 */
export function applyEconomicCheck<K extends string, M extends Record<K, string> & { incomes: Income[] }, H extends { members: readonly M[]; assets?: Assets }>(
  h: H,
  report: CheckReport<K>,
  key: K,
): { household: H; unmatched: number[] } {
  const lines = new Map(report.members.map((l, i) => [normaliseResidentId(l[key]), i] as const));
  const used = new Set<number>();
  const members = h.members.map((m) => {
    const line = lines.get(normaliseResidentId(m[key]));
    if (line === undefined) return m;
    used.add(line);
    return { ...m, incomes: report.members[line]!.incomes };
  });
  const unmatched = report.members.flatMap((_, i) => (used.has(i) ? [] : [i]));
  return { household: { ...h, members, ...(report.assets ? { assets: report.assets } : {}) }, unmatched };
}

/**
 * What a 低保 benefit's basis keeps of a household (domain/benefits.ts): members living together, the
 * per-capita income before work costs (the benefit deducts them itself, from the `benefits` policy),
 * and the members in work — income kinds the policy excludes left out.
 */
export function benefitFactsOf(h: Pick<HouseholdFacts, 'members'>, p: Pick<EligibilityPolicyValue, 'excludedIncomeKinds'>): { householdSize: number; perCapitaIncomeFen: number; employedMembers: number } {
  return {
    householdSize: sizeOf(h.members),
    perCapitaIncomeFen: perCapitaIncomeFen(h, { excludedIncomeKinds: p.excludedIncomeKinds, workCostDeductionFen: 0 }),
    employedMembers: h.members.filter((m) => livesTogether(m) && m.employed).length,
  };
}
