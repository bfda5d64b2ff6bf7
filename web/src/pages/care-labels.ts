import type { TagProps } from 'antd';
import { CORRECTION_PATH_LABELS } from '../../../src/domain/corrections';

// Chinese names for the codes of 失信名单 and 主动发现 (src/domain/dishonesty.ts, src/domain/discoveries.ts),
// as the catalogue names them.

type Named = Record<string, { text: string; color?: TagProps['color'] }>;
const named = (table: Named, code: string | null | undefined) => (code ? (table[code] ?? { text: code }) : { text: '—' });
const optionsOf = (table: Named) => Object.entries(table).map(([value, { text }]) => ({ value, label: text }));

export const DISHONESTY_KINDS: Record<string, string> = {
  'concealed-income': '瞒报收入',
  'false-documents': '提供虚假材料',
  'misreported-members': '多报或瞒报家庭成员',
  'false-commitment': '虚假承诺',
  other: '其他失信情形',
};
export const dishonestyKind = (k: string) => DISHONESTY_KINDS[k] ?? k;

const DISHONESTY_STATUSES: Named = {
  proposed: { text: '待确认', color: 'blue' },
  listed: { text: '已列入', color: 'red' },
  rejected: { text: '不予列入', color: 'default' },
  appealed: { text: '申诉中', color: 'orange' },
  removed: { text: '已移出', color: 'default' },
};
export const dishonestyStatus = (s: string | null | undefined) => named(DISHONESTY_STATUSES, s);
export const DISHONESTY_STATUS_OPTIONS = optionsOf(DISHONESTY_STATUSES);

/** An entry's actions and its history's steps. */
export const DISHONESTY_ACTIONS: Record<string, string> = { propose: '提出', confirm: '确认列入', reject: '不予列入', appeal: '提出申诉', remove: '移出名单' };

export const DISCOVERY_SOURCES: Record<string, string> = {
  grid: '网格员',
  'department-match': '部门数据比对',
  hotline: '12349 热线',
  visit: '走访',
  self: '本人',
  police: '公安',
  volunteer: '志愿者',
};
export const discoverySource = (s: string) => DISCOVERY_SOURCES[s] ?? s;

const DISCOVERY_STATUSES: Named = {
  open: { text: '待走访', color: 'blue' },
  visited: { text: '已走访', color: 'cyan' },
  invited: { text: '已引导申请', color: 'green' },
  closed: { text: '已办结', color: 'default' },
  referred: { text: '已转介', color: 'purple' },
};
export const discoveryStatus = (s: string | null | undefined) => named(DISCOVERY_STATUSES, s);
export const DISCOVERY_STATUS_OPTIONS = optionsOf(DISCOVERY_STATUSES);

export const DISCOVERY_ACTIONS: Record<string, string> = { report: '登记', visit: '入户走访', invite: '引导申请', close: '办结', refer: '转介' };

// 服务类救助 (src/domain/services.ts).
const SERVICE_STATUSES: Named = {
  ordered: { text: '已下单', color: 'blue' },
  delivered: { text: '已服务', color: 'cyan' },
  verified: { text: '已核验', color: 'green' },
  settled: { text: '已结算', color: 'purple' },
  cancelled: { text: '已取消', color: 'default' },
};
export const serviceStatus = (s: string | null | undefined) => named(SERVICE_STATUSES, s);
export const SERVICE_STATUS_OPTIONS = optionsOf(SERVICE_STATUSES);

/** An order's actions and its history's steps. */
export const SERVICE_ACTIONS: Record<string, string> = { order: '下单', deliver: '登记服务完成', verify: '核验', cancel: '取消', settle: '结算' };

/** A settlement line as the bank answered it. */
const SETTLEMENT_LINE_STATUSES: Named = { sent: { text: '已发送', color: 'blue' }, failed: { text: '银行退回', color: 'red' } };
export const settlementLineStatus = (s: string | null | undefined) => named(SETTLEMENT_LINE_STATUSES, s);
// 容错纠错 (src/domain/corrections.ts): what may be corrected, a correction's status and its steps.
export const CORRECTION_PATHS: Record<string, string> = CORRECTION_PATH_LABELS;

const CORRECTION_STATUSES: Named = {
  proposed: { text: '待审批', color: 'blue' },
  approved: { text: '已批准', color: 'green' },
  refused: { text: '不予批准', color: 'default' },
};
export const correctionStatus = (s: string | null | undefined) => named(CORRECTION_STATUSES, s);
export const CORRECTION_STATUS_OPTIONS = optionsOf(CORRECTION_STATUSES);
export const CORRECTION_ACTIONS: Record<string, string> = { propose: '提出', approve: '批准', refuse: '不予批准' };
