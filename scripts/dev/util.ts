// Small process and network helpers shared by the development runner (scripts/dev.ts) and its parts.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** An expected failure: reported as one line, without a stack trace. */
export class DevError extends Error {}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function log(message: string): void {
  process.stdout.write(`[dev] ${message}\n`);
}

export function logError(message: string): void {
  process.stderr.write(`[dev] ERROR: ${message}\n`);
}

/** The project root: the nearest ancestor of this file holding package.json (works from scripts/ and dist/scripts/). */
export function findRoot(from = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** Exponential back-off: `initialMs` doubled per consecutive failure, capped at `maxMs`. */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt));
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A process's command line (arguments joined by spaces), or undefined when it is gone or unreadable. */
export function commandLine(pid: number): string | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter(Boolean).join(' ') || undefined;
  } catch {
    // No /proc (macOS): ask ps.
    const ps = spawnSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
    const out = ps.status === 0 ? ps.stdout.trim() : '';
    return out || undefined;
  }
}

/** Waits until `pid` has exited; false if it is still alive after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(100);
  }
  return true;
}

/**
 * Stops a process (or its whole process group when `group`): `signal` first, then SIGKILL after
 * `graceMs`. Resolves once it is gone.
 */
export async function terminate(pid: number, opts: { signal?: NodeJS.Signals; graceMs?: number; group?: boolean } = {}): Promise<void> {
  const target = opts.group ? -pid : pid;
  const send = (signal: NodeJS.Signals) => {
    try {
      process.kill(target, signal);
    } catch {
      // already gone
    }
  };
  send(opts.signal ?? 'SIGTERM');
  if (await waitForExit(pid, opts.graceMs ?? 10_000)) {
    if (opts.group) send('SIGKILL'); // stragglers in the group
    return;
  }
  send('SIGKILL');
  await waitForExit(pid, 5_000);
}

export function canConnect(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.createConnection({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Waits until nothing accepts connections on host:port any more; false if something still does after `timeoutMs`. */
export async function waitForPortFree(host: string, port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (await canConnect(host, port, 500)) {
    if (Date.now() >= deadline) return false;
    await sleep(250);
  }
  return true;
}

/** Whether this process may bind host:port now. */
export function canListen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port the OS says is free on host right now. */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A port number from the environment, or the default; a bad value is a DevError naming the variable. */
export function portFromEnv(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new DevError(`${name} must be a port number (1-65535), got ${JSON.stringify(raw)}`);
  }
  return port;
}

/** The last `maxLines` lines of a text, for error reports. */
export function tail(text: string, maxLines = 30): string {
  const lines = text.trimEnd().split('\n');
  return lines.slice(-maxLines).join('\n');
}

/** Hides a URL's password. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable)';
  }
}

/** Whether `command` is an executable somewhere on PATH; returns its full path. */
export function onPath(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
    } catch {
      continue;
    }
    const probe = spawnSync(candidate, ['--version'], { stdio: 'ignore', timeout: 10_000 });
    if (!probe.error && probe.status === 0) return candidate;
  }
  return undefined;
}
