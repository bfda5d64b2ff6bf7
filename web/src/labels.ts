import { ACTION_LABELS } from '../../src/domain/action-labels';
import { STEP_NAMES } from '../../src/domain/cases';
import { STOP_REASON_NAMES } from '../../src/domain/stop-reasons';
// Chinese names for the API's codes: aid types, steps, statuses, roles, departments, actions, fields.

const pick = (table: Record<string, string>, code: string | null | undefined) => (code ? (table[code] ?? code) : '—');

export const TYPES: Record<string, string> = {
  dibao: '最低生活保障',
  tekun: '特困人员救助供养',
  medical: '医疗救助',
  education: '教育救助',
  housing: '公租房租赁补贴',
  temporary: '临时救助',
  disaster: '受灾人员救助',
  employment: '就业救助',
  'legal-aid': '法律援助',
  orphan: '孤儿基本生活保障',
  'defacto-orphan': '事实无人抚养儿童基本生活补贴',
};
export const typeName = (t: string | null | undefined) => pick(TYPES, t);

/** The service's own step names (one list for history entries and the console). */
export const STEPS: Record<string, string> = STEP_NAMES;
export const stepName = (s: string | null | undefined) => pick(STEPS, s);

export const STATUSES: Record<string, string> = { open: '办理中', approved: '已批准', rejected: '未批准', withdrawn: '已撤回', revoked: '已撤销' };
export const statusName = (s: string | null | undefined) => pick(STATUSES, s);

export const ROLE_NAMES: Record<string, string> = {
  caseworker: '街道经办人',
  approver: '区县审批人',
  committee: '协调小组成员',
  supervisor: '区县监管人',
  system: '外部系统',
  auditor: '审计人员',
  policy: '政策管理员',
};
export const roleName = (r: string | null | undefined) => pick(ROLE_NAMES, r);

export const DEPTS: Record<string, string> = { minzheng: '民政', yibao: '医保', zhujian: '住建', jiaoyu: '教育', renshe: '人社', yingji: '应急', sifa: '司法' };
export const deptName = (d: string | null | undefined) => pick(DEPTS, d ?? 'minzheng');

/** Streets and counties the seeded policies know; others show their code. */
export const ORGS: Record<string, string> = {
  '420106': '武昌区',
  '420106001': '武昌区 积玉桥街道',
  '420106002': '武昌区 杨园街道',
  '420106003': '武昌区 徐家棚街道',
  '420106004': '武昌区 粮道街道',
  '510121': '金堂县',
  '510121001': '金堂县 赵镇街道',
  '510121002': '金堂县 三星镇',
};
export const orgName = (code: string | null | undefined) => (code ? (ORGS[code] ? `${ORGS[code]}（${code}）` : code) : '—');

/** Case actions by the domain's own names (the buttons take theirs from `actionForms`), and the history's entries. */
export const ACTIONS: Record<string, string> = {
  ...ACTION_LABELS,
  // Entries the service itself writes into a case's history.
  accept: '受理',
  accepted: '受理',
  'intake-checks': '受理核查',
  'dishonesty-flag': '失信名单提示',
  'publicity-opened': '公示开始',
  'publicity-closed': '公示结束',
  'deadline-reminder': '临期提醒',
  overdue: '已超期',
  'deadline-recomputed': '期限重算',
  'clock-started': '开始计时',
  'payment-escalated': '超24小时未发放，上报区县',
  'instalment-paid': '款项已发放',
  'instalment-due': '分期到期',
  'awaiting-funds': '备用金不足，待补充',
  'paperwork-due': '材料补办期限',
  'paperwork-overdue': '材料补办超期',
  'deliberation-approved': '一事一议通过',
  'deliberation-rejected': '一事一议未通过',
  'deliberation-no-quorum': '一事一议未达法定人数',
  'verification-overdue': '承诺核查超期',
  'installments-ended': '分阶段救助结束',
  archived: '归档',
  'cooperation-requested': '发出异地协查',
  'cooperation-answered': '户籍地协查答复',
  'cooperation-overdue': '异地协查超期',
};
export const actionName = (a: string | null | undefined) => pick(ACTIONS, a);

