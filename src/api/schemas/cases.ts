import { z } from 'zod';
import { AppliedCorrections } from './corrections.js';
import { says } from '../validation.js';
import { CASE_STATUSES, CASE_STEPS, CASE_TYPES } from '../../domain/cases.js';
import { DEPARTMENTS, ROLES } from '../../domain/roles.js';
import { TEMPORARY_KINDS } from '../../domain/aid/temporary.js';
import { IsoDateString, Limit, Offset, OrgCode, StreetCode, Total, sorting } from './common.js';
import { CASE_SORT_COLUMNS } from '../../db/cases.js';
import { CooperationOnCase } from './cooperation.js';
import {
  Applicant,
  Commitments,
  EducationIntake,
  EmploymentIntake,
  Guardian,
  Household,
  HousingIntake,
  LegalAidIntake,
  Parents,
  MedicalIntake,
  Pledged,
  ResidentIdNumber,
  TekunIntake,
  TemporaryRequest,
  Residence,
  checkHousehold,
  checkIntake,
  checkResidence,
  householdCheckable,
} from './intake.js';

/** Working days left to decide (src/domain/deadline.ts, workingDaysLeft). */
export const WorkingDaysLeft = z.number().int().nullable().describe('working days after today (Asia/Shanghai) through the due date, counted as the deadline was: the statutory number on acceptance day, 0 on the due day, negative once past it; null before the clock starts or once closed');

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
    employment: EmploymentIntake.optional().describe('required for type employment'),
    legalAid: LegalAidIntake.optional().describe('required for type legal-aid'),
    guardian: Guardian.optional().describe('required for types orphan and defacto-orphan'),
    parents: Parents.optional().describe('required for type defacto-orphan'),
    pledgedInsteadOfProof: Pledged.optional(),
    commitments: Commitments.optional().describe('一证两书 as signed at the window; recorded on the case'),
    residence: Residence.optional(),
  })
  .superRefine(checkResidence)
  .superRefine((b, ctx) => checkIntake(b, [b.type], ctx))
  .superRefine(checkHousehold, householdCheckable);
export type StartCaseBody = z.infer<typeof StartCaseBody>;

const ActorRef = z.object({ sub: z.string(), role: z.enum(ROLES), org: z.string(), name: z.string().optional().describe('the person’s name, from their token') });

const HistoryItem = z.looseObject({ seq: z.number(), at: z.string(), actor: ActorRef, action: z.string(), summary: z.string() });

const CaseNumber = z.string().describe('受理编号: county, year of acceptance, sequence (420106-2026-000123); unique, assigned once when the case is first recorded');

