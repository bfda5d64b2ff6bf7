import { z } from 'zod';
import { says } from '../validation.js';
import { BENEFIT_ACTIONS, BENEFIT_ACTION_LABELS, BENEFIT_ACTION_NAMES, BENEFIT_STATUSES, BENEFIT_TYPES, benefitPayloadOf, type BenefitAction, type BenefitActionRequest, type BenefitType } from '../../domain/benefits.js';
import type { Field } from '../../domain/fields.js';
import { IsoDateString, Limit, Offset, OrgCode, CountyCode, Text, Total, sorting } from './common.js';
import { BENEFIT_SORT_COLUMNS } from '../../db/benefits.js';
import { actionBodyOf, formSchemaOf, schemaOf } from './from-fields.js';
import { CONTACT_FIELDS, CONTACT_KINDS } from '../../domain/contacts.js';

const PAYEE = /^(applicant|carer|guardian(-[2-9]|-[1-9]\d{1,2})?)$/;

export const MonthString = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, says('field.month'));

export const BenefitParams = z.strictObject({ benefitId: z.string().min(1).max(200) });
/** applicant, carer (特困 分散供养), guardian — and guardian-2, guardian-3, … after each change of a child's guardian. */
export const PayeeParams = BenefitParams.extend({ payee: z.string().regex(PAYEE, says('field.payee')) });

export const BenefitListQuery = z.strictObject({
  orgCode: OrgCode.optional().describe('a street or a county; the caller’s own by default'),
  status: z.enum(BENEFIT_STATUSES).optional(),
  type: z.enum(BENEFIT_TYPES).optional(),
  reviewDueBefore: IsoDateString.optional().describe('benefits in force whose review is due on or before this date'),
  contactOverdue: z.enum(['true', 'false']).optional().describe('true: benefits in force whose next contact (a visit or a call) is past'),
  ...sorting(BENEFIT_SORT_COLUMNS),
  cursor: z.string().max(300).optional(),
  offset: Offset,
  limit: Limit(200, 50),
});

const PayeeView = z.object({
  payee: z.string(),
  name: z.string(),
  monthlyAmountFen: z.number().describe('this month (or the first month, before it starts); 0 once stopped'),
  bankName: z.string().nullable(),
  accountMasked: z.string().nullable().describe('last four digits; the full number is stored encrypted'),
});

const BenefitSummaryFields = {
  benefitId: z.string(),
  caseId: z.string(),
  type: z.enum(BENEFIT_TYPES),
  orgCode: z.string(),
  applicantName: z.string(),
  status: z.enum(BENEFIT_STATUSES),
  stopReason: z.string().nullable(),
  monthlyAmountFen: z.number(),
  firstMonth: z.string(),
  lastMonth: z.string().nullable().describe('the last month paid: a stop’s month or the 渐退期’s end'),
  endsAfterMonth: z.string().nullable().describe('孤儿, 事实无人抚养儿童: the benefit pays through this month and then stops by itself (the 18th birthday’s, or the study age’s)'),
  reviewDueDate: z.string(),
  reviewDeadline: z.string().nullable().describe('once the review is due: the working-day deadline to record it'),
  reviewOverdue: z.boolean(),
  contact: z
    .object({
      everyDays: z.number().describe('days between contacts (policy key `contact`; 特困 people living alone sooner)'),
      lastOn: z.string().nullable().describe('the last contact’s date; null before the first'),
      nextDueOn: z.string().describe('the last contact (before the first: the benefit’s opening) plus everyDays'),
      overdue: z.boolean().describe('nextDueOn has passed (never for a stopped benefit)'),
    })
    .describe('keeping in touch with the person: visits and calls (POST …/contacts)'),
};

const BenefitSummary = z.object(BenefitSummaryFields);
export const BenefitList = z.object({ items: z.array(BenefitSummary), nextCursor: z.string().nullable(), total: Total });

export const Benefit = z
  .object({
    ...BenefitSummaryFields,
    standardPlaceholder: z.boolean().describe('the standard these amounts follow is a seeded placeholder, not a published figure: load it (PUT /v1/policies)'),
    payees: z.array(PayeeView),
    basis: z.unknown().describe('what the amounts are computed from: household, income, each payee’s component and adjustment'),
    payments: z.array(
      z.object({ month: z.string(), payee: z.string(), amountFen: z.number(), status: z.string(), payrollId: z.string(), attempts: z.number(), failureReason: z.string().nullable() }),
    ),
    history: z.array(z.object({ at: z.string(), actor: z.object({ sub: z.string(), role: z.string() }), action: z.string(), summary: z.string(), details: z.unknown() })),
    allowedActions: z.array(z.enum(BENEFIT_ACTION_NAMES as [BenefitAction, ...BenefitAction[]])).describe('actions the caller may take now (POST …/actions)'),
    actionForms: z
      .array(z.object({ action: z.string(), label: z.string(), schema: z.record(z.string(), z.unknown()) }))
      .describe('for each allowed action, its Chinese label and the JSON Schema of what it carries for a benefit of this type (the body beside `action`)'),
    accountEditable: z.boolean().describe('the caller may set a payee’s bank account (PUT …/payees/:payee/account)'),
    contacts: z
      .array(
        z.object({
          contactId: z.string(),
          on: z.string(),
          kind: z.enum(CONTACT_KINDS),
          findings: z.string(),
          recordedBy: z.object({ sub: z.string(), role: z.string(), name: z.string().optional() }),
          recordedAt: z.string(),
        }),
      )
      .describe('the visits and calls recorded, the latest first'),
    contactForm: z
      .object({ label: z.string(), schema: z.record(z.string(), z.unknown()) })
      .nullable()
      .describe('the caller may record a contact now (POST …/contacts): its Chinese label and the JSON Schema of what it carries'),
  })
  .meta({ id: 'Benefit' });

