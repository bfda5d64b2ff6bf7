import { z } from 'zod';
import { CASE_STATUSES, CASE_STEPS, CASE_TYPES, IMPLEMENTED_CASE_TYPES } from '../domain/cases.js';
import { isIsoDate } from '../domain/dates.js';
import { isValidResidentId } from '../domain/resident-id.js';
import { ROLES } from '../domain/roles.js';

// Request schemas reject unknown fields (strictObject); responses describe what we send.

export const Fen = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe('integer fen (分)');
const Text = (max: number) => z.string().trim().min(1).max(max);
export const StreetCode = z.string().regex(/^\d{9}$/, 'must be a 9-digit street (街道/镇) code');
export const OrgCode = z.string().regex(/^\d{6}(\d{3})?$/, 'must be a 6-digit county or 9-digit street code');
export const IsoDateString = z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD');

export const Applicant = z.strictObject({
  name: Text(64),
  idNumber: z
    .string()
    .refine(isValidResidentId, 'must be an 18-digit resident ID number with a valid checksum')
    .describe('18-digit resident ID; stored and shown masked'),
  phone: z.string().regex(/^\+?[0-9 -]{5,20}$/, 'must be a phone number').optional(),
});

export const Household = z.strictObject({
  size: z.number().int().min(1).max(50),
  monthlyIncomeFen: Fen,
  assetsFen: Fen.optional(),
  address: Text(200).optional(),
});

export const StartCaseBody = z
  .strictObject({
    type: z.enum(CASE_TYPES),
    orgCode: StreetCode,
    applicant: Applicant,
    household: Household,
    acceptedAt: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('system imports only: when a window accepted the case; not in the future'),
  })
  .superRefine((b, ctx) => {
    if (!IMPLEMENTED_CASE_TYPES.includes(b.type)) {
      ctx.addIssue({ code: 'custom', path: ['type'], message: `type ${b.type} is not available yet (available: ${IMPLEMENTED_CASE_TYPES.join(', ')})` });
    }
  });
export type StartCaseBody = z.infer<typeof StartCaseBody>;

export const CaseActionBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('record-economic-check'), perCapitaIncomeFen: Fen, assetsWithinLimits: z.boolean() }),
  z.strictObject({ action: z.literal('record-home-visit'), findings: Text(4000) }),
  z.strictObject({ action: z.literal('record-objection'), summary: Text(2000) }),
  z.strictObject({
    action: z.literal('resolve-objection'),
    upheld: z.boolean(),
    reason: Text(2000),
    objectionId: z.number().int().min(1).optional(),
  }),
  z.discriminatedUnion('decision', [
    z.strictObject({ action: z.literal('decide'), decision: z.literal('approve'), monthlyAmountFen: Fen.min(1), reason: Text(2000).optional() }),
    z.strictObject({ action: z.literal('decide'), decision: z.literal('reject'), reason: Text(2000) }),
  ]),
  z.strictObject({ action: z.literal('request-supplement'), items: z.array(Text(200)).min(1).max(50) }),
  z.strictObject({ action: z.literal('supplement-received'), note: Text(2000).optional() }),
  z.strictObject({ action: z.literal('withdraw'), reason: Text(2000) }),
]);
export type CaseActionBody = z.infer<typeof CaseActionBody>;

export const IdempotencyHeaders = z.looseObject({
  'idempotency-key': z.string().min(1).max(200).optional(),
});

const ActorRef = z.object({ sub: z.string(), role: z.enum(ROLES), org: z.string() });

export const HistoryItem = z.looseObject({ seq: z.number(), at: z.string(), actor: ActorRef, action: z.string(), summary: z.string() });

export const CaseView = z
  .looseObject({
    caseId: z.string(),
    applicationId: z.string().nullable(),
    type: z.enum(CASE_TYPES),
    orgCode: z.string(),
    countyCode: z.string(),
    status: z.enum(CASE_STATUSES),
    step: z.enum(CASE_STEPS),
    suspended: z.boolean(),
    applicant: z.object({ name: z.string(), idNumberMasked: z.string(), phone: z.string().optional() }),
    acceptedAt: z.string(),
    dueDate: z.string().nullable().describe('the last working day to decide, YYYY-MM-DD (Asia/Shanghai)'),
    dueAt: z.string().nullable().describe('the instant the due day ends in Asia/Shanghai'),
    dueProvisional: z.boolean().describe('the calendar for part of the span is not yet published'),
    overdue: z.boolean(),
    overdueSince: z.string().nullable(),
    decidedAt: z.string().nullable(),
    decidedLate: z.boolean().nullable(),
    amountFen: z.number().nullable(),
    history: z.array(HistoryItem),
    allowedActions: z.array(z.string()).describe('actions the caller may take now'),
    version: z.number(),
  })
  .meta({ id: 'Case' });

export const CaseSummary = z
  .object({
    caseId: z.string(),
    applicationId: z.string().nullable(),
    type: z.string(),
    orgCode: z.string(),
    status: z.string(),
    step: z.string(),
    applicant: z.object({ name: z.string(), idNumberMasked: z.string() }),
    acceptedAt: z.string(),
    dueDate: z.string().nullable(),
    dueAt: z.string().nullable(),
    dueProvisional: z.boolean(),
    suspended: z.boolean(),
    overdue: z.boolean(),
    overdueSince: z.string().nullable(),
    decidedAt: z.string().nullable(),
    decidedLate: z.boolean().nullable(),
    amountFen: z.number().nullable(),
  })
  .meta({ id: 'CaseSummary' });

export const ListCasesQuery = z.strictObject({
  orgCode: OrgCode.optional(),
  type: z.enum(CASE_TYPES).optional(),
  status: z.enum(CASE_STATUSES).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  dueBefore: IsoDateString.optional().describe('cases due on or before this date'),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const CaseIdParams = z.strictObject({ caseId: z.string().min(1).max(100) });
