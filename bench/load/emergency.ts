// The emergency burst (issue 22): N emergency 临时救助 cases of one street approved through the API
// with C requests in flight, against a burst of N raw starts at the same concurrency measured just
// before and just after it (A B A). The approval is answered only once the money is paid and in the
// read model (read-your-writes), so the payout rate is the approvals answered 200 per second of the
// burst. Afterwards every case must be paid exactly once and the street's ledger balanced; an approval
// that was not answered 200 is sent again with its Idempotency-Key (as a client would) until it is.
import { performance } from 'node:perf_hooks';
import type { Client } from '@temporalio/client';
import { createDatabase } from '../../src/db/client.js';
import { ledgerIsBalanced } from '../../src/db/reserve-fund.js';
import { STREET, residentId } from './fixtures.js';
import { newHistogram, percentiles, type Percentiles } from './hist.js';
import { sleep } from './processes.js';

/** 50 元: within 武昌区's street authority, and 600 of them within the reserve's preset of 30,000 元. */
export const EMERGENCY_AMOUNT_FEN = 5_000;
/** The API's per-call bound (TEMPORAL_CALL_TIMEOUT_MS, default): an answer later than this is a failure. */
export const CALL_DEADLINE_MS = 5_000;

export function emergencyBody(n: number): string {
  return JSON.stringify({
    type: 'temporary',
    orgCode: STREET,
    applicant: { name: `急难${n}`, idNumber: residentId(500_000 + n) },
    household: { size: 3, monthlyIncomeFen: 60_000 },
    temporary: { kind: 'emergency', amountFen: EMERGENCY_AMOUNT_FEN, reason: '突发火灾，生活无着' },
  });
}

interface Answer {
  status: number;
  ms: number;
  body: unknown;
}

/** A fixed number of operations, `concurrency` in flight; the wall time from the first send to the last answer. */
async function burst<T>(count: number, concurrency: number, op: (i: number) => Promise<T>): Promise<{ results: T[]; wallMs: number }> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(count, concurrency) }, async () => {
      for (let i = next++; i < count; i = next++) results[i] = await op(i);
    }),
  );
  return { results, wallMs: performance.now() - t0 };
}

export interface RawBurst {
  count: number;
  wallMs: number;
  rate: number;
  errors: number;
  lat: Percentiles;
}

export interface EmergencyFigures {
  cases: number;
  /** One of the cases, for the shape of its history. */
  sampleCaseId: string;
  concurrency: number;
  amountFen: number;
  raw: RawBurst[];
  /** Mean of the raw bursts before and after the approvals. */
  rawRate: number;
  wallMs: number;
  lat: Percentiles;
  /** Answered 200 within the call deadline, the case paid in the answer (read-your-writes). */
  okInDeadline: number;
  /** Answered 200, but later than the deadline. */
  okLate: number;
  /** Answered 200 without the money in it. */
  okUnpaid: number;
  status503: number;
  otherErrors: Record<string, number>;
  payoutRate: number;
  payoutToRaw: number;
  retriedAfter: number;
  /** After the burst (and the retries): cases with exactly one payment of the amount. */
  paidOnce: number;
  duplicatePayments: number;
  duplicateLedgerEntries: number;
  ledgerBalanced: boolean;
  cpuPerApproval?: Record<string, number>;
}

export interface EmergencyDeps {
  client: Client;
  baselineTaskQueue: string;
  databaseUrl: string;
  runId: string;
  /** POSTs with the caseworker's token; never throws for a status. */
  request: (path: string, body: string, idempotencyKey?: string) => Promise<Answer>;
  log: (m: string) => void;
  /** CPU of the services around the approvals (begin, then end after quiescence). */
  cpu?: { begin: () => Promise<void>; quiesce: () => Promise<unknown>; end: () => Promise<Record<string, number>> };
}

const paidInAnswer = (body: unknown): boolean => {
  const v = body as { step?: string; temporary?: { installments?: { status?: string }[] } } | undefined;
  return v?.temporary?.installments?.[0]?.status === 'paid' && v.step === 'paperwork';
};

async function rawBurst(d: EmergencyDeps, count: number, concurrency: number, tag: string): Promise<RawBurst> {
  const h = newHistogram();
  let errors = 0;
  const { wallMs } = await burst(count, concurrency, async (i) => {
    const t = performance.now();
    try {
      await d.client.workflow.start('trivialWorkflow', { taskQueue: d.baselineTaskQueue, workflowId: `raw-emergency-${d.runId}-${tag}-${i}`, args: [i] });
      h.recordValue(Math.max(1, Math.round((performance.now() - t) * 1000)));
    } catch {
      errors++;
    }
  });
  const r = { count, wallMs, rate: ((count - errors) * 1000) / wallMs, errors, lat: percentiles(h) };
  d.log(`emergency: raw burst ${tag}: ${count} starts at c=${concurrency} in ${(wallMs / 1000).toFixed(1)} s = ${r.rate.toFixed(1)}/s, p50 ${r.lat.p50.toFixed(0)} ms, ${errors} errors`);
  return r;
}

