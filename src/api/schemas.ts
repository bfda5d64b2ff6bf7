import { z } from 'zod';
import { CASE_STATUSES, CASE_STEPS, CASE_TYPES } from '../domain/cases.js';
import { isIsoDate } from '../domain/dates.js';
import { isValidResidentId } from '../domain/resident-id.js';
import { TEMPORARY_KINDS } from '../domain/temporary.js';
import { DEPARTMENTS, ROLES } from '../domain/roles.js';

// Request schemas reject unknown fields (strictObject); responses describe what we send.

export const Fen = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe('integer fen (分)');
export const PositiveFen = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).describe('integer fen (分), more than zero');
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

/** An instalment schedule: explicit dates and amounts, or a count and an interval in days. */
export const Installments = z.union([
  z.array(z.strictObject({ dueDate: IsoDateString, amountFen: PositiveFen })).min(1).max(60),
  z.strictObject({
    count: z.number().int().min(1).max(60),
    intervalDays: z.number().int().min(1).max(366),
    firstDueDate: IsoDateString.optional(),
  }),
]);

/** 临时救助 at intake: which kind, how much is asked for and why. */
export const TemporaryRequest = z.strictObject({
  kind: z.enum(TEMPORARY_KINDS).describe('emergency (急难型) or expense (支出型)'),
  amountFen: PositiveFen.describe('requested amount'),
  reason: Text(2000).optional().describe('the emergency or the expense'),
  installments: Installments.optional().describe('expense only: the proposed schedule'),
});

export const TekunIntake = z.strictObject({ livesAlone: z.boolean().optional(), disabilityLevel: Text(50).optional() });
export const MedicalIntake = z.strictObject({
  billFen: PositiveFen.describe('the hospital bill'),
  hospital: Text(200),
  admittedOn: IsoDateString,
  dischargedOn: IsoDateString.optional(),
  category: z.enum(['general', 'serious']).describe('一般住院 or 大病住院'),
});
export const EducationIntake = z.strictObject({ studentName: Text(64), school: Text(200), grade: Text(50).optional() });
export const HousingIntake = z.strictObject({ currentRentFen: Fen.optional(), address: Text(200).optional() });

/** 告知承诺: the proofs a commitment stands in for; verified after the fact. */
const Pledged = z.array(Text(200)).max(20).describe('告知承诺: proofs the applicant’s commitment stands in for');

const TYPE_FIELDS = ['temporary', 'tekun', 'medical', 'education', 'housing'] as const;

/** Type-specific fields: required where a type cannot run without them, refused on other types. */
function checkTypeFields(b: Partial<Record<(typeof TYPE_FIELDS)[number], unknown>>, types: readonly string[], ctx: z.RefinementCtx): void {
  for (const field of TYPE_FIELDS) {
    if (b[field] !== undefined && !types.includes(field)) ctx.addIssue({ code: 'custom', path: [field], message: `only with a ${field} request` });
  }
  for (const needed of ['temporary', 'medical'] as const) {
    if (types.includes(needed) && b[needed] === undefined) ctx.addIssue({ code: 'custom', path: [needed], message: `required for a ${needed} request` });
  }
}

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
    temporary: TemporaryRequest.optional().describe('required for type temporary'),
    tekun: TekunIntake.optional(),
    medical: MedicalIntake.optional().describe('required for type medical'),
    education: EducationIntake.optional(),
    housing: HousingIntake.optional(),
    pledgedInsteadOfProof: Pledged.optional(),
  })
  .superRefine((b, ctx) => {
    checkTypeFields(b, [b.type], ctx);
    if (b.temporary?.kind === 'emergency' && b.temporary.installments) {
      ctx.addIssue({ code: 'custom', path: ['temporary', 'installments'], message: 'an emergency payout is paid at once, in one sum' });
    }
  });
export type StartCaseBody = z.infer<typeof StartCaseBody>;

const TekunSupport = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('centralised'), institution: Text(200) }),
  z.strictObject({
    mode: z.literal('dispersed'),
    carer: z.strictObject({ name: Text(64), phone: z.string().regex(/^\+?[0-9 -]{5,20}$/, 'must be a phone number').optional() }),
    careFeeFen: PositiveFen,
    agreementSignedOn: IsoDateString.describe('照料服务协议'),
  }),
]);

