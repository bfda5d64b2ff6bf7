import { deptName, enumName, roleName, stepName, typeName } from '../labels';
import { day, hoursAndMinutes, instant, yuan } from '../format';

// How a case's facts read in Chinese on its page and its print views: the household's codes, the
// history entries' fields, who took a step, and the 急难型 24-hour clock.

type Json = Record<string, unknown>;

export const RELATIONS: Record<string, string> = {
  self: '本人',
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  sibling: '兄弟姐妹',
  grandparent: '祖父母、外祖父母',
  grandchild: '孙子女、外孙子女',
  other: '其他',
};
export const WORK_ABILITY: Record<string, string> = { full: '有劳动能力', partial: '部分丧失劳动能力', none: '无劳动能力' };
export const INCOME_KINDS: Record<string, string> = { wage: '工资性收入', business: '经营净收入', property: '财产净收入', transfer: '转移净收入', pension: '养老金', other: '其他收入' };
export const ELIGIBILITY_TYPES: Record<string, string> = { dibao: '最低生活保障', tekun: '特困人员救助供养', 'low-income': '低收入家庭' };
export const REASONS: Record<string, string> = {
  income_above_standard: '家庭人均收入高于低保标准',
  assets_above_limit: '家庭财产超过规定',
  already_covered: '成员已享受低保或特困供养',
  income_below_standard: '人均收入低于低保标准（应申请低保）',
  income_above_low_income_line: '人均收入高于低收入标准',
  has_work_ability: '有劳动能力',
  has_income: '有收入来源',
  has_able_supporter: '有具备赡养、抚养、扶养能力的义务人',
};
export const MEDICAL_CATEGORY: Record<string, string> = { general: '一般住院', serious: '大病住院' };
export const APPROVAL_LEVEL: Record<string, string> = { street: '街道', county: '区县', committee: '协调小组一事一议' };

/** Who took a step: the person's name where the token carried one; the service's own steps are 系统自动. */
export function actorText(a: { sub: string; role: string; name?: string }): string {
  if (a.role === 'system' && a.sub === 'jiuzhu') return '系统自动';
  return `${roleName(a.role)} ${a.name ?? a.sub}`;
}

/** A history entry's fields with Chinese labels, in the order shown; a field not listed here is not shown. */
const HISTORY_FIELDS: Record<string, { label: string; value?: (v: unknown) => string }> = {
  kind: { label: '类型', value: (v) => enumName(String(v)) },
  requestedAmountFen: { label: '申请金额' },
  amountFen: { label: '金额' },
  monthlyAmountFen: { label: '月保障金额' },
  approvedAmountFen: { label: '核准金额' },
  reimbursementPercent: { label: '救助比例', value: (v) => `${String(v)}%` },
  perCapitaIncomeFen: { label: '家庭人均月收入' },
  assetsWithinLimits: { label: '财产符合规定' },
  decision: { label: '决定', value: (v) => ({ approve: '批准', reject: '不予批准', 'low-income': '认定为低收入家庭' })[String(v)] ?? String(v) },
  outcome: { label: '结果', value: (v) => enumName(String(v)) },
  reason: { label: '理由' },
  findings: { label: '调查情况' },
  eligible: { label: '符合条件' },
  objection: { label: '异议内容' },
  objectionId: { label: '异议编号' },
  objections: { label: '异议数' },
  upheld: { label: '异议成立' },
  items: { label: '需补正材料' },
  documents: { label: '补办材料' },
  measures: { label: '救助措施' },
  department: { label: '承办部门', value: (v) => deptName(String(v)) },
  step: { label: '环节', value: (v) => stepName(String(v)) },
  returnTo: { label: '退回至', value: (v) => stepName(String(v)) },
  type: { label: '救助类型', value: (v) => typeName(String(v)) },
  by: { label: '审批层级', value: (v) => APPROVAL_LEVEL[String(v)] ?? String(v) },
  dueDate: { label: '期限' },
  reminderDate: { label: '提醒日期' },
  closesAt: { label: '公示截止' },
  deadlineWorkingDays: { label: '办理时限（工作日）' },
  dueProvisional: { label: '期限暂定' },
  late: { label: '超期决定' },
  paidLate: { label: '发放超时' },
  instalment: { label: '期次' },
  stoppedInstallments: { label: '停止的期次' },
  needsContinue: { label: '仍需救助' },
  balanceFen: { label: '备用金余额' },
  proceed: { label: '继续办理' },
  note: { label: '备注' },
  truthful: { label: '承诺属实' },
  recoveryFen: { label: '应追回金额' },
  listedUntil: { label: '列入失信名单至' },
  receivingOrg: { label: '接收单位' },
  followUpDate: { label: '回访日期' },
  selfCare: { label: '劳动能力', value: (v) => WORK_ABILITY[String(v)] ?? String(v) },
  employedMembers: { label: '就业人数' },
  support: { label: '供养方式', value: (v) => enumName(String((v as Json)?.mode ?? v)) },
};

/** A value as a person reads it: 元 for amounts, Shanghai dates and times, 是/否, lists joined by 、. */
function plain(key: string, v: unknown): string {
  if (Array.isArray(v)) return v.map((x) => plain(key, x)).join('、');
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'number' && /Fen$/.test(key)) return yuan(v);
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return instant(v);
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return day(v);
  if (v !== null && typeof v === 'object') return '';
  return String(v);
}

/** The entry's own facts, each as 标签：值 in Chinese. */
export function historyFacts(e: Json): Array<{ label: string; value: string }> {
  return Object.entries(HISTORY_FIELDS).flatMap(([key, f]) => {
    const v = e[key];
    if (v === undefined || v === null || v === '') return [];
    const value = f.value ? f.value(v) : plain(key, v);
    return value ? [{ label: f.label, value }] : [];
  });
}

/**
 * 急难型: the 24 hours from acceptance to payout, as hours and minutes left (or past), while the money
 * has not gone out; null for every other case.
 */
export function emergencyClock(c: { step: string; dueAt: string | null; temporary?: { kind?: string; paidAt?: string | null } | null }, now: number): { text: string; color: 'red' | 'orange' | 'green' } | null {
  const t = c.temporary;
  if (!t || t.kind !== 'emergency' || t.paidAt || !c.dueAt || c.step === 'closed') return null;
  const left = Date.parse(c.dueAt) - now;
  if (left < 0) return { text: `已超过 24 小时时限 ${hoursAndMinutes(left)}`, color: 'red' };
  return { text: `距 24 小时发放时限剩余 ${hoursAndMinutes(left)}`, color: left < 4 * 3_600_000 ? 'orange' : 'green' };
}
