import { z } from 'zod';
import { DISASTER_KINDS, DISASTER_NEEDS } from '../../domain/aid/disaster.js';
import { CountyCode, Fen, IsoDateString, PositiveFen, StreetCode, Text } from './common.js';
import { Applicant, Pledged } from './intake.js';
import { ownIssue } from '../validation.js';
import { msg } from '../../domain/catalogue.js';

export const DisasterEventBody = z.strictObject({
  name: Text(200).describe('the event, e.g. 2027年7月暴雨洪涝'),
  occurredOn: IsoDateString,
  kind: z.enum(DISASTER_KINDS),
  countyCode: CountyCode.describe('the county where it happened'),
});

export const DisasterEventParams = z.strictObject({ eventId: z.string().min(1).max(100) });
export const DisasterEventCreated = z.object({ eventId: z.string() });

/** At most this many households in one intake request. */
const MAX_HOUSEHOLDS = 1000;

const AffectedHousehold = z.strictObject({
  key: Text(100).describe('the caller’s own id of the household: one case per event and key'),
  orgCode: StreetCode.describe('the street of the event’s county where the household lives'),
  applicant: Applicant,
  household: z.strictObject({ size: z.number().int().min(1).max(50), monthlyIncomeFen: Fen.optional(), address: Text(200).optional() }),
  needs: z.array(z.enum(DISASTER_NEEDS)).min(1).max(DISASTER_NEEDS.length),
  amountFen: PositiveFen.optional().describe('the aid asked for'),
  pledgedInsteadOfProof: Pledged.optional(),
});

export const DisasterIntakeBody = z.strictObject({
  households: z.array(AffectedHousehold).min(1).max(MAX_HOUSEHOLDS).describe(`at most ${MAX_HOUSEHOLDS} households per request`),
});
export type DisasterIntakeBody = z.infer<typeof DisasterIntakeBody>;

export const DisasterIntakeResult = z.object({
  created: z.number(),
  existing: z.number(),
  cases: z.array(z.object({ key: z.string(), caseId: z.string() })),
});

export const DisasterDecisionsBody = z
  .strictObject({
    caseIds: z.array(z.string().min(1).max(200)).min(1).max(MAX_HOUSEHOLDS),
    decision: z.enum(['approve', 'reject']),
    amountFen: PositiveFen.optional().describe('approve: the amount, each month when months is given'),
    months: z.number().int().min(1).max(12).optional().describe('approve: 过渡期生活救助 months (at most the policy’s)'),
    reason: Text(2000).optional().describe('reject: required'),
  })
  .superRefine((b, ctx) => {
    if (b.decision === 'approve' && b.amountFen === undefined) ctx.addIssue({ code: 'custom', path: ['amountFen'], ...ownIssue(msg('field.required')) });
    if (b.decision === 'reject' && b.reason === undefined) ctx.addIssue({ code: 'custom', path: ['reason'], ...ownIssue(msg('field.required')) });
  });

export const DisasterDecisionsResult = z.object({
  decided: z.number(),
  refused: z.number(),
  results: z.array(z.object({ caseId: z.string(), outcome: z.enum(['decided', 'refused']), status: z.string().optional(), code: z.string().optional() })),
});
