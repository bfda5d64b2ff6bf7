// A leaf of the domain (no imports but a type): the console's first screen reads it without the field language.
import type { CaseAction } from './action-payloads.js';

/** Each action's name as caseworkers say it: the case's `actionForms` and the console's buttons. */
export const ACTION_LABELS: Record<CaseAction, string> = {
  'record-economic-check': '录入经济状况核对',
  'record-home-visit': '录入入户调查',
  'record-school-investigation': '录入学校调查',
  'record-street-review': '录入街道审核',
  'record-assessment': '录入审查评估',
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
  'record-insurance-claim': '登记保险理赔',
};
