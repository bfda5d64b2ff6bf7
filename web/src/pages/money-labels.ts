import type { TagProps } from 'antd';

// Chinese names for the codes of 待遇, 发放 and 政策标准 (src/domain/benefits.ts, src/db/payrolls.ts).

type Named = Record<string, { text: string; color?: TagProps['color'] }>;
const named = (table: Named, code: string | null | undefined) => (code ? (table[code] ?? { text: code }) : { text: '—' });

const BENEFIT_STATUSES: Named = {
  active: { text: '正常发放', color: 'green' },
  suspended: { text: '暂停发放', color: 'orange' },
  'phasing-out': { text: '渐退期', color: 'gold' },
  stopped: { text: '已停止', color: 'default' },
};
export const benefitStatus = (s: string | null | undefined) => named(BENEFIT_STATUSES, s);
export const BENEFIT_STATUS_OPTIONS = Object.entries(BENEFIT_STATUSES).map(([value, { text }]) => ({ value, label: text }));

const PAYMENT_STATUSES: Named = {
  prepared: { text: '待发放', color: 'blue' },
  held: { text: '暂缓（无收款账户）', color: 'orange' },
  sent: { text: '已发放', color: 'green' },
  failed: { text: '银行退回', color: 'red' },
  cancelled: { text: '已取消', color: 'default' },
};
export const paymentStatus = (s: string | null | undefined) => named(PAYMENT_STATUSES, s);

const PAYROLL_STATUSES: Named = {
  preparing: { text: '生成中', color: 'processing' },
  prepared: { text: '待发放', color: 'blue' },
  released: { text: '发放中', color: 'processing' },
  sent: { text: '已发放', color: 'green' },
};
export const payrollStatus = (s: string | null | undefined) => named(PAYROLL_STATUSES, s);

export const PAYEES: Record<string, string> = { applicant: '本人', carer: '照料人' };

/** How a benefit's person was contacted (src/domain/contacts.ts). */
export const CONTACT_KINDS: Record<string, string> = { visit: '入户走访', call: '电话联系' };

/** What a benefit's history entry records: its actions and the service's own steps. */
export const BENEFIT_EVENTS: Record<string, string> = {
  open: '待遇开始',
  'record-change': '情况变化',
  suspend: '暂停发放',
  resume: '恢复发放',
  stop: '停止发放',
  'record-review': '复核',
  'open-review': '复核到期',
  'review-overdue': '复核逾期',
  'end-phase-out': '渐退期满',
  revoke: '案件撤销',
  'household-change': '家庭情况变更',
  'set-account': '收款账户',
  'benefit-adjusted': '标准调整',
};

/** The kinds of spending the statistics count: the monthly benefits, 临时救助 and bought services. */
export const SPENDING_TYPES: Record<string, string> = {
  dibao: '低保',
  tekun: '特困供养',
  housing: '租赁补贴',
  temporary: '临时救助',
  services: '购买服务',
  'low-income': '低收入',
};
export const spendingType = (t: string) => SPENDING_TYPES[t] ?? t;
