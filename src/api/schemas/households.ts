import { z } from 'zod';
import { says } from '../validation.js';
import { date, list, object, optional, text } from '../../domain/fields.js';
import { HOUSEHOLD_PARTS, INCOME_KINDS, RELATIONS, assetsField, memberField, supporterField } from '../../domain/household.js';
import { IsoDateString } from './common.js';
import { schemaOf } from './from-fields.js';

// The household register (GET /v1/households/:id, POST …/changes). A change's parts are the intake's
// fields (domain/household.ts), so one shape is stated once.

export const HouseholdParams = z.strictObject({ householdId: z.string().min(1).max(200) });

export const HouseholdQuery = z.strictObject({
  on: IsoDateString.optional().describe('the day to show the household and compute its eligibility for (default: today, Asia/Shanghai)'),
});

/** A dated change: each part given replaces that part whole from `effectiveOn`. */
const householdChangeField = object({
  effectiveOn: date(),
  members: optional(list(memberField, 1, 50)),
  assets: optional(assetsField),
  supporters: optional(list(supporterField, 0, 20)),
  reason: text(2000),
});

export const HouseholdChangeBody = schemaOf(householdChangeField).superRefine((b, ctx) => {
  if (HOUSEHOLD_PARTS.every((p) => b[p] === undefined)) ctx.addIssue({ code: 'custom', path: ['members'], message: says('field.householdPart') });
});
export type HouseholdChangeBody = z.infer<typeof HouseholdChangeBody>;

const Reason = z.object({ path: z.string(), code: z.string() });
const Income = z.object({ kind: z.enum(INCOME_KINDS), monthlyFen: z.number() });

export const HouseholdView = z
  .object({
    householdId: z.string(),
    orgCode: z.string(),
    on: z.string().describe('the day shown: each part as the latest change effective on or before it set it; eligibility under that day’s policy'),
    version: z.number().int().describe('one more per change'),
    size: z.number().int().describe('members living together (declared, without members)'),
    monthlyIncomeFen: z.number().int().describe('declared or checked, before exclusions and deductions'),
    perCapitaIncomeFen: z.number().int().describe('countable, after the policy’s deductions, ÷ size, rounded down (without members: the declared income ÷ size)'),
    dibaoStandardFen: z.number().int().describe('the 低保 standard in force on the day'),
    members: z.array(
      z.object({
        memberId: z.string(),
        name: z.string(),
        idNumberMasked: z.string(),
        relation: z.enum(RELATIONS),
        livesTogether: z.boolean(),
        workAbility: z.enum(['full', 'partial', 'none']),
        employed: z.boolean(),
        disabilityLevel: z.number().int().nullable(),
        incomes: z.array(Income),
      }),
    ),
    assets: z.object({ depositsFen: z.number(), securitiesFen: z.number(), vehicles: z.number(), homes: z.number(), businessRegistered: z.boolean() }).nullable(),
    supporters: z.array(
      z.object({ name: z.string(), idNumberMasked: z.string().nullable(), relation: z.string(), monthlyIncomeFen: z.number(), ableToSupport: z.boolean() }),
    ),
    eligibility: z.array(
      z.object({
        type: z.enum(['dibao', 'tekun', 'low-income']),
        eligible: z.boolean(),
        reasons: z.array(z.string()).describe('codes: income_above_standard, assets_above_limit, already_covered, income_below_standard, income_above_low_income_line, has_work_ability, has_income, has_able_supporter'),
        details: z.array(Reason).describe('each reason at the path (in the household) that decides it'),
        monthlyAmountFen: z.number().int().nullable().describe('低保: the computed amount; 特困: the basic support standard; when eligible'),
      }),
    ),
    recognitions: z.array(z.object({ type: z.literal('low-income'), since: z.string(), caseId: z.string() })),
    caseIds: z.array(z.string()).describe('the cases that name this household'),
    changes: z.array(
      z.object({
        changeId: z.string(),
        effectiveOn: z.string(),
        reason: z.string(),
        actor: z.object({ sub: z.string(), role: z.string() }),
        at: z.string(),
        sets: z.array(z.enum(HOUSEHOLD_PARTS)),
      }),
    ),
  })
  .meta({ id: 'Household' });
export type HouseholdView = z.infer<typeof HouseholdView>;