export interface BenefitActionForm {
  action: BenefitAction;
  label: string;
  schema: Record<string, unknown>;
}

/** Each type's form of each action, made once: the label and what the action carries for that type. */
const BENEFIT_FORMS = Object.fromEntries(
  BENEFIT_TYPES.map((t) => [t, Object.fromEntries(BENEFIT_ACTION_NAMES.map((a) => [a, { action: a, label: BENEFIT_ACTION_LABELS[a], schema: formSchemaOf(benefitPayloadOf(t, a)) }]))]),
) as Record<BenefitType, Record<BenefitAction, BenefitActionForm>>;

export const benefitActionFormOf = (type: BenefitType, action: BenefitAction): BenefitActionForm => BENEFIT_FORMS[type][action];

/** Every benefit action's body, from the domain's table (src/domain/benefits.ts). */
export const BenefitActionBody = z.discriminatedUnion(
  'action',
  BENEFIT_ACTION_NAMES.map((a) => actionBodyOf(a, BENEFIT_ACTIONS[a] as { payload: Field; summary: string })) as unknown as [z.ZodObject, ...z.ZodObject[]],
) as unknown as z.ZodType<BenefitActionRequest>;

/** A visit or a call to the benefit's person (the domain's fields, src/domain/contacts.ts). */
export const ContactBody = schemaOf(CONTACT_FIELDS);
export const contactFormSchema = formSchemaOf(CONTACT_FIELDS);

/** A payee's bank account number, as a benefit's payee and a service provider give it. */
export const AccountNumber = z.string().regex(/^\d{8,30}$/, says('field.account')).describe('stored encrypted; shown masked');

export const AccountBody = z.strictObject({ bankName: Text(100), accountNumber: AccountNumber });

/** What a payroll's civil-affairs approver does with it, each in one status. */
export const PAYROLL_ACTIONS = ['release', 'file', 'returns'] as const;

export const PayrollBody = z.strictObject({ countyCode: CountyCode, month: MonthString });
export const PayrollParams = z.strictObject({ payrollId: z.string().min(1).max(200) });

const Amounts = z.object({ payments: z.number(), amountFen: z.number() });
export const Payroll = z
  .object({
    payrollId: z.string(),
    countyCode: z.string(),
    month: z.string(),
    status: z.enum(['preparing', 'prepared', 'released', 'sent']),
    requestedBy: z.string(),
    requestedAt: z.string(),
    preparedAt: z.string().nullable(),
    releasedBy: z.string().nullable(),
    releasedAt: z.string().nullable(),
    sentAt: z.string().nullable(),
    totals: z.object({
      payments: z.number().describe('not counting cancelled ones'),
      amountFen: z.number(),
      byStatus: z.record(z.string(), Amounts).describe('prepared, held (no account on file), sent, failed (returned by the bank), cancelled'),
      byStreetAndType: z.array(z.object({ orgCode: z.string(), type: z.string(), payments: z.number(), recipients: z.number(), amountFen: z.number() })),
      movedToLaterPayrolls: z.number().describe('returned or held here, paid again by a later payroll'),
    }),
    allowedActions: z.array(z.enum(PAYROLL_ACTIONS)).describe('what the caller may do now: release (POST …/release), file (GET …/file), returns (POST …/returns)'),
  })
  .meta({ id: 'Payroll' });

export const PayrollListQuery = z.strictObject({
  countyCode: CountyCode.optional().describe('the caller’s own county by default'),
  ...sorting(['month', 'status', 'requestedAt'] as const),
  offset: Offset,
  limit: Limit(120, 24),
});
export const PayrollList = z.object({
  mayPrepare: z.boolean().describe('the caller may prepare this county’s payroll (POST /v1/payrolls)'),
  items: z.array(z.object({ payrollId: z.string(), countyCode: z.string(), month: z.string(), status: z.enum(['preparing', 'prepared', 'released', 'sent']), requestedAt: z.string(), releasedAt: z.string().nullable(), sentAt: z.string().nullable() })),
  total: Total,
});

export const PaymentsQuery = z.strictObject({ cursor: z.string().max(300).optional(), limit: Limit(1000, 100) });
export const PaymentsPage = z.object({
  items: z.array(
    z.object({
      benefitId: z.string(),
      month: z.string(),
      payee: z.string(),
      name: z.string(),
      accountMasked: z.string().nullable(),
      orgCode: z.string(),
      type: z.string(),
      amountFen: z.number(),
      status: z.string(),
      attempts: z.number(),
      failureReason: z.string().nullable(),
      reference: z.string().describe('the bank file’s reference: benefitId/month/payee'),
    }),
  ),
  nextCursor: z.string().nullable(),
});

export const ReturnsBody = z.strictObject({
  items: z
    .array(
      z.strictObject({
        reference: z.string().regex(/^[^/]+\/\d{4}-(0[1-9]|1[0-2])\/(applicant|carer|guardian(-\d{1,3})?)$/, says('field.bankReference')),
        reason: Text(500),
      }),
    )
    .min(1)
    .max(100_000),
});
export const ReturnsResult = z.object({ failed: z.number().describe('payments newly marked failed; a repeated return counts 0'), payroll: Payroll });

export const SpendingQuery = z.strictObject({ orgCode: OrgCode.optional(), from: MonthString, to: MonthString });
export const Spending = z.object({
  orgCode: z.string(),
  from: z.string(),
  to: z.string(),
  items: z.array(z.object({ month: z.string(), type: z.string(), orgCode: z.string(), payments: z.number(), recipients: z.number(), amountFen: z.number() })),
  totalFen: z.number(),
});
