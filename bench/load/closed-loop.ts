// A closed-loop load driver: `concurrency` loops, each issuing its next operation as soon as the
// previous one answered.
//
// Warm-up (not recorded) lasts at least `warmupMs` and until every loop has completed one operation
// (so a slow path at high concurrency, whose first answers come only after concurrency/throughput
// seconds, is in its steady state when measuring starts), at most `maxWarmupMs`. Then the measured
// window of `durationMs` opens; at its end no loop starts another operation and the ones in flight
// are awaited (bounded by `drainTimeoutMs`), not recorded.
//
// Throughput counts operations that completed inside the window; the histogram holds their
// latencies. `totalOps` counts every operation that succeeded in the run (warm-up and drain
// included), for dividing CPU measured from a quiet start to a quiet end (see scripts/bench-load.ts).
import { performance } from 'node:perf_hooks';
import { newHistogram, type Histogram } from './hist.js';

export interface LoopOptions {
  concurrency: number;
  warmupMs: number;
  /** Upper bound of the warm-up when some loop has not completed an operation yet (default 60 s). */
  maxWarmupMs?: number;
  durationMs: number;
  /** How long to wait for operations still in flight at the window's end (default 120 s). */
  drainTimeoutMs?: number;
}

/** One operation; `loop` is the loop's index (0 .. concurrency-1). Throws on failure. */
export type Operation = (loop: number) => Promise<void>;

export interface LoopResult {
  ops: number;
  errors: number;
  /** Operations that succeeded / failed in the whole run: warm-up, window and drain. */
  totalOps: number;
  totalErrors: number;
  /** Error messages by kind, counted (the first few kinds), warm-up included. */
  errorKinds: Record<string, number>;
  /** How long the warm-up took (ms). */
  warmupMs: number;
  /** Measured window (ms). */
  windowMs: number;
  opsPerSec: number;
  histogram: Histogram;
  /** How long the operations still in flight at the window's end took to finish (ms). */
  drainMs: number;
}

export async function runClosedLoop(op: Operation, o: LoopOptions): Promise<LoopResult> {
  const histogram = newHistogram();
  const errorKinds: Record<string, number> = {};
  let ops = 0;
  let errors = 0;
  let totalOps = 0;
  let totalErrors = 0;
  const t0 = performance.now();
  let windowStart = Infinity;
  let windowEnd = Infinity;
  const completedOnce = new Set<number>();
  let endTimer: NodeJS.Timeout | undefined;
  let startTimer: NodeJS.Timeout | undefined;
  let resolveEnded!: () => void;
  const ended = new Promise<void>((r) => (resolveEnded = r));

  const openWindow = () => {
    if (windowStart !== Infinity) return;
    clearTimeout(startTimer);
    windowStart = performance.now();
    windowEnd = windowStart + o.durationMs;
    endTimer = setTimeout(resolveEnded, o.durationMs);
  };
  const maybeOpen = () => {
    const elapsed = performance.now() - t0;
    if (elapsed >= o.warmupMs && (completedOnce.size >= o.concurrency || elapsed >= (o.maxWarmupMs ?? 60_000))) openWindow();
  };
  // Re-checked after each completion, and at the minimum and maximum warm-up times.
  startTimer = setTimeout(function tick() {
    maybeOpen();
    if (windowStart === Infinity) startTimer = setTimeout(tick, Math.max(10, (o.maxWarmupMs ?? 60_000) - (performance.now() - t0)));
  }, o.warmupMs);

  const loop = async (i: number) => {
    while (performance.now() < windowEnd) {
      const start = performance.now();
      try {
        await op(i);
        const end = performance.now();
        totalOps++;
        if (end >= windowStart && end <= windowEnd) {
          ops++;
          histogram.recordValue(Math.max(1, Math.round((end - start) * 1000)));
        }
      } catch (err) {
        const end = performance.now();
        totalErrors++;
        if (end >= windowStart && end <= windowEnd) errors++;
        const kind = (err instanceof Error ? err.message : String(err)).slice(0, 120);
        if (kind in errorKinds || Object.keys(errorKinds).length < 8) errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
        // Do not spin on a dead target.
        await new Promise((r) => setTimeout(r, 50));
      }
      completedOnce.add(i);
      if (windowStart === Infinity) maybeOpen();
    }
  };

  const all = Promise.all(Array.from({ length: o.concurrency }, (_, i) => loop(i)));
  await ended;
  const endedAt = performance.now();
  let drainTimer: NodeJS.Timeout | undefined;
  const drainLimit = new Promise<'timeout'>((resolve) => {
    drainTimer = setTimeout(() => resolve('timeout'), o.drainTimeoutMs ?? 120_000);
  });
  const outcome = await Promise.race([all.then(() => 'done' as const), drainLimit]);
  clearTimeout(drainTimer);
  clearTimeout(endTimer);
  if (outcome === 'timeout') errorKinds['operations still in flight after the drain timeout'] = 1;
  return {
    ops,
    errors,
    totalOps,
    totalErrors,
    errorKinds,
    warmupMs: windowStart - t0,
    windowMs: o.durationMs,
    opsPerSec: (ops * 1000) / o.durationMs,
    histogram,
    drainMs: performance.now() - endedAt,
  };
}
