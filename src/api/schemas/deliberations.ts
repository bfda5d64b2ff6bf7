import { z } from 'zod';
import { MAJORITY_RULES } from '../../domain/votes.js';
import { CountyCode, Limit, Offset, PositiveFen, sorting, Total } from './common.js';

export const DeliberationParams = z.strictObject({ id: z.string().min(1).max(200) });

export const VoteBody = z.strictObject({
  vote: z.enum(['approve', 'reject']),
  amountFen: PositiveFen.optional().describe('approve: the amount this member supports'),
  reason: z.string().trim().min(1).max(2000),
});

export const Deliberation = z
  .looseObject({
    deliberationId: z.string(),
    caseId: z.string(),
    caseNumber: z.string().nullable().describe('the case’s 受理编号 (null only before the case is recorded)'),
    applicantName: z.string().nullable().describe('the applicant, as the ballot names the case'),
    orgCode: z.string(),
    status: z.enum(['open', 'approved', 'rejected']),
    reason: z.string(),
    proposedAmountFen: z.number(),
    dueDate: z.string().nullable(),
    dueAt: z.string().nullable(),
    members: z.number(),
    quorum: z.number(),
    majority: z.enum(MAJORITY_RULES).optional().describe('whose majority approves (policy): of all members, or of the votes cast'),
    needed: z.number().describe('approvals that carry it outright: more than half of all members'),
    votes: z.array(z.object({ sub: z.string(), vote: z.enum(['approve', 'reject']), amountFen: z.number().optional(), reason: z.string(), at: z.string() })),
    outcome: z
      .object({ approved: z.boolean(), amountFen: z.number().nullable(), decidedAt: z.string(), approvals: z.number(), rejections: z.number() })
      .nullable(),
  })
  .meta({ id: 'Deliberation' });

export const DeliberationListQuery = z.strictObject({
  countyCode: CountyCode.optional().describe('default: the caller’s county'),
  status: z.enum(['open', 'approved', 'rejected']).optional(),
  ...sorting(['updatedAt', 'status', 'orgCode'] as const),
  offset: Offset,
  limit: Limit(100, 50),
});

export const DeliberationList = z.object({ items: z.array(Deliberation), total: Total });
