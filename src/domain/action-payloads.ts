// What each case action carries, stated once. The API's zod schemas and OpenAPI text, the workflows'
// validators and the request types all derive from this table (see fields.ts).
import {
  bool,
  date,
  describe,
  either,
  fen,
  int,
  list,
  object,
  oneOf,
  optional,
  phone,
  positiveFen,
  tagged,
  problemIn,
  text,
  type Field,
  type Infer,
  type Problem,
} from './fields.js';
import { SELF_CARE } from './benefits.js';

type Simplify<T> = { [K in keyof T]: T[K] } & {};

const reason = text(2000);
const note = optional(text(2000));
const findings = text(4000);

/** An instalment schedule: explicit dates and amounts, or a count and an interval in days. */
export const installmentsField = either(
  list(object({ dueDate: date(), amountFen: positiveFen() }), 1, 60),
  object({ count: int(1, 60), intervalDays: int(1, 366), firstDueDate: optional(date()) }),
);

/** 特困: how the person is supported; dispersed support has a carer under a care agreement (000 (二)2). */
export const tekunSupportField = tagged('mode', {
  centralised: { institution: text(200) },
  dispersed: { carer: object({ name: text(64), phone: optional(phone()) }), careFeeFen: positiveFen(), agreementSignedOn: describe(date(), '照料服务协议') },
});

const referral = { receivingOrg: text(200), followUpDate: date(), note };

/** The approval's fields: which of them a type's approval must carry is in its declaration (domain/aid). */
const approval = {
  monthlyAmountFen: optional(describe(positiveFen(), '低保/特困: monthly allowance; 公租房: monthly rent subsidy')),
  approvedAmountFen: optional(describe(positiveFen(), '医疗救助: the amount reimbursed')),
  reimbursementPercent: optional(describe(int(0, 100), '医疗救助: share of the bill')),
  amountFen: optional(describe(fen(), '教育救助: the aid granted')),
  measures: optional(describe(list(text(200), 0, 20), '教育救助: e.g. 学费减免, 生活补助')),
  support: optional(describe(tekunSupportField, '特困: centralised or dispersed support')),
  selfCare: optional(describe(oneOf(SELF_CARE), '特困: 生活自理能力 (full 完全自理, partial 部分失能, none 完全失能); sets the care standard; full if absent')),
  employedMembers: optional(describe(int(0, 50), '低保: household members in work (their work costs are deducted from income; 渐退期; a sooner review); 0 if absent')),
  reason: optional(reason),
};

export const ACTION_PAYLOADS = {
  'record-economic-check': { summary: '家庭经济状况核对', payload: object({ perCapitaIncomeFen: fen(), assetsWithinLimits: bool() }) },
  'record-home-visit': { summary: '入户调查', payload: object({ findings }) },
  'record-school-investigation': { summary: '学校调查 (教育救助)', payload: object({ findings, eligible: bool() }) },
  'record-street-review': { summary: '街道审核 (公租房)', payload: object({ findings, eligible: bool() }) },
  'record-objection': { summary: '公示异议, while publicity is open', payload: object({ summary: text(2000) }) },
  'resolve-objection': { summary: 'upheld → back to the step before publicity', payload: object({ upheld: bool(), reason, objectionId: optional(int(1, 10_000)) }) },
  decide: { summary: '审批决定', payload: tagged('decision', { approve: approval, reject: { reason } }) },
  'request-supplement': { summary: '补正: pauses the deadline clock', payload: object({ items: list(text(200), 1, 50) }) },
  'supplement-received': { summary: 'resumes the clock with the working days that were left', payload: object({ note }) },
  withdraw: { summary: '撤回', payload: object({ reason }) },
  'review-flag': { summary: '失信 review by the county before any decision', payload: object({ proceed: bool(), note: text(2000) }) },
  'record-verification': { summary: '告知承诺 verified; false revokes the case', payload: object({ truthful: bool(), findings }) },
  'refer-to-employment': { summary: '就业转介', payload: object(referral) },
  'refer-to-charity': { summary: '慈善衔接, after a decision', payload: object(referral) },
  approve: {
    summary: 'street within its authority, county after forward-to-county',
    payload: object({
      amountFen: positiveFen(),
      installments: optional(describe(installmentsField, 'expense: the schedule, summing exactly to amountFen')),
      followUpRequired: optional(describe(bool(), 'expense: each instalment waits for confirm-follow-up')),
      note,
    }),
  },
  reject: { summary: '不予救助', payload: object({ reason }) },
  'forward-to-county': { summary: '报县级审批: above the street’s authority', payload: object({ reason: optional(reason) }) },
  escalate: { summary: '一事一议: to the coordination group', payload: object({ reason, proposedAmountFen: positiveFen() }) },
  'submit-paperwork': { summary: '事后补办材料', payload: object({ documents: list(text(200), 1, 50), note }) },
  'confirm-follow-up': { summary: '跟进救助 before an instalment', payload: object({ instalment: int(1, 60), needsContinue: bool(), findings }) },
  'stop-installments': { summary: '停止后续救助', payload: object({ reason }) },
} as const;

export type CaseAction = keyof typeof ACTION_PAYLOADS;
export const CASE_ACTIONS = Object.keys(ACTION_PAYLOADS) as CaseAction[];

/** An action's fields sit beside `action`; `decide`'s vary with its `decision`. */
type Payload<A extends CaseAction> = Infer<(typeof ACTION_PAYLOADS)[A]['payload']>;

/** One action as the caller sends it: `{ action, ...payload }`. */
export type ActionRequest<A extends CaseAction = CaseAction> = { [K in A]: Simplify<{ action: K } & Payload<K>> }[A];
export type CaseActionRequest = ActionRequest;

/** The first problem with an action's payload (the workflow's check for callers that bypass the API). */
export function payloadProblem(request: { action: string }): Problem | undefined {
  const spec = (ACTION_PAYLOADS as Record<string, { payload: Field } | undefined>)[request.action];
  if (!spec) return { path: 'action', message: `unknown action ${request.action}` };
  const { action: _action, ...payload } = request;
  return problemIn(spec.payload, payload);
}
