// A leaf of the domain: why a benefit ends, read by the benefit rules and by the console's labels.

/** Why a benefit ends: the caller's reasons, and the service's own (渐退期 over, a revoked case). */
export const STOP_REASONS = ['death', 'moved-away', 'no-longer-eligible', 'own-request', 'transferred'] as const;
export type StopReason = (typeof STOP_REASONS)[number] | 'phase-out-ended' | 'revoked' | 'aged-out';
export const STOP_REASON_NAMES: Record<StopReason, string> = {
  death: '死亡',
  'moved-away': '迁出',
  'no-longer-eligible': '不再符合条件',
  'own-request': '本人申请退出',
  transferred: '转为其他救助',
  'phase-out-ended': '渐退期满',
  revoked: '案件撤销',
  'aged-out': '年满 18 周岁（在读的至规定年龄）',
};