export async function runEmergency(d: EmergencyDeps, cases: number, concurrency: number): Promise<EmergencyFigures> {
  // The cases, opened through the API (not measured).
  d.log(`emergency: opening ${cases} emergency cases on ${STREET} (not measured)`);
  const ids: string[] = new Array<string>(cases);
  await burst(cases, 16, async (i) => {
    for (let attempt = 0; ; attempt++) {
      const a = await d.request('/v1/cases', emergencyBody(i), `bench-emergency-case-${d.runId}-${i}`);
      if (a.status === 201) {
        ids[i] = (a.body as { caseId: string }).caseId;
        return;
      }
      if (attempt > 20) throw new Error(`emergency case ${i}: HTTP ${a.status} ${JSON.stringify(a.body).slice(0, 200)}`);
      await sleep(500);
    }
  });
  if (d.cpu) await d.cpu.quiesce();

  const raw: RawBurst[] = [await rawBurst(d, cases, concurrency, 'before')];
  if (d.cpu) await d.cpu.quiesce();

  d.log(`emergency: approving ${cases} cases, ${concurrency} in flight`);
  const approve = JSON.stringify({ action: 'approve', amountFen: EMERGENCY_AMOUNT_FEN });
  const key = (i: number) => `bench-emergency-approve-${d.runId}-${i}`;
  const h = newHistogram();
  if (d.cpu) await d.cpu.begin();
  const { results, wallMs } = await burst(cases, concurrency, async (i) => {
    const a = await d.request(`/v1/cases/${ids[i]}/actions`, approve, key(i));
    h.recordValue(Math.max(1, Math.round(a.ms * 1000)));
    return a;
  });
  let cpu: Record<string, number> | undefined;
  if (d.cpu) {
    await d.cpu.quiesce();
    cpu = await d.cpu.end();
  }
  raw.push(await rawBurst(d, cases, concurrency, 'after'));

  const f: EmergencyFigures = {
    cases,
    sampleCaseId: ids[0]!,
    concurrency,
    amountFen: EMERGENCY_AMOUNT_FEN,
    raw,
    rawRate: raw.reduce((s, r) => s + r.rate, 0) / raw.length,
    wallMs,
    lat: percentiles(h),
    okInDeadline: 0,
    okLate: 0,
    okUnpaid: 0,
    status503: 0,
    otherErrors: {},
    payoutRate: 0,
    payoutToRaw: 0,
    retriedAfter: 0,
    paidOnce: 0,
    duplicatePayments: 0,
    duplicateLedgerEntries: 0,
    ledgerBalanced: false,
    ...(cpu ? { cpuPerApproval: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, v / cases])) } : {}),
  };
  const unanswered: number[] = [];
  results.forEach((a, i) => {
    if (a.status === 200 && paidInAnswer(a.body)) {
      if (a.ms <= CALL_DEADLINE_MS) f.okInDeadline++;
      else f.okLate++;
      return;
    }
    if (a.status === 200) f.okUnpaid++;
    else if (a.status === 503) f.status503++;
    else f.otherErrors[String(a.status)] = (f.otherErrors[String(a.status)] ?? 0) + 1;
    unanswered.push(i);
  });
  f.payoutRate = ((f.okInDeadline + f.okLate) * 1000) / wallMs;
  f.payoutToRaw = f.payoutRate / f.rawRate;
  d.log(
    `emergency: ${cases} approvals in ${(wallMs / 1000).toFixed(1)} s: ${f.okInDeadline} answered 200 (paid) within ${CALL_DEADLINE_MS} ms, ${f.okLate} later, ${f.status503} × 503, ` +
      `${f.okUnpaid} 200 unpaid, others ${JSON.stringify(f.otherErrors)}; p50 ${f.lat.p50.toFixed(0)} ms, p99 ${f.lat.p99.toFixed(0)} ms; ` +
      `payout rate ${f.payoutRate.toFixed(1)}/s = ${f.payoutToRaw.toFixed(2)} × raw ${f.rawRate.toFixed(1)}/s`,
  );

  // Nothing lost: what was not answered 200 is asked again with its key, as the caller would.
  f.retriedAfter = unanswered.length;
  await burst(unanswered.length, concurrency, async (k) => {
    const i = unanswered[k]!;
    for (let attempt = 0; ; attempt++) {
      const a = await d.request(`/v1/cases/${ids[i]}/actions`, approve, key(i));
      if (a.status === 200 && paidInAnswer(a.body)) break;
      if (attempt > 60) throw new Error(`approval of ${ids[i]} never answered 200: HTTP ${a.status} ${JSON.stringify(a.body).slice(0, 200)}`);
      await sleep(1000);
    }
  });

  // Paid once, from the database itself.
  const database = createDatabase(d.databaseUrl, { max: 2 });
  try {
    const sql = database.sql;
    const paid = await sql<{ n: number }[]>`
      select count(*)::int as n from (
        select case_id from payments where case_id in ${sql(ids)} group by case_id
        having count(*) = 1 and sum(amount_fen) = ${EMERGENCY_AMOUNT_FEN}) once`;
    f.paidOnce = paid[0]!.n;
    const dupPayments = await sql<{ n: number }[]>`select count(*)::int as n from (select 1 from payments group by case_id, instalment, payee having count(*) > 1) d`;
    f.duplicatePayments = dupPayments[0]!.n;
    const dupLedger = await sql<{ n: number }[]>`select count(*)::int as n from (select 1 from reserve_entries where kind = 'payout' group by case_id, instalment having count(*) > 1) d`;
    f.duplicateLedgerEntries = dupLedger[0]!.n;
    f.ledgerBalanced = await ledgerIsBalanced(database.db, STREET);
  } finally {
    await database.close();
  }
  d.log(`emergency: paid once ${f.paidOnce}/${cases}, duplicate payments ${f.duplicatePayments}, duplicate ledger entries ${f.duplicateLedgerEntries}, ledger ${f.ledgerBalanced ? 'balanced' : 'NOT balanced'} (${f.retriedAfter} approvals asked again after the burst)`);
  return f;
}

