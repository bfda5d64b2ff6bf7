// Child processes of a bench run: each in its own process group (a terminal's Ctrl-C reaches only
// the bench, which then stops them in order), output kept in a log file and the last lines in memory
// for error messages. Everything started is stopped by stopAll(), also on a signal or a crash.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import net from 'node:net';

export interface Proc {
  name: string;
  pid: number;
  child: ChildProcess;
  exited: Promise<void>;
  done: boolean;
  /** Set once we asked it to stop: an exit after that is expected. */
  stopping: boolean;
  tail: string[];
  /** Resolves with the first output line matching `re` (stdout or stderr). */
  waitForLine(re: RegExp, timeoutMs: number): Promise<string>;
}

const procs: Proc[] = [];
let onUnexpectedExit: (p: Proc, reason: string) => void = () => {};

export function setUnexpectedExitHandler(fn: (p: Proc, reason: string) => void): void {
  onUnexpectedExit = fn;
}

export function startProcess(name: string, command: string, args: string[], opts: { env: NodeJS.ProcessEnv; cwd: string; logFile: string }): Proc {
  const log: WriteStream = createWriteStream(opts.logFile, { flags: 'a' });
  const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
  const waiters: { re: RegExp; resolve: (line: string) => void }[] = [];
  let resolveExited!: () => void;
  const p: Proc = {
    name,
    pid: child.pid,
    child,
    done: false,
    stopping: false,
    tail: [],
    exited: new Promise<void>((r) => (resolveExited = r)),
    waitForLine(re, timeoutMs) {
      const hit = p.tail.find((l) => re.test(l));
      if (hit) return Promise.resolve(hit);
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name}: no line matching ${re} within ${timeoutMs / 1000} s\n${p.tail.slice(-20).join('\n')}`)), timeoutMs);
        waiters.push({
          re,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
        void p.exited.then(() => {
          clearTimeout(timer);
          reject(new Error(`${name} exited before printing ${re}\n${p.tail.slice(-20).join('\n')}`));
        });
      });
    },
  };
  let partial = '';
  const onData = (chunk: Buffer) => {
    log.write(chunk);
    const text = partial + chunk.toString('utf8');
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      p.tail.push(line);
      if (p.tail.length > 200) p.tail.shift();
      for (let i = waiters.length - 1; i >= 0; i--) {
        if (waiters[i]!.re.test(line)) {
          waiters[i]!.resolve(line);
          waiters.splice(i, 1);
        }
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const finish = (reason: string) => {
    if (p.done) return;
    p.done = true;
    log.end();
    resolveExited();
    if (!p.stopping) onUnexpectedExit(p, reason);
  };
  child.once('error', (err) => finish(`could not be started (${err.message})`));
  child.once('exit', (code, signal) => finish(signal ? `was killed by ${signal}` : `exited with code ${code ?? '?'}`));
  procs.push(p);
  return p;
}

function killGroup(p: Proc, signal: NodeJS.Signals): void {
  try {
    process.kill(-p.pid, signal);
  } catch {
    try {
      p.child.kill(signal);
    } catch {
      // gone
    }
  }
}

export async function stopProcess(p: Proc, graceMs = 10_000): Promise<void> {
  if (p.done) return;
  p.stopping = true;
  killGroup(p, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    p.exited.then(() => false),
    new Promise<boolean>((r) => (timer = setTimeout(() => r(true), graceMs))),
  ]);
  clearTimeout(timer);
  if (timedOut) process.stderr.write(`[bench] ${p.name} did not stop within ${graceMs / 1000} s: SIGKILL\n`);
  killGroup(p, 'SIGKILL');
  await p.exited;
}

/** Stops the named processes in the given order (e.g. API and workers before Temporal). */
export async function stopAll(order: string[] = []): Promise<void> {
  const running = procs.filter((p) => !p.done);
  const rank = (p: Proc) => {
    const i = order.indexOf(p.name);
    return i < 0 ? -1 : i;
  };
  const groups = new Map<number, Proc[]>();
  for (const p of running) groups.set(rank(p), [...(groups.get(rank(p)) ?? []), p]);
  for (const r of [...groups.keys()].sort((a, b) => a - b)) await Promise.all(groups.get(r)!.map((p) => stopProcess(p)));
}

/** Last resort (process 'exit'): SIGKILL every group still running. Synchronous. */
export function killAllNow(): void {
  for (const p of procs) if (!p.done) killGroup(p, 'SIGKILL');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}


export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
