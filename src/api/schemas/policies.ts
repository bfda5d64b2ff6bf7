import { z } from 'zod';
import { MAX_PHASE_OUT_MONTHS, SELF_CARE } from '../../domain/benefits.js';
import { CASE_TYPES } from '../../domain/cases.js';
import { POLICY_KEYS, type PolicyKey } from '../../domain/policy.js';
import { MAJORITY_RULES } from '../../domain/votes.js';
import { IsoDateString, PositiveFen, Text } from './common.js';

const Days = (max: number) => z.number().int().min(1).max(max);
const Fen = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** What each policy key's value must be: a value the service could not run on is refused with 400. */
export const POLICY_VALUES: Record<PolicyKey, z.ZodType> = {
  [POLICY_KEYS.caseClock]: z.strictObject({
    reminderWorkingDays: z.number().int().min(0).max(30),
    deadlines: z.strictObject(Object.fromEntries(CASE_TYPES.map((t) => [t, Days(365).optional()]))),
  }),
  [POLICY_KEYS.dibao]: z.strictObject({ publicityDays: Days(60) }),
  [POLICY_KEYS.temporary]: z.strictObject({
    streetLimit: z.discriminatedUnion('rule', [
      z.strictObject({ rule: z.literal('fixed'), maxFen: PositiveFen, inclusive: z.boolean() }),
      z.strictObject({ rule: z.literal('dibao-standard-multiple'), multiple: z.number().int().min(1).max(100), inclusive: z.boolean() }),
    ]),
    reservePresetFen: Fen,
    emergencyPayoutHours: Days(240),
    paperworkWorkingDays: Days(120),
  }),
  [POLICY_KEYS.deliberation]: z
    .strictObject({ members: Days(99), quorum: Days(99), deadlineWorkingDays: Days(60), majority: z.enum(MAJORITY_RULES).optional() })
    .refine((d) => d.quorum <= d.members, { path: ['quorum'], message: 'must not exceed members' }),
  [POLICY_KEYS.dibaoStandard]: z.strictObject({ monthlyFen: PositiveFen.describe('the 低保 standard per person per month') }),
  [POLICY_KEYS.commitments]: z.strictObject({ verificationDays: Days(365), dishonestyListDays: Days(3650), aftercareDays: Days(3650) }),
  [POLICY_KEYS.money]: z.strictObject({ maxTransactionFen: PositiveFen }),
  [POLICY_KEYS.benefits]: z.strictObject({
    firstMonth: z.enum(['approval-month', 'next-month']),
    dibaoMinimumFen: Fen,
    workCostFen: Fen,
    phaseOutMonths: z.number().int().min(1).max(MAX_PHASE_OUT_MONTHS).describe('渐退期: at most one year (001 §二(一))'),
    reviewMonths: z.strictObject({ dibao: Days(36), dibaoWithWorkers: Days(36), tekun: Days(36), housing: Days(36) }),
    reviewWorkingDays: Days(60),
  }),
  [POLICY_KEYS.tekunStandard]: z.strictObject({
    basicFen: PositiveFen.describe('basic support per month'),
    careFen: z.strictObject(Object.fromEntries(SELF_CARE.map((c) => [c, Fen])) as Record<(typeof SELF_CARE)[number], typeof Fen>),
  }),
};

export const PolicyParams = z.strictObject({ region: z.string().regex(/^\d{6}$/, 'must be a 6-digit region code (000000: national)') });
export const PolicyKeyParams = PolicyParams.extend({ key: z.enum(Object.values(POLICY_KEYS) as [PolicyKey, ...PolicyKey[]]) });

export const PolicyBody = z.strictObject({
  value: z.unknown().describe('the value, in the shape of its key (see the values GET returns)'),
  effectiveFrom: IsoDateString.describe('a date after today (Asia/Shanghai): the past is never edited'),
  source: Text(500).describe('the document it comes from, e.g. 武汉市民政局 2026 年第 12 号'),
});

const PolicyEntry = z.object({
  regionCode: z.string().describe('the region the value belongs to; 000000 where the county has none of its own'),
  key: z.string(),
  value: z.unknown(),
  effectiveFrom: z.string(),
  source: z.string().nullable(),
  status: z.enum(['in-force', 'scheduled']),
  placeholder: z.boolean().describe('a seeded placeholder, not a published figure: load the real value'),
});

export const PolicyList = z.object({ regionCode: z.string(), asOf: z.string(), items: z.array(PolicyEntry) });
export const PolicyLoaded = PolicyEntry.extend({ adjustedBenefits: z.number().describe('benefits whose amount the value moves from its month (benefit-adjusted entries)') });