/** The report's section. */
export function emergencySection(f: EmergencyFigures, procNames: readonly string[]): string[] {
  const f1 = (x: number) => x.toFixed(1);
  const L: string[] = [];
  L.push('## Emergency burst — 急难型 approvals paid within the approval (issue 22)', '');
  L.push(
    `${f.cases} emergency 临时救助 cases of one street (${STREET}), opened through the API before (not measured), then approved through \`POST /v1/cases/:id/actions\` \`approve\` ${f.amountFen} fen with ${f.concurrency} requests in flight (each with its Idempotency-Key). The approval answers once the money is paid from the street's reserve and in the read model, so a 200 whose case shows the instalment paid and the step \`paperwork\` is a payout. Raw: ${f.cases} \`client.workflow.start\` of \`trivialWorkflow\` at the same concurrency, just before and just after the approvals; the raw rate is their mean. Afterwards each approval not answered 200 is sent again with its key until it is, and the database is read: each case paid exactly once, no duplicate payment or ledger entry, the street's ledger balanced (\`ledgerIsBalanced\`).`,
    '',
  );
  L.push('| figure | value | goal |', '| --- | ---: | --- |');
  L.push(`| approvals answered 200, paid, within the ${CALL_DEADLINE_MS / 1000} s call deadline | ${f.okInDeadline} / ${f.cases} | all |`);
  L.push(`| answered 503 | ${f.status503} | 0 |`);
  L.push(`| answered 200 after the deadline / 200 without the payment / other statuses | ${f.okLate} / ${f.okUnpaid} / ${JSON.stringify(f.otherErrors)} | 0 |`);
  L.push(`| approval latency p50 / p90 / p99 / max (ms) | ${f1(f.lat.p50)} / ${f1(f.lat.p90)} / ${f1(f.lat.p99)} / ${f1(f.lat.max)} | p99 < ${CALL_DEADLINE_MS} |`);
  L.push(`| payouts per second (200 paid ÷ burst wall time ${f1(f.wallMs / 1000)} s) | ${f1(f.payoutRate)} | |`);
  L.push(`| raw starts per second (before / after; mean) | ${f.raw.map((r) => f1(r.rate)).join(' / ')}; ${f1(f.rawRate)} | |`);
  L.push(`| **payout rate ÷ raw start rate** | **${f.payoutToRaw.toFixed(2)}** | ≥ 0.5 |`);
  L.push(`| cases paid exactly once (after ${f.retriedAfter} re-sent) | ${f.paidOnce} / ${f.cases} | all |`);
  L.push(`| duplicate payments / duplicate ledger entries | ${f.duplicatePayments} / ${f.duplicateLedgerEntries} | 0 / 0 |`);
  L.push(`| street ledger balanced | ${f.ledgerBalanced ? 'yes' : '**no**'} | yes |`);
  if (f.cpuPerApproval) {
    const total = procNames.reduce((s, k) => s + (f.cpuPerApproval![k] ?? 0), 0);
    L.push(`| CPU-ms per approval (${procNames.join(', ')}; total) | ${procNames.map((k) => (f.cpuPerApproval![k] ?? 0).toFixed(1)).join(', ')}; ${total.toFixed(1)} | |`);
  }
  L.push('');
  return L;
}
