// What each case action carries, stated once. The API's zod schemas and OpenAPI text, the workflows'
// validators and the request types all derive from this table (see fields.ts).
import type { Bilingual } from './catalogue.js';
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
  type Fields,
  type Infer,
  type Problem,
} from './fields.js';
import { economicCheckReportPayload } from './household.js';
import { SELF_CARE } from './self-care.js';

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

/**
 * Every field an approval of some aid type may carry, described once. Each type's declaration
 * (domain/aid) names which of them its approval requires and which it allows; any other is refused.
 */
export const APPROVAL_FIELDS = {
  monthlyAmountFen: describe(positiveFen(), '月保障金额（分）；低保不填则按家庭收入与标准计算，填写须与计算结果一致'),
  approvedAmountFen: describe(positiveFen(), '核准救助金额（分），不超过医疗费用'),
  reimbursementPercent: describe(int(0, 100), '救助比例（%）'),
  amountFen: describe(fen(), '教育救助金额（分）'),
  measures: describe(list(text(200), 0, 20), '救助措施，如学费减免、生活补助'),
  support: describe(tekunSupportField, '供养方式：集中供养或分散供养'),
  selfCare: describe(oneOf(SELF_CARE), '生活自理能力：full 完全自理，partial 部分失能，none 完全失能（不填为完全自理）'),
  employedMembers: describe(int(0, 50), '家庭成员中就业人数（扣除就业成本；渐退期；复核周期），不填为 0'),
} as const;
export type ApprovalField = keyof typeof APPROVAL_FIELDS;

const allOptional = <const S extends Fields>(fields: S) =>
  Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, optional(f)])) as { [K in keyof S]: S[K] & { optional: true } };

export const ACTION_PAYLOADS = {
  'record-economic-check': {
    summary: '家庭经济状况核对: the 核对 system\'s report, or (a household without members) the two figures',
    payload: object({
      perCapitaIncomeFen: optional(describe(fen(), '人均月收入（分）：无家庭成员登记且无核对报告时必填')),
      assetsWithinLimits: optional(describe(bool(), '财产是否符合规定：无家庭成员登记且无核对报告时必填')),
      report: optional(economicCheckReportPayload),
    }),
  },
  'record-home-visit': { summary: '入户调查', payload: object({ findings }) },
  'record-school-investigation': { summary: '学校调查 (教育救助)', payload: object({ findings, eligible: bool() }) },
  'record-street-review': { summary: '街道审核 (公租房)', payload: object({ findings, eligible: bool() }) },
  'record-objection': { summary: '公示异议, while publicity is open', payload: object({ summary: text(2000) }) },
  'resolve-objection': { summary: 'upheld → back to the step before publicity', payload: object({ upheld: bool(), reason, objectionId: optional(int(1, 10_000)) }) },
  // The union of every type's approval, for the request type; a case validates against its own type's (aid/index.ts).
  decide: {
    summary: '审批决定',
    payload: tagged('decision', { approve: { ...allOptional(APPROVAL_FIELDS), reason: optional(reason) }, reject: { reason }, 'low-income': { reason: optional(reason) } }),
  },
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

/** The `decide` payload of a type whose approval requires and allows these fields. */
export function decidePayload(approval: { requires: readonly ApprovalField[]; allows: readonly ApprovalField[]; lowIncome?: boolean }): Field {
  const fields: Record<string, Field> = { reason: optional(reason) };
  for (const f of approval.allows) fields[f] = optional(APPROVAL_FIELDS[f]);
  for (const f of approval.requires) fields[f] = APPROVAL_FIELDS[f];
  // 低收入 (低保边缘): recognised on a 低保 case whose household is above the standard but within the line.
  return tagged('decision', { approve: fields, reject: { reason }, ...(approval.lowIncome ? { 'low-income': { reason: optional(reason) } } : {}) });
}

/** The first problem with an action's payload, checked against the given payload description. */
export function payloadProblemIn(payload: Field, request: { action: string }): Problem | undefined {
  const { action: _action, ...rest } = request;
  return problemIn(payload, rest);
}

/** Each action's name as caseworkers say it: the case's `actionForms` and the console's buttons. */
export const ACTION_LABELS: Record<CaseAction, string> = {
  'record-economic-check': '录入经济状况核对',
  'record-home-visit': '录入入户调查',
  'record-school-investigation': '录入学校调查',
  'record-street-review': '录入街道审核',
  'record-objection': '登记公示异议',
  'resolve-objection': '处理公示异议',
  decide: '审批决定',
  'request-supplement': '要求补正材料',
  'supplement-received': '补正材料已收',
  withdraw: '撤回申请',
  'review-flag': '失信复核',
  'record-verification': '承诺事项核查',
  'refer-to-employment': '转介就业',
  'refer-to-charity': '转介慈善',
  approve: '批准',
  reject: '不予批准',
  'forward-to-county': '报区县审批',
  escalate: '提请一事一议',
  'submit-paperwork': '补办材料',
  'confirm-follow-up': '跟进核查',
  'stop-installments': '停止分阶段救助',
};

/** An action's name in a message: its label in Chinese, its id in English (unknown ids as themselves). */
export const actionName = (action: string): Bilingual => ({ zh: (ACTION_LABELS as Record<string, string>)[action] ?? action, en: action });