/** Field names of action and intake bodies. */
export const FIELDS: Record<string, string> = {
  perCapitaIncomeFen: '家庭人均月收入（元）',
  assetsWithinLimits: '财产符合规定',
  findings: '调查情况',
  householdSituation: '户籍地家庭情况',
  permitNumber: '居住证号码',
  toCounty: '户籍地',
  requestId: '协查编号',
  late: '超期后答复',
  eligible: '符合条件',
  summary: '异议内容',
  upheld: '异议成立',
  reason: '理由',
  objectionId: '异议编号',
  decision: '决定',
  monthlyAmountFen: '月保障金额（元）',
  approvedAmountFen: '核准金额（元）',
  reimbursementPercent: '救助比例（%）',
  amountFen: '金额（元）',
  measures: '救助措施',
  trainingAllowanceFen: '培训期间生活补助（元）',
  lawyer: '指派律师',
  fullTimeStudy: '全日制在读',
  endsAfterMonth: '发放至',
  guardian: '监护人',
  relation: '关系',
  payee: '领取人',
  previousPayee: '原领取人',
  fromMonth: '起始月份',
  support: '供养方式',
  mode: '方式',
  institution: '供养机构',
  carer: '照料人',
  name: '姓名',
  phone: '电话',
  careFeeFen: '月照料费（元）',
  agreementSignedOn: '照料协议签订日期',
  items: '需补正材料',
  note: '备注',
  proceed: '继续办理',
  truthful: '承诺属实',
  receivingOrg: '接收单位',
  followUpDate: '回访日期',
  installments: '分期安排',
  months: '过渡期月数',
  reference: '理赔编号',
  followUpRequired: '每期发放前需跟进核查',
  proposedAmountFen: '建议金额（元）',
  documents: '补办材料',
  instalment: '期次',
  needsContinue: '仍需救助',
  count: '期数',
  intervalDays: '间隔天数',
  firstDueDate: '首期日期',
  dueDate: '日期',
  vote: '表决',
  dueProvisional: '期限暂定',
  deadlineWorkingDays: '办理时限（工作日）',
  applicationId: '申请编号',
  deliberationId: '一事一议编号',
  closesAt: '公示截止',
  // 待遇 actions and accounts.
  householdSize: '家庭人口',
  employedMembers: '就业人数',
  selfCare: '自理能力',
  outcome: '复核结论',
  bankName: '开户银行',
  accountNumber: '银行账号',
  // 政策标准 values (src/domain/policy-values.ts).
  monthlyFen: '每人每月标准（元）',
  publicityDays: '公示天数',
  reminderWorkingDays: '到期前提醒（工作日）',
  deadlines: '各类型办理时限（工作日）',
  streetLimit: '街道审批权限',
  rule: '规则',
  maxFen: '限额（元）',
  inclusive: '含本数',
  multiple: '低保标准倍数',
  reservePresetFen: '备用金预拨额（元）',
  emergencyPayoutHours: '急难型发放时限（小时）',
  paperworkWorkingDays: '补办材料时限（工作日）',
  members: '成员人数',
  quorum: '法定人数',
  majority: '多数规则',
  verificationDays: '承诺核查期限（天）',
  dishonestyListDays: '失信名单期限（天）',
  aftercareDays: '办结后转介期限（天）',
  maxTransactionFen: '单笔最高金额（元）',
  firstMonth: '首次发放月份',
  dibaoMinimumFen: '低保最低发放额（元）',
  workCostFen: '就业成本扣除（元）',
  phaseOutMonths: '渐退期（月）',
  reviewMonths: '复核周期（月）',
  dibaoWithWorkers: '低保（有就业人员）',
  reviewWorkingDays: '复核办理时限（工作日）',
  basicFen: '基本生活标准（元）',
  careFen: '照料护理标准（元）',
  workCostDeductionFen: '就业成本扣除（元/人）',
  excludedIncomeKinds: '不计入的收入',
  assetLimits: '财产限额',
  depositsMonthsOfStandard: '存款上限（标准的月数）',
  maxHomes: '住房上限（套）',
  maxVehicles: '车辆上限（辆）',
  businessAllowed: '允许登记经营',
  amountRule: '金额计算',
  roundTo: '取整',
  minimumFen: '最低金额（元）',
  tiers: '分档',
  lowIncomeFactor: '低收入倍数',
  economicCheckValidDays: '核对报告有效期（天）',
  tekunAge: '特困年龄',
  elderlyFrom: '老年起始年龄',
  minorUnder: '未成年上限年龄',
  tekunIncomeThresholdFen: '特困收入上限（元）',
  kind: '方式',
  // 特困 care standards by self-care ability (careFen's keys).
  full: '完全自理',
  partial: '部分失能',
  none: '完全失能',
};
export const fieldName = (f: string) => FIELDS[f] ?? f;

export const ENUM_VALUES: Record<string, string> = {
  approve: '批准',
  reject: '不予批准',
  centralised: '集中供养',
  dispersed: '分散供养',
  emergency: '急难型',
  expense: '支出型',
  general: '一般住院',
  serious: '大病住院',
  full: '有劳动能力',
  partial: '部分劳动能力',
  none: '无劳动能力',
  // 待遇: review outcomes and why a benefit stops.
  continue: '继续享受',
  change: '调整待遇',
  stop: '停止发放',
  ...STOP_REASON_NAMES,
  'approval-month': '批准当月',
  'next-month': '批准次月',
  // 就业救助, 法律援助 measures; 法律援助 matters; a child's parents.
  'public-welfare-job': '公益性岗位',
  training: '技能培训',
  'job-referral': '岗位对接',
  entrepreneurship: '创业扶持',
  'lawyer-assigned': '指派律师',
  advice: '法律咨询',
  labour: '劳动保障',
  family: '婚姻家庭',
  'criminal-defence': '刑事辩护',
  'severe-disability': '重残',
  'serious-illness': '重病',
  imprisoned: '服刑在押',
  'compulsory-rehab': '强制隔离戒毒',
  deceased: '死亡',
  missing: '失踪',
};
export const enumName = (v: string) => ENUM_VALUES[v] ?? TYPES[v] ?? v;

export const NOTIFICATION_KINDS: Record<string, string> = {
  'deadline-reminder': '临期提醒',
  overdue: '超期',
  'payment-escalated': '发放超时',
  'reserve-short': '备用金不足',
  deliberation: '一事一议',
  'deliberation-no-quorum': '未达法定人数',
  'paperwork-overdue': '材料超期',
  'verification-overdue': '核查超期',
  'read-model-data-error': '数据异常',
};
export const notificationKind = (k: string) => NOTIFICATION_KINDS[k] ?? k;

export const RESERVE_KINDS: Record<string, string> = { preset: '预拨', payout: '支出', replenishment: '补充', reversal: '冲正' };

/** 异地协查 (居住地申办): a cooperation request's status, as the list and the case page show it. */
export const COOPERATION_STATUS: Record<'open' | 'overdue' | 'answered', { text: string; color: string }> = {
  open: { text: '待答复', color: 'blue' },
  overdue: { text: '已超期', color: 'red' },
  answered: { text: '已答复', color: 'green' },
};
