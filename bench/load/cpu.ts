// CPU time and memory from /proc (Linux).
//
// Method: /proc/<pid>/stat fields 14–17 are utime, stime, cutime, cstime in clock ticks (CLK_TCK).
// A process tree's CPU is the sum, over the root and its live descendants, of utime+stime+cutime+
// cstime: a live process's own time is in its utime+stime, a child that exited and was waited for is
// in its parent's cutime+cstime. Threads (libuv pool, the Temporal core's Rust threads, the worker's
// workflow thread) are part of their process's counters.
//
// PostgreSQL: the server is shared with other databases (other test suites run on this machine), so
// its whole process tree is not ours. We attribute the backends connected to *our* database: their
// pids come from pg_stat_activity (datname = ours, our own monitoring backend excluded), each
// backend's utime+stime is read from /proc at every sample, and a round's PostgreSQL CPU is the sum
// over those backends of (last value seen − value at the round's start, or 0 for a backend that
// appeared during the round). Shared background processes (WAL writer, checkpointer, autovacuum,
// background writer) serve every database and are not counted.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type postgres from 'postgres';

let clkTck = 100;
try {
  clkTck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
} catch {
  // getconf missing: 100 is Linux's USER_HZ everywhere that matters.
}
const msPerTick = 1000 / clkTck;

interface Stat {
  pid: number;
  ppid: number;
  /** utime+stime, ms. */
  own: number;
  /** cutime+cstime, ms. */
  children: number;
}

function readStat(pid: number): Stat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: split after the last ')'.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state); field n is rest[n - 3].
  const f = (n: number) => Number(rest[n - 3]);
  return { pid, ppid: f(4), own: (f(14) + f(15)) * msPerTick, children: (f(16) + f(17)) * msPerTick };
}

/** CPU ms of one process (its own threads only). */
export function processCpuMs(pid: number): number | undefined {
  return readStat(pid)?.own;
}

function allStats(): Stat[] {
  const out: Stat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s) out.push(s);
  }
  return out;
}

/** CPU ms of a process tree: the root and its live descendants, each with its waited-for children. */
export function treeCpuMs(rootPid: number, stats: Stat[] = allStats()): number | undefined {
  const byParent = new Map<number, Stat[]>();
  let root: Stat | undefined;
  for (const s of stats) {
    if (s.pid === rootPid) root = s;
    const list = byParent.get(s.ppid);
    if (list) list.push(s);
    else byParent.set(s.ppid, [s]);
  }
  if (!root) return undefined;
  let total = 0;
  const stack = [root];
  while (stack.length > 0) {
    const s = stack.pop()!;
    total += s.own + s.children;
    stack.push(...(byParent.get(s.pid) ?? []));
  }
  return total;
}

/** Resident set size and its peak (VmRSS, VmHWM) of one process, in MiB. */
export function memoryMiB(pid: number): { rss: number; hwm: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').trim().split(' ').slice(0, 3).join(' ');
  } catch {
    return 'n/a';
  }
}

/** The backends of one database, followed across samples (see the header comment). */
export class PgBackends {
  private readonly seen = new Map<number, { first: number; last: number }>();

  constructor(
    private readonly sql: postgres.Sql,
    private readonly database: string,
  ) {}

  private async pids(): Promise<number[]> {
    const rows = await this.sql<{ pid: number }[]>`
      select pid from pg_stat_activity where datname = ${this.database} and pid <> pg_backend_pid()`;
    return rows.map((r) => r.pid);
  }

  /** Starts a measurement: every backend alive now counts from its current value. */
  async reset(): Promise<void> {
    this.seen.clear();
    for (const pid of await this.pids()) {
      const cpu = processCpuMs(pid);
      if (cpu !== undefined) this.seen.set(pid, { first: cpu, last: cpu });
    }
  }

  /** Reads every backend of the database now; new ones count from 0 (they started after reset). */
  async sample(): Promise<void> {
    for (const pid of await this.pids()) {
      const cpu = processCpuMs(pid);
      if (cpu === undefined) continue;
      const s = this.seen.get(pid);
      if (s) s.last = Math.max(s.last, cpu);
      else this.seen.set(pid, { first: 0, last: cpu });
    }
    // Backends that disappeared keep their last value.
  }

  /** CPU ms since reset(). */
  totalMs(): number {
    let total = 0;
    for (const s of this.seen.values()) total += s.last - s.first;
    return total;
  }

  backendCount(): number {
    return this.seen.size;
  }
}

/** Named process trees, plus this process, plus a database's backends: sampled together. */
export class CpuMeter {
  private start = new Map<string, number>();
  private last = new Map<string, number>();
  private selfStart = process.cpuUsage();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly trees: () => Record<string, number | undefined>,
    private readonly pg: PgBackends | undefined,
  ) {}

  private readTrees(): Map<string, number> {
    const stats = allStats();
    const out = new Map<string, number>();
    for (const [name, pid] of Object.entries(this.trees())) {
      if (pid === undefined) continue;
      const v = treeCpuMs(pid, stats);
      if (v !== undefined) out.set(name, v);
    }
    return out;
  }

  async begin(): Promise<void> {
    this.start = this.readTrees();
    this.last = new Map(this.start);
    this.selfStart = process.cpuUsage();
    await this.pg?.reset();
    // PostgreSQL backends can come and go: follow them every second while a round runs.
    this.timer = setInterval(() => void this.pg?.sample().catch(() => {}), 1000);
  }

  /** CPU ms per name since begin(); `driver` is this process, `postgres` our database's backends. */
  async end(): Promise<Record<string, number>> {
    clearInterval(this.timer);
    await this.pg?.sample();
    this.last = this.readTrees();
    const out: Record<string, number> = {};
    for (const [name, v] of this.last) out[name] = v - (this.start.get(name) ?? v);
    const self = process.cpuUsage(this.selfStart);
    out.driver = (self.user + self.system) / 1000;
    if (this.pg) out.postgres = this.pg.totalMs();
    return out;
  }

  /** CPU ms per name since the previous call (or begin), without PostgreSQL: for quiescence checks. */
  peekTrees(): Record<string, number> {
    const now = this.readTrees();
    const out: Record<string, number> = {};
    for (const [name, v] of now) out[name] = v - (this.last.get(name) ?? v);
    this.last = now;
    return out;
  }
}
