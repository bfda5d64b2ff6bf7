// Where a Node process's JavaScript CPU goes: V8 CPU profiles (`node --cpu-prof`, one file per
// thread, written when the process exits) summarised by self time per function and per "place"
// (an npm package, a node: built-in, a project file, the workflow bundle, GC). Native work outside V8
// (the Temporal core's Rust threads in a worker, libuv, TLS) is not in these profiles: compare their
// total with the process's /proc CPU to see that share.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  file: string;
  /** Sampled non-idle time, ms. */
  totalMs: number;
  wallMs: number;
  byPlace: [string, number][];
  byFunction: [string, number][];
}

function place(url: string, fn: string, root: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native or V8 built-in)';
  const u = url.replace(/^file:\/\//, '');
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
  if (nm) return nm[1]!;
  if (u.startsWith('node:')) return u.split('/')[0]!;
  if (u.includes('workflow-bundle')) return 'workflow bundle (src/workflows, src/domain, @temporalio/workflow)';
  return path.relative(root, u) || u;
}

/**
 * `window`: only samples taken between these two instants (µs of the monotonic clock V8's profiler
 * stamps samples with — the same CLOCK_MONOTONIC as process.hrtime in any process on the machine),
 * e.g. the load phases, leaving out start-up (module loading, bundling) and shutdown.
 */
export function summariseProfile(file: string, root: string, window?: [number, number], top = 12): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const self = new Map<number, number>();
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  let t = p.startTime;
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < samples.length; i++) {
    t += deltas[i] ?? 0;
    if (window && (t < window[0] || t > window[1])) continue;
    first = Math.min(first, t);
    last = Math.max(last, t);
    self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + (deltas[i] ?? 0) / 1000);
  }
  const places = new Map<string, number>();
  const fns = new Map<string, number>();
  let totalMs = 0;
  for (const n of p.nodes) {
    const ms = self.get(n.id) ?? 0;
    if (ms === 0 || n.callFrame.functionName === '(idle)') continue;
    totalMs += ms;
    const pl = place(n.callFrame.url, n.callFrame.functionName, root);
    places.set(pl, (places.get(pl) ?? 0) + ms);
    const fn = `${n.callFrame.functionName || '(anonymous)'} ${pl}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
    fns.set(fn, (fns.get(fn) ?? 0) + ms);
  }
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { file, totalMs, wallMs: last > first ? (last - first) / 1000 : 0, byPlace: sorted(places), byFunction: sorted(fns) };
}

export function profilesIn(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}