const CaseActionUnion = z.discriminatedUnion('action', [
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
    z.strictObject({
      action: z.literal('decide'),
      decision: z.literal('approve'),
      monthlyAmountFen: PositiveFen.optional().describe('低保/特困: monthly allowance; 公租房: monthly rent subsidy'),
      approvedAmountFen: PositiveFen.optional().describe('医疗救助: the amount reimbursed'),
      reimbursementPercent: z.number().int().min(0).max(100).optional().describe('医疗救助: share of the bill'),
      amountFen: Fen.optional().describe('教育救助: the aid granted'),
      measures: z.array(Text(200)).max(20).optional().describe('教育救助: e.g. 学费减免, 生活补助'),
      support: TekunSupport.optional().describe('特困: centralised or dispersed support'),
      reason: Text(2000).optional(),
    }),
    z.strictObject({ action: z.literal('decide'), decision: z.literal('reject'), reason: Text(2000) }),
  ]),
  z.strictObject({ action: z.literal('record-school-investigation'), findings: Text(4000), eligible: z.boolean() }),
  z.strictObject({ action: z.literal('record-street-review'), findings: Text(4000), eligible: z.boolean() }),
  // Every type
  z.strictObject({ action: z.literal('review-flag'), proceed: z.boolean(), note: Text(2000) }),
  z.strictObject({ action: z.literal('record-verification'), truthful: z.boolean(), findings: Text(4000) }),
  z.strictObject({ action: z.literal('refer-to-employment'), receivingOrg: Text(200), followUpDate: IsoDateString, note: Text(2000).optional() }),
  z.strictObject({ action: z.literal('refer-to-charity'), receivingOrg: Text(200), followUpDate: IsoDateString, note: Text(2000).optional() }),
  z.strictObject({ action: z.literal('request-supplement'), items: z.array(Text(200)).min(1).max(50) }),
  z.strictObject({ action: z.literal('supplement-received'), note: Text(2000).optional() }),
  z.strictObject({ action: z.literal('withdraw'), reason: Text(2000) }),
  // 临时救助
  z.strictObject({
    action: z.literal('approve'),
    amountFen: PositiveFen,
    installments: Installments.optional().describe('expense: the schedule, summing exactly to amountFen'),
    followUpRequired: z.boolean().optional().describe('expense: each instalment waits for confirm-follow-up'),
    note: Text(2000).optional(),
  }),
  z.strictObject({ action: z.literal('reject'), reason: Text(2000) }),
  z.strictObject({ action: z.literal('forward-to-county'), reason: Text(2000).optional() }),
  z.strictObject({ action: z.literal('escalate'), reason: Text(2000), proposedAmountFen: PositiveFen }),
  z.strictObject({ action: z.literal('submit-paperwork'), documents: z.array(Text(200)).min(1).max(50), note: Text(2000).optional() }),
  z.strictObject({ action: z.literal('confirm-follow-up'), instalment: z.number().int().min(1), needsContinue: z.boolean(), findings: Text(4000) }),
  z.strictObject({ action: z.literal('stop-installments'), reason: Text(2000) }),
]);

