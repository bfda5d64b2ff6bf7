// Every policy key and the shape of its value, stated once as data (fields.ts). The value types, the
// API's zod schemas and OpenAPI text (PUT /v1/policies/:region/:key), and the check of each value read
// back from the `policies` table all derive from this table. Pure; safe in the workflow sandbox.
//
// A new key is ONE entry here (plus its national seed row in a migration: test/policy-values.test.ts
// fails without it). Bounds belong in the field; a rule across fields is the entry's `check`.
import { MAX_PHASE_OUT_MONTHS } from './benefits.js';
import { SELF_CARE, type SelfCare } from './self-care.js';
import { SERVICES_POLICY } from './services.js';
import { CASE_TYPES, type CaseType } from './cases.js';
import { msg } from './catalogue.js';
import { ELIGIBILITY_POLICY, eligibilityPolicyProblems } from './eligibility.js';
import { bool, describe, fen, int, object, oneOf, optional, positiveFen, problemIn, tagged, type Field, type Infer, type Problem } from './fields.js';
import { MAJORITY_RULES } from './votes.js';

interface PolicySpec<F extends Field, V> {
  value: F;
  /** A rule across the value's fields, run once the value has its shape (the API: its types): on write and on read. */
  check?: (value: V) => Problem | undefined;
}

// V stands for Infer<F> (as a default, not written out: TypeScript cannot instantiate Infer over any Field).
const policy = <const F extends Field, V = Infer<F>>(value: F, check?: (value: V) => Problem | undefined): PolicySpec<F, V> => (check ? { value, check } : { value });

/** A count of days (or hours) that must be at least one. */
const days = (max: number) => int(1, max);

const deadline = optional(days(365));
const careFen = fen();

/** How a region bounds the street's own approval authority (临时救助): 金堂县 a fixed sum, 武昌区 a multiple of the 低保 standard. */
const streetLimitField = tagged('rule', {
  fixed: { maxFen: positiveFen(), inclusive: bool() },
  'dibao-standard-multiple': { multiple: int(1, 100), inclusive: bool() },
});

export const POLICY_VALUES = {
  'case-clock': policy(
    describe(
      object({
        reminderWorkingDays: int(0, 30),
        deadlines: describe(object(Object.fromEntries(CASE_TYPES.map((t) => [t, deadline])) as Record<CaseType, typeof deadline>), 'working days per case type'),
      }),
      'the deadline clock: working days a case of each type has, and the reminder before it runs out',
    ),
  ),
  // 0: no publicity, for a development machine's demo region (README); a published rule has its days.
  dibao: policy(describe(object({ publicityDays: int(0, 60) }), '低保 lifecycle: days of publicity (公示)')),
  temporary: policy(
    describe(
      object({ streetLimit: streetLimitField, reservePresetFen: fen(), emergencyPayoutHours: days(240), paperworkWorkingDays: days(120) }),
      '临时救助: the street’s authority, the reserve preset per street, the emergency payout window and the paperwork after it',
    ),
  ),
  deliberation: policy(
    describe(
      object({ members: days(99), quorum: days(99), deadlineWorkingDays: days(60), majority: optional(oneOf(MAJORITY_RULES)) }),
      '一事一议: the committee’s size, quorum, deadline and whose majority approves',
    ),
    (d) => (d.quorum <= d.members ? undefined : { path: 'quorum', message: msg('policy.quorum') }),
  ),
  'dibao-standard': policy(describe(object({ monthlyFen: describe(positiveFen(), 'the 低保 standard per person per month') }), 'the 低保 standard')),
  commitments: policy(
    describe(
      object({ verificationDays: days(365), dishonestyListDays: days(3650), aftercareDays: days(3650) }),
      '告知承诺: days to verify a commitment, days on the dishonesty list, days a decided case stays open to referrals',
    ),
  ),
  money: policy(describe(object({ maxTransactionFen: positiveFen() }), 'the largest amount one transaction may move')),
  benefits: policy(
    describe(
      object({
        firstMonth: oneOf(['approval-month', 'next-month']),
        dibaoMinimumFen: fen(),
        workCostFen: fen(),
        // 12: the statutory maximum (001 §二(一)); the domain's constant, once it has one, belongs here.
        phaseOutMonths: describe(int(1, MAX_PHASE_OUT_MONTHS), '渐退期: at most one year (001 §二(一))'),
        reviewMonths: object({ dibao: days(36), dibaoWithWorkers: days(36), tekun: days(36), housing: days(36) }),
        reviewWorkingDays: days(60),
      }),
      'the first month of a benefit, the 低保 minimum, work costs, 渐退期, review cycles and the working days a review may take',
    ),
  ),
  'tekun-standard': policy(
    describe(
      object({
        basicFen: describe(positiveFen(), 'basic support per month'),
        careFen: describe(object(Object.fromEntries(SELF_CARE.map((c) => [c, careFen])) as Record<SelfCare, typeof careFen>), 'the care standard per month by self-care ability'),
      }),
      'the 特困 standards',
    ),
  ),
  dishonesty: policy(describe(object({ days: days(3650) }), '失信名单: days a confirmed entry stays listed unless the approver names a date')),
  discovery: policy(describe(object({ visitDays: days(60) }), '主动发现: working days to visit a person after the report')),
  services: policy(describe(SERVICES_POLICY, '服务类救助: the county’s catalogue (service, unit, price) and, before its own records, last year’s assistance spending')),
  eligibility: policy(ELIGIBILITY_POLICY, (v) => eligibilityPolicyProblems(v)[0]),
  contact: policy(
    describe(object({ everyDays: days(366), tekunLivingAloneDays: days(366) }), 'days between contacts with a benefit’s person (a visit or a call); for 特困 people living alone'),
  ),
} as const;

export type PolicyKey = keyof typeof POLICY_VALUES;

/** Each key's name as the policy office says it (the console's 政策标准 page). */
export const POLICY_KEY_NAMES: Record<PolicyKey, string> = {
  'case-clock': '办理时限',
  dibao: '低保公示',
  temporary: '临时救助',
  deliberation: '一事一议',
  'dibao-standard': '低保标准',
  commitments: '告知承诺',
  money: '单笔限额',
  benefits: '待遇发放',
  'tekun-standard': '特困供养标准',
  eligibility: '认定条件',
  dishonesty: '失信名单',
  discovery: '主动发现',
  services: '服务目录',
  contact: '定期联系',
};

/** The value stored under a key. */
export type PolicyValueOf<K extends PolicyKey> = Infer<(typeof POLICY_VALUES)[K]['value']>;

/** An entry with its value type forgotten: what code that handles every key sees. */
export type AnyPolicySpec = { value: Field; check?: (value: never) => Problem | undefined };

/** The first problem with a value for `key`: its shape first, then its entry's cross-field rule. */
export function policyValueProblem(key: PolicyKey, value: unknown): Problem | undefined {
  const spec: AnyPolicySpec = POLICY_VALUES[key];
  // The check runs only on a value of the right shape: problemIn has just said it is one.
  return problemIn(spec.value, value) ?? spec.check?.(value as never);
}

/** A value read back for `key`, or the first problem that keeps it from being one. */
export function checkedPolicyValue<K extends PolicyKey>(key: K, value: unknown): { value: PolicyValueOf<K> } | { problem: Problem } {
  const problem = policyValueProblem(key, value);
  // The one place a stored value becomes typed: only after its key's field and check accept it.
  return problem ? { problem } : { value: value as PolicyValueOf<K> };
}
