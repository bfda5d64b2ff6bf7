import { mkdir, writeFile } from 'node:fs/promises';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, bench, describe, expect } from 'vitest';
import { findBenefit } from '../src/db/benefits.js';
import { benefitStateQuery } from '../src/workflows/messages.js';
import { CASEWORKER } from '../test/support/actors.js';
import { expectStatus, post } from '../test/support/api.js';
import { approve } from '../test/support/benefits.js';
import { DAY, eventually, useHarness } from '../test/support/harness.js';

// Issue 22, scale past this machine: what a benefit's year leaves in Temporal. A 低保 benefit is opened
// through its case (time-skipping test server, payload encryption on as in production) and lives a year:
// a household change recorded in month 3, its review falling due, opened, recorded (a new run), then
// the rest of the year. Every run of the year is read back (followed through continue-as-new) and its
// history measured as Temporal stores it (protobuf bytes). Payrolls write PostgreSQL only and add
// nothing here. Report: bench/reports/benefit-year-<date>.md.
const BENEFITS = Number(process.env.BENEFIT_YEAR_BENEFITS ?? 3);
const h = useHarness('bench_benefit_year', { app: true });

interface Year {
  runs: number;
  events: number;
  bytes: number;
  largestRunBytes: number;
}
const years: Year[] = [];
const benefitIds: string[] = [];

/** Every run from `runId` on, through continue-as-new: events and protobuf bytes of each. */
async function historiesFrom(workflowId: string, runId: string): Promise<Year> {
  const year: Year = { runs: 0, events: 0, bytes: 0, largestRunBytes: 0 };
  for (let run: string | undefined = runId; run; ) {
    const history = await h.env.client.workflow.getHandle(workflowId, run).fetchHistory();
    const bytes = temporal.api.history.v1.History.encode(history).finish().byteLength;
    year.runs++;
    year.events += history.events?.length ?? 0;
    year.bytes += bytes;
    year.largestRunBytes = Math.max(year.largestRunBytes, bytes);
    run = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return year;
}

const benefitAct = (id: string, body: object) => post(h.app, `/v1/benefits/${id}/actions`, CASEWORKER, body);

beforeAll(async () => {
  for (let i = 0; i < BENEFITS; i++) {
    const opened = await h.env.currentTimeMs();
    const a = await approve(h, 'dibao', { monthlyAmountFen: 120_000 });
    const firstRun = (await h.env.client.workflow.getHandle(a.benefitId).describe()).runId;
    await h.env.sleep(75 * DAY);
    expectStatus(await benefitAct(a.benefitId, { action: 'record-change', perCapitaIncomeFen: 30_000, reason: '收入减少' }), 200);
    const b = (await findBenefit(h.database.db, a.benefitId))!;
    await h.env.sleep(Date.parse(`${b.reviewDueDate}T00:00:00+08:00`) - (await h.env.currentTimeMs()) + 60_000);
    await eventually(async () => expect((await findBenefit(h.database.db, a.benefitId))!.reviewDeadline).not.toBeNull());
    expectStatus(await benefitAct(a.benefitId, { action: 'record-review', outcome: 'continue', findings: '情况未变' }), 200);
    await eventually(async () => expect((await h.env.client.workflow.getHandle(a.benefitId).describe()).runId).not.toBe(firstRun));
    const left = opened + 365 * DAY - (await h.env.currentTimeMs());
    if (left > 0) await h.env.sleep(left);
    expect((await h.env.client.workflow.getHandle(a.benefitId).query(benefitStateQuery)).status).toBe('active');
    years.push(await historiesFrom(a.benefitId, firstRun));
    benefitIds.push(a.benefitId);
  }
}, 600_000);

afterAll(async () => {
  const day = new Date().toISOString().slice(0, 10);
  const avg = (k: keyof Year) => years.reduce((n, y) => n + y[k], 0) / years.length;
  const province = 2_500_000;
  const report = `# A benefit's year in Temporal (${day})

\`npx vitest bench --run bench/benefit-year.bench.ts\` (bench/benefit-year.bench.ts): ${years.length} 低保 benefits, each opened through its case and living a year (a household change in month 3, the review falling due and recorded, which starts a new run, then the rest of the year), on the time-skipping test server with payload encryption on. Every run of the year read back through continue-as-new; bytes are the history as Temporal stores it (protobuf).

| per benefit-year | value |
| --- | ---: |
| runs | ${avg('runs').toFixed(1)} |
| history events | ${avg('events').toFixed(0)} |
| history bytes | ${(avg('bytes') / 1024).toFixed(1)} KiB |
| largest single run | ${(avg('largestRunBytes') / 1024).toFixed(1)} KiB |

A province of ${province.toLocaleString('en')} benefits: **${((avg('bytes') * province) / 1024 ** 3).toFixed(1)} GiB of history a year** written to Temporal's persistence (closed runs are kept for the namespace's retention, then deleted); the open run of each benefit holds at most ${(avg('largestRunBytes') / 1024).toFixed(1)} KiB (a run ends at each review, or at 1,000 events).

Per benefit: ${years.map((y) => `${y.runs} runs, ${y.events} events, ${(y.bytes / 1024).toFixed(1)} KiB`).join('; ')}.
`;
  await mkdir('bench/reports', { recursive: true });
  await writeFile(`bench/reports/benefit-year-${day}.md`, report);
  console.log(report);
});

describe('a benefit in Temporal', () => {
  bench('the state query of a benefit a year old', async () => {
    await h.env.client.workflow.getHandle(benefitIds[0]!).query(benefitStateQuery);
  });
});
