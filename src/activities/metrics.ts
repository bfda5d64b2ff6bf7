import { Counter, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * What the worker counts, for Prometheus (deploy/prometheus, deploy/grafana). Labels name kinds, never
 * people or cases. Counted where the effect is first written, so a retried activity counts once.
 */
export function createWorkerMetrics(registry = new Registry()) {
  collectDefaultMetrics({ register: registry, prefix: 'jiuzhu_worker_' });
  const registers = [registry];
  return {
    registry,
    reminders: new Counter({ name: 'jiuzhu_reminders_total', help: 'Deadline reminders recorded', registers }),
    escalations: new Counter({ name: 'jiuzhu_escalations_total', help: 'Cases that went overdue or whose emergency payment was escalated', labelNames: ['kind'], registers }),
    payouts: new Counter({ name: 'jiuzhu_payouts_total', help: 'Payments made (reserve: the street’s fund; county: disbursed by the county)', labelNames: ['source'], registers }),
    payoutAmount: new Counter({ name: 'jiuzhu_payout_amount_fen_total', help: 'Amount paid, in fen', labelNames: ['source'], registers }),
    activityFailures: new Counter({ name: 'jiuzhu_activity_failures_total', help: 'Activity attempts that failed (each is retried unless permanent)', labelNames: ['activity'], registers }),
  };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;

/** A payment newly written (not a retry that found it). */
export function countPayout(metrics: WorkerMetrics | undefined, source: 'reserve' | 'county', amountFen: number): void {
  metrics?.payouts.inc({ source });
  metrics?.payoutAmount.inc({ source }, amountFen);
}

/** History actions that count as a reminder or an escalation. */
const REMINDER = 'deadline-reminder';
const ESCALATIONS = new Set(['overdue', 'payment-escalated', 'verification-overdue', 'paperwork-overdue']);

/** Counts what a step newly recorded (the audit rows this attempt inserted, not a retry's). */
export function countRecorded(metrics: WorkerMetrics | undefined, actions: readonly string[]): void {
  for (const action of actions) {
    if (action === REMINDER) metrics?.reminders.inc();
    else if (ESCALATIONS.has(action)) metrics?.escalations.inc({ kind: action });
  }
}
