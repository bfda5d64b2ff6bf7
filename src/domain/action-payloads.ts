// What each case action carries, stated once. The API's zod schemas and OpenAPI text, the workflows'
// validators and the request types all derive from this table (see fields.ts).
import type { Bilingual } from './catalogue.js';
import {
  bool,
  date,
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
  titled,
  type Field,
  type Fields,
  type Infer,
  type Problem,
} from './fields.js';
import { ACTION_LABELS } from './action-labels.js';
import { economicCheckReportPayload } from './household.js';
import { SELF_CARE } from './self-care.js';

type Simplify<T> = { [K in keyof T]: T[K] } & {};

const reason = titled(text(2000), '理由');
/** A decision as the form offers it. */
const DECISION_LABELS = { approve: '批准', reject: '不予批准', 'low-income': '认定为低收入家庭' };
const note = optional(titled(text(2000), '备注'));
const findings = titled(text(4000), '调查情况');

/** An instalment schedule: explicit dates and amounts, or a count and an interval in days. */
export const installmentsField = either(
  titled(list(titled(object({ dueDate: titled(date(), '发放日期'), amountFen: titled(positiveFen(), '本期金额') }), '一期'), 1, 60), '逐期列明日期与金额'),
  titled(
    object({ count: titled(int(1, 60), '期数'), intervalDays: titled(int(1, 366), '间隔天数'), firstDueDate: optional(titled(date(), '首期发放日期', '不填为批准当日')) }),
    '按期数与间隔平均分期',
  ),
);

/** 特困: how the person is supported; dispersed support has a carer under a care agreement (000 (二)2). */
export const tekunSupportField = tagged(
  'mode',
  {
    centralised: { institution: titled(text(200), '供养机构') },
    dispersed: {
      carer: titled(object({ name: titled(text(64), '照料人姓名'), phone: optional(titled(phone(), '照料人电话')) }), '照料人'),
      careFeeFen: titled(positiveFen(), '每月照料费'),
      agreementSignedOn: titled(date(), '照料服务协议签订日期'),
    },
  },
  { centralised: '集中供养', dispersed: '分散供养' },
);

const referral = { receivingOrg: titled(text(200), '接收单位'), followUpDate: titled(date(), '回访日期'), note };

/**
 * Every field an approval of some aid type may carry, described once. Each type's declaration
 * (domain/aid) names which of them its approval requires and which it allows; any other is refused.
 */
export const APPROVAL_FIELDS = {
  monthlyAmountFen: titled(positiveFen(), '月保障金额', '低保不填则按家庭收入与保障标准计算；填写须与计算结果一致'),
  approvedAmountFen: titled(positiveFen(), '核准救助金额', '不超过医疗费用'),
  reimbursementPercent: titled(int(0, 100), '救助比例（%）'),
  amountFen: titled(fen(), '救助金额', '教育救助：救助金额；受灾人员救助：一次发放的金额，或按月发放时每月的金额'),
  measures: titled(list(titled(text(200), '措施'), 0, 20), '救助措施', '如学费减免、生活补助'),
  support: titled(tekunSupportField, '供养方式'),
  selfCare: titled(oneOf(SELF_CARE, { full: '完全自理', partial: '部分失能', none: '完全失能' }), '生活自理能力', '不填为完全自理'),
  months: titled(int(1, 12), '过渡期月数', '受灾人员救助：按月发放的月数（不超过政策规定），金额为每月金额；不填为一次发放'),
  employedMembers: titled(int(0, 50), '就业人数', '家庭成员中就业的人数（扣除就业成本、渐退期、复核周期），不填为 0'),
  trainingAllowanceFen: titled(positiveFen(), '培训期间生活补助', '参加技能培训的，培训期间一次性发给'),
  lawyer: titled(text(200), '指派律师', '指派律师或法律援助人员的姓名、所在机构'),
  fullTimeStudy: titled(bool(), '年满 18 周岁后仍在全日制学校就读', '是则保障至政策规定的在读年龄'),
} as const;
export type ApprovalField = keyof typeof APPROVAL_FIELDS;

/** 就业救助 (001 §二(五)): the measures the human-resources department grants. */
const EMPLOYMENT_MEASURES = ['public-welfare-job', 'training', 'job-referral', 'entrepreneurship'] as const;
/** 法律援助 (001 §二(六)): a lawyer assigned, or advice. */
const LEGAL_AID_MEASURES = ['lawyer-assigned', 'advice'] as const;

/** A type's own shape for an approval field another type shares by name (its measures from a closed list). */
export const MEASURE_SHAPES = {
  employment: titled(list(oneOf(EMPLOYMENT_MEASURES, { 'public-welfare-job': '公益性岗位', training: '技能培训', 'job-referral': '岗位对接', entrepreneurship: '创业扶持' }), 1, 4), '就业救助措施'),
  'legal-aid': titled(list(oneOf(LEGAL_AID_MEASURES, { 'lawyer-assigned': '指派律师', advice: '法律咨询' }), 1, 2), '法律援助措施'),
} as const;
const allOptional = <const S extends Fields>(fields: S) =>
  Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, optional(f)])) as { [K in keyof S]: S[K] & { optional: true } };

