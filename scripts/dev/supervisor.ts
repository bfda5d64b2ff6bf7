// Child processes of the development runner: started in their own process groups, restarted with
// exponential back-off when they are meant to keep running (worker, API), or ending everything when
// they are infrastructure (Temporal, PostgreSQL) and die.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { backoffDelay, log } from './util.js';

/** What happens when a child exits without having been asked to. */
export type ExitPolicy = 'restart' | 'fatal' | 'ignore';

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  policy: ExitPolicy;
  /** The signal that asks it to stop (SIGTERM; PostgreSQL's fast shutdown is SIGINT). */
  stopSignal?: NodeJS.Signals;
  /**
   * 'inherit': straight to this terminal; 'quiet-on-stop': forwarded until it is asked to stop (the
   * Temporal dev server logs a burst of harmless warnings while it shuts down); { file }: appended
   * to that file only.
   */
  output?: 'inherit' | 'quiet-on-stop' | { file: string };
  uid?: number;
  gid?: number;
}

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** A child that ran at least this long before dying starts again from `initialMs`. */
  stableMs: number;
}

const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1_000, maxMs: 30_000, stableMs: 60_000 };

type Exit = { code: number | null; signal: NodeJS.Signals | null; error?: Error };

export class ManagedChild {
  proc: ChildProcess | undefined;
  /** Resolves when the current process has exited (immediately when none runs). */
  exited: Promise<Exit> = Promise.resolve({ code: null, signal: null });
  /** The last output lines (kept for error reports). */
  recentOutput = '';
  restarts = 0;
  private stopping = false;
  private stopped = false;
  private exitSeen = false;
  private consecutiveFailures = 0;
  private startedAt = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private logStream: WriteStream | undefined;

  constructor(
    readonly spec: ChildSpec,
    private readonly supervisor: Supervisor,
  ) {}

  get policy(): ExitPolicy {
    return this.spec.policy;
  }

  set policy(policy: ExitPolicy) {
    this.spec.policy = policy;
  }

  get running(): boolean {
    return this.proc !== undefined && this.proc.exitCode === null && this.proc.signalCode === null && !this.exitSeen;
  }

  start(): void {
    const { spec } = this;
    const output = spec.output ?? 'inherit';
    const piped = output !== 'inherit';
    const proc = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      stdio: piped ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
      detached: true, // its own process group: a terminal's Ctrl+C reaches only the runner, which stops it in order
      ...(spec.uid !== undefined ? { uid: spec.uid } : {}),
      ...(spec.gid !== undefined ? { gid: spec.gid } : {}),
    });
    this.proc = proc;
    this.exitSeen = false;
    this.startedAt = Date.now();
    if (typeof output === 'object') this.logStream ??= createWriteStream(output.file, { flags: 'a' });
    const onChunk = (sink: NodeJS.WriteStream) => (chunk: Buffer) => {
      this.recentOutput = (this.recentOutput + chunk.toString('utf8')).slice(-16_000);
      if (this.logStream) this.logStream.write(chunk);
      else if (!this.stopping) sink.write(chunk);
    };
    proc.stdout?.on('data', onChunk(process.stdout));
    proc.stderr?.on('data', onChunk(process.stderr));

    let resolveExited!: (exit: Exit) => void;
    this.exited = new Promise<Exit>((resolve) => (resolveExited = resolve));
    let finished = false;
    const finish = (exit: Exit) => {
      if (finished) return;
      finished = true;
      this.exitSeen = true;
      resolveExited(exit);
      this.onExit(exit);
    };
    proc.once('error', (error) => finish({ code: null, signal: null, error }));
    proc.once('exit', (code, signal) => finish({ code, signal }));
    this.supervisor.onSpawn(this);
  }

  private onExit(exit: Exit): void {
    if (this.stopping || this.supervisor.shuttingDown) return;
    const reason = describeExit(exit);
    if (this.spec.policy === 'ignore') return;
    if (this.spec.policy === 'fatal') {
      this.supervisor.onFatal(this, reason);
      return;
    }
    const { initialMs, maxMs, stableMs } = this.supervisor.backoff;
    if (Date.now() - this.startedAt >= stableMs) this.consecutiveFailures = 0;
    const delay = backoffDelay(this.consecutiveFailures, initialMs, maxMs);
    this.consecutiveFailures += 1;
    this.restarts += 1;
    log(`${this.spec.name} ${reason}; restarting it in ${formatMs(delay)} (restart #${this.restarts})`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.stopping || this.supervisor.shuttingDown) return;
      log(`restarting ${this.spec.name}`);
      this.start();
    }, delay);
  }

  /** Asks it to stop (its stop signal, SIGKILL to the group after `graceMs`); resolves when it is gone. */
  async stop(graceMs: number): Promise<void> {
    if (this.stopped) return;
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const proc = this.proc;
    if (proc && !this.exitSeen) {
      // The direct child only: tsx relays it to the program, which would otherwise get it twice.
      try {
        proc.kill(this.spec.stopSignal ?? 'SIGTERM');
      } catch {
        // already gone
      }
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        this.exited.then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), graceMs))),
      ]);
      clearTimeout(timer);
      if (timedOut) log(`${this.spec.name} did not stop within ${formatMs(graceMs)}; sending SIGKILL.`);
      // Also clears leftover grandchildren (harmless when the group is already gone).
      this.killGroup();
    }
    await this.exited;
    this.stopped = true;
    this.logStream?.end();
  }

  killGroup(): void {
    const pid = this.proc?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      try {
        this.proc?.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

export class Supervisor {
  readonly children: ManagedChild[] = [];
  shuttingDown = false;

  constructor(
    readonly hooks: {
      /** A 'fatal' child died: the runner stops everything. */
      fatal: (child: ManagedChild, reason: string) => void;
      /** A process was (re)started: the runner records its pid. */
      spawned?: (child: ManagedChild) => void;
    },
    readonly backoff: BackoffOptions = DEFAULT_BACKOFF,
  ) {}

  start(spec: ChildSpec): ManagedChild {
    const child = new ManagedChild(spec, this);
    this.children.push(child);
    child.start();
    return child;
  }

  /** Drops a stopped child from the list (a failed start attempt). */
  forget(child: ManagedChild): void {
    const i = this.children.indexOf(child);
    if (i >= 0) this.children.splice(i, 1);
  }

  onSpawn(child: ManagedChild): void {
    this.hooks.spawned?.(child);
  }

  onFatal(child: ManagedChild, reason: string): void {
    this.hooks.fatal(child, reason);
  }

  /** Stops every child: those for which `first` is true, then the others in reverse start order. */
  async stopAll(first: (child: ManagedChild) => boolean, graceMs: number): Promise<void> {
    this.shuttingDown = true;
    const early = this.children.filter(first);
    await Promise.all(early.map((c) => c.stop(graceMs)));
    for (const child of this.children.filter((c) => !first(c)).reverse()) await child.stop(graceMs);
  }

  /** Last resort when the runner itself is going down hard. */
  killAll(): void {
    for (const child of this.children) if (child.running) child.killGroup();
  }
}

function describeExit(exit: Exit): string {
  if (exit.error) return `could not be started (${exit.error.message})`;
  if (exit.signal) return `was killed by ${exit.signal}`;
  return `exited unexpectedly with code ${exit.code ?? '?'}`;
}

function formatMs(ms: number): string {
  return ms < 1_000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