export const CaseView = z
  .looseObject({
    caseId: z.string(),
    caseNumber: CaseNumber.nullable().describe('受理编号 (420106-2026-000123): unique, assigned once when the case is first recorded; null only before that'),
    steps: z
      .array(z.object({ step: z.enum(CASE_STEPS), label: z.string() }))
      .describe('the steps this case goes through, in order, named in Chinese (its type’s declared steps, ending with closed)'),
    applicationId: z.string().nullable(),
    type: z.enum(CASE_TYPES),
    orgCode: z.string(),
    countyCode: z.string(),
    status: z.enum(CASE_STATUSES),
    step: z.enum(CASE_STEPS),
    suspended: z.boolean(),
    applicant: z.object({ name: z.string(), idNumberMasked: z.string(), phone: z.string().optional() }),
    householdId: z.string().nullable().describe('the household in the register: GET /v1/households/{householdId}; null for cases started before it kept one'),
    acceptedAt: z.string(),
    dueDate: z.string().nullable().describe('the last working day to decide, YYYY-MM-DD (Asia/Shanghai)'),
    dueAt: z.string().nullable().describe('the instant the due day ends in Asia/Shanghai'),
    workingDaysLeft: WorkingDaysLeft,
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
    employment: z.looseObject({ wish: z.string(), skills: z.string().optional() }).optional().describe('就业救助 only: what the person wishes and can do'),
    legalAid: z.looseObject({ matter: z.string(), kind: z.string() }).optional().describe('法律援助 only: the matter and its kind'),
    child: z
      .looseObject({
        birthDate: z.string().describe('the child’s, from the resident ID'),
        guardian: z.looseObject({ name: z.string(), idNumberMasked: z.string(), relation: z.string(), phone: z.string().optional() }),
        parents: z.array(z.object({ relation: z.string(), situation: z.string() })).optional(),
      })
      .optional()
      .describe('孤儿, 事实无人抚养儿童 only: the child’s birth date, the guardian (the payee; ID masked) and the parents'),
    department: z.enum(DEPARTMENTS).describe('the department the case is routed to; its approvers decide it'),
    dishonesty: z
      .looseObject({ flagged: z.boolean(), review: z.looseObject({ proceed: z.boolean(), note: z.string() }).nullable() })
      .nullable()
      .describe('失信名单 at intake: no decision before the county’s review-flag'),
    pledges: z
      .looseObject({ items: z.array(z.string()), dueDate: z.string(), overdue: z.boolean(), verifiedAt: z.string().nullable(), truthful: z.boolean().nullable() })
      .nullable()
      .describe('告知承诺: proofs a commitment stood in for, and their post-verification'),
    recovery: z
      .looseObject({
        amountFen: z.number().describe('what was actually paid for the case: the sum of what follows'),
        payments: z
          .array(z.object({ month: z.string(), payee: z.string(), amountFen: z.number() }))
          .optional()
          .describe('the benefit’s months sent, to every payee (returned ones are not)'),
        instalments: z
          .array(z.object({ instalment: z.number(), payee: z.string(), source: z.enum(['reserve', 'county']), amountFen: z.number() }))
          .optional()
          .describe('临时救助 instalments paid'),
        reservePayoutsFen: z.number().optional().describe('of which paid from the street’s reserve'),
        countyDisbursementsFen: z.number().optional().describe('of which disbursed by the county'),
      })
      .nullable()
      .describe('revoked: the amount due for recovery, and what it comprises (absent on cases revoked before it was kept)'),
    cooperation: CooperationOnCase.nullable().optional().describe('居住地申办: the cooperation request (协查) sent to the 户籍 county'),
    history: z.array(HistoryItem),
    corrections: AppliedCorrections,
    allowedActions: z.array(z.string()).describe('actions the caller may take now'),
    actionForms: z
      .array(z.object({ action: z.string(), label: z.string(), schema: z.record(z.string(), z.unknown()) }))
      .describe('for each allowed action, its Chinese label and the JSON Schema of what it carries in a case of this type (the body beside `action`)'),
    version: z.number(),
  })
  .meta({ id: 'Case' });

export const CaseSummary = z
  .object({
    caseId: z.string(),
    caseNumber: CaseNumber,
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
    workingDaysLeft: WorkingDaysLeft,
    dueProvisional: z.boolean(),
    suspended: z.boolean(),
    overdue: z.boolean(),
    overdueSince: z.string().nullable(),
    decidedAt: z.string().nullable(),
    decidedLate: z.boolean().nullable(),
    amountFen: z.number().nullable(),
    publicityClosesAt: z.string().nullable().describe('公示: when the publicity period ends (null before it opens)'),
  })
  .meta({ id: 'CaseSummary' });

export const CaseList = z.object({ items: z.array(CaseSummary), nextCursor: z.string().nullable(), total: Total });

export const ListCasesQuery = z.strictObject({
  orgCode: OrgCode.optional(),
  type: z.enum(CASE_TYPES).optional(),
  status: z.enum(CASE_STATUSES).optional(),
  step: z.enum(CASE_STEPS).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  dueBefore: IsoDateString.optional().describe('cases whose due date is before this date'),
  q: z.string().trim().min(1).max(50).optional().describe('part of a 受理编号 (e.g. 420106-2026-000123, or its last digits) or of the applicant’s name'),
  waitingOn: z.enum(['me']).optional().describe('me: only cases on which the caller has a step to take now (a work queue)'),
  sort: z.enum(['newest', 'due']).default('newest').describe('newest accepted first (default), or soonest due first (no due date last)'),
  ...sorting(CASE_SORT_COLUMNS),
  cursor: z.string().max(500).optional(),
  offset: Offset,
  limit: Limit(100, 20),
});

export const CaseSearchBody = z
  .strictObject({
    name: z.string().trim().min(1).max(50).optional().describe('part of the applicant’s name'),
    idNumber: ResidentIdNumber.optional().describe('the full 18-digit resident ID: hashed by the server, never stored or logged'),
    limit: z.number().int().min(1).max(100).default(50),
  })
  .refine((b) => (b.name === undefined) !== (b.idNumber === undefined), { message: says('field.nameOrId'), path: ['name'] });

export const CaseSearchResult = z.object({ items: z.array(CaseSummary) });

export const CaseIdParams = z.strictObject({ caseId: z.string().min(1).max(100) });