export const ACTION_PAYLOADS = {
  'record-economic-check': {
    summary: '家庭经济状况核对: the 核对 system\'s report, or (a household without members) the two figures',
    payload: object({
      perCapitaIncomeFen: optional(titled(fen(), '家庭人均月收入', '无家庭成员登记且无核对报告时必填')),
      assetsWithinLimits: optional(titled(bool(), '财产符合规定', '无家庭成员登记且无核对报告时必填')),
      report: optional(titled(economicCheckReportPayload, '核对系统报告')),
    }),
  },
  'record-home-visit': { summary: '入户调查', payload: object({ findings }) },
  'record-school-investigation': { summary: '学校调查 (教育救助)', payload: object({ findings, eligible: titled(bool(), '符合条件') }) },
  'record-street-review': { summary: '街道审核 (公租房)', payload: object({ findings, eligible: titled(bool(), '符合条件') }) },
  'record-assessment': { summary: '审查评估 (就业救助, 法律援助)', payload: object({ findings }) },
  'record-objection': { summary: '公示异议, while publicity is open', payload: object({ summary: titled(text(2000), '异议内容') }) },
  'resolve-objection': {
    summary: 'upheld → back to the step before publicity',
    payload: object({ upheld: titled(bool(), '异议成立', '成立则退回公示前的环节重新办理'), reason, objectionId: optional(titled(int(1, 10_000), '异议编号', '不填为最早一条未处理的异议')) }),
  },
  // The union of every type's approval, for the request type; a case validates against its own type's (aid/index.ts).
  decide: {
    summary: '审批决定',
    payload: titled(tagged('decision', { approve: { ...allOptional(APPROVAL_FIELDS), reason: optional(reason) }, reject: { reason }, 'low-income': { reason: optional(reason) } }, DECISION_LABELS), '决定'),
  },
  'request-supplement': { summary: '补正: pauses the deadline clock', payload: object({ items: titled(list(titled(text(200), '材料'), 1, 50), '需补正材料') }) },
  'supplement-received': { summary: 'resumes the clock with the working days that were left', payload: object({ note }) },
  withdraw: { summary: '撤回', payload: object({ reason }) },
  'review-flag': { summary: '失信 review by the county before any decision', payload: object({ proceed: titled(bool(), '继续办理'), note: titled(text(2000), '复核意见') }) },
  'record-verification': { summary: '告知承诺 verified; false revokes the case', payload: object({ truthful: titled(bool(), '承诺属实', '不属实则撤销案件'), findings }) },
  'refer-to-employment': { summary: '就业转介', payload: object(referral) },
  'refer-to-charity': { summary: '慈善衔接, after a decision', payload: object(referral) },
  approve: {
    summary: 'street within its authority, county after forward-to-county',
    payload: object({
      amountFen: titled(positiveFen(), '批准金额'),
      installments: optional(titled(installmentsField, '分期安排', '仅支出型：各期合计须等于批准金额；急难型一次发放，不填')),
      followUpRequired: optional(titled(bool(), '每期发放前跟进核查', '仅支出型')),
      note,
    }),
  },
  reject: { summary: '不予救助', payload: object({ reason }) },
  'forward-to-county': { summary: '报县级审批: above the street’s authority', payload: object({ reason: optional(reason) }) },
  escalate: { summary: '一事一议: to the coordination group', payload: object({ reason, proposedAmountFen: titled(positiveFen(), '建议救助金额') }) },
  'submit-paperwork': { summary: '事后补办材料', payload: object({ documents: titled(list(titled(text(200), '材料'), 1, 50), '补办材料'), note }) },
  'confirm-follow-up': {
    summary: '跟进救助 before an instalment',
    payload: object({ instalment: titled(int(1, 60), '期次'), needsContinue: titled(bool(), '仍需救助', '否则停止后续各期'), findings }),
  },
  'stop-installments': { summary: '停止后续救助', payload: object({ reason }) },
  'record-insurance-claim': { summary: '受灾人员救助: an insurance payout for the injured or the damaged home', payload: object({ reference: titled(text(100), '理赔编号'), amountFen: titled(positiveFen(), '理赔金额') }) },
} as const;

export type CaseAction = keyof typeof ACTION_PAYLOADS;
export const CASE_ACTIONS = Object.keys(ACTION_PAYLOADS) as CaseAction[];

/** An action's fields sit beside `action`; `decide`'s vary with its `decision`. */
type Payload<A extends CaseAction> = Infer<(typeof ACTION_PAYLOADS)[A]['payload']>;

/** One action as the caller sends it: `{ action, ...payload }`. */
export type ActionRequest<A extends CaseAction = CaseAction> = { [K in A]: Simplify<{ action: K } & Payload<K>> }[A];
export type CaseActionRequest = ActionRequest;

/** The `decide` payload of a type whose approval requires and allows these fields. */
export function decidePayload(approval: { requires: readonly ApprovalField[]; allows: readonly ApprovalField[]; lowIncome?: boolean; shapes?: Partial<Record<ApprovalField, Field>> }): Field {
  const fields: Record<string, Field> = { reason: optional(reason) };
  const shape = (f: ApprovalField) => approval.shapes?.[f] ?? APPROVAL_FIELDS[f];
  for (const f of approval.allows) fields[f] = optional(shape(f));
  for (const f of approval.requires) fields[f] = shape(f);
  // 低收入 (低保边缘): recognised on a 低保 case whose household is above the standard but within the line.
  return titled(tagged('decision', { approve: fields, reject: { reason }, ...(approval.lowIncome ? { 'low-income': { reason: optional(reason) } } : {}) }, DECISION_LABELS), '决定');
}

/** The first problem with an action's payload, checked against the given payload description. */
export function payloadProblemIn(payload: Field, request: { action: string }): Problem | undefined {
  const { action: _action, ...rest } = request;
  return problemIn(payload, rest);
}

// Each action's name, in a module of its own (the console's first screen reads it); said here too.
export { ACTION_LABELS };

/** An action's name in a message: its label in Chinese, its id in English (unknown ids as themselves). */
export const actionName = (action: string): Bilingual => ({ zh: (ACTION_LABELS as Record<string, string>)[action] ?? action, en: action });