/** A schedule of dates and amounts must add up to the approved amount exactly. */
export const CaseActionBody = CaseActionUnion.superRefine((b, ctx) => {
  if (b.action === 'approve' && Array.isArray(b.installments)) {
    const sum = b.installments.reduce((s, i) => s + i.amountFen, 0);
    if (sum !== b.amountFen) ctx.addIssue({ code: 'custom', path: ['installments'], message: `amounts sum to ${sum} fen, not amountFen ${b.amountFen}` });
  }
});
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
    amountFen: z.number().nullable().describe('低保: the monthly amount; 临时救助: the approved amount'),
    temporary: z
      .looseObject({
        kind: z.enum(TEMPORARY_KINDS),
        requestedAmountFen: z.number(),
        approval: z.looseObject({ amountFen: z.number(), by: z.enum(['street', 'county', 'committee']), filed: z.boolean() }).nullable(),
        deliberationId: z.string().nullable().describe('一事一议: GET /v1/deliberations/{id}'),
        installments: z.array(
          z.looseObject({
            instalment: z.number(),
            dueDate: z.string(),
            amountFen: z.number(),
            status: z.enum(['scheduled', 'awaiting-follow-up', 'paying', 'awaiting-funds', 'paid', 'skipped', 'stopped']),
            source: z.enum(['reserve', 'county']).optional(),
            paidAt: z.string().optional(),
          }),
        ),
        paidFen: z.number(),
        paidAt: z.string().nullable(),
        paidLate: z.boolean().nullable().describe('emergency: paid after the 24-hour window'),
        awaitingFunds: z.boolean().describe('the street reserve is short; paid when replenished'),
        paperwork: z.looseObject({ dueDate: z.string(), overdue: z.boolean(), submittedAt: z.string().nullable() }).nullable(),
      })
      .nullable()
      .optional()
      .describe('临时救助 only'),
    department: z.enum(DEPARTMENTS).describe('the department the case is routed to; its approvers decide it'),
    dishonesty: z
      .looseObject({ flagged: z.boolean(), review: z.looseObject({ proceed: z.boolean(), note: z.string() }).nullable() })
      .nullable()
      .describe('失信名单 at intake: no decision before the county’s review-flag'),
    pledges: z
      .looseObject({ items: z.array(z.string()), dueDate: z.string(), overdue: z.boolean(), verifiedAt: z.string().nullable(), truthful: z.boolean().nullable() })
      .nullable()
      .describe('告知承诺: proofs a commitment stood in for, and their post-verification'),
    recovery: z.looseObject({ amountFen: z.number() }).nullable().describe('revoked: the amount due for recovery'),
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
    department: z.string(),
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
  dueBefore: IsoDateString.optional().describe('cases whose due date is before this date'),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const CaseIdParams = z.strictObject({ caseId: z.string().min(1).max(100) });

/** What each type's approval must carry, checked once the case's type is known (400 naming the field). */
export const APPROVAL_REQUIRES: Record<string, Array<'monthlyAmountFen' | 'approvedAmountFen' | 'support'>> = {
  dibao: ['monthlyAmountFen'],
  tekun: ['monthlyAmountFen', 'support'],
  medical: ['approvedAmountFen'],
  housing: ['monthlyAmountFen'],
  education: [],
};

export const ApplicationBody = z
  .strictObject({
    orgCode: StreetCode,
    applicant: Applicant,
    household: Household,
    requested: z
      .array(z.enum(CASE_TYPES))
      .max(CASE_TYPES.length)
      .refine((r) => new Set(r).size === r.length, 'each type once')
      .describe('aid types asked for; the assessment may propose more'),
    commitments: z
      .strictObject({
        economicCheckAuthorized: z.literal(true, 'the household economic check must be authorised (家庭经济状况核对授权书)'),
        truthfulnessPledged: z.literal(true, 'the truthfulness commitment must be signed (信息填报真实性承诺书)'),
      })
      .describe('一证两书: both must be true'),
    pledgedInsteadOfProof: Pledged.optional(),
    assessment: z
      .strictObject({
        householdStructure: z
          .strictObject({
            elderly: z.number().int().min(0).max(50).optional(),
            children: z.number().int().min(0).max(50).optional(),
            students: z.number().int().min(0).max(50).optional(),
            disabled: z.number().int().min(0).max(50).optional(),
            singleParent: z.boolean().optional(),
            livesAlone: z.boolean().optional(),
          })
          .optional(),
        health: z.strictObject({ seriousIllness: z.boolean().optional(), disability: z.boolean().optional(), note: Text(2000).optional() }).optional(),
        workAbility: z.enum(['full', 'partial', 'none']).optional(),
        causeOfHardship: Text(2000).optional(),
        rigidExpensesFen: z.strictObject({ medical: Fen.optional(), education: Fen.optional(), other: Fen.optional() }).optional(),
      })
      .optional()
      .describe('综合评估 as the window recorded it; the service adds income against the standard and proposes measures'),
    temporary: TemporaryRequest.optional(),
    tekun: TekunIntake.optional(),
    medical: MedicalIntake.optional(),
    education: EducationIntake.optional(),
    housing: HousingIntake.optional(),
    acceptedAt: z.iso.datetime({ offset: true }).optional().describe('system imports only'),
  })
  .superRefine((b, ctx) => {
    // Proposals may open tekun or education cases too: their optional fields are welcome.
    checkTypeFields(b, [...b.requested, 'tekun', 'education'], ctx);
    if (b.temporary?.kind === 'emergency' && b.temporary.installments) {
      ctx.addIssue({ code: 'custom', path: ['temporary', 'installments'], message: 'an emergency payout is paid at once, in one sum' });
    }
  });
export type ApplicationBody = z.infer<typeof ApplicationBody>;
