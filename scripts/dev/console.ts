import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { DevError, log } from './util.js';

/** The newest modification time of the files under a path. */
function newest(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(p).map((f) => newest(path.join(p, f))));
}

/** web/dist is missing or older than the console's sources. */
function consoleIsStale(root: string): boolean {
  const built = path.join(root, 'web', 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const sources = ['src', 'index.html', 'vite.config.ts', 'package-lock.json'].map((f) => newest(path.join(root, 'web', f)));
  return Math.max(...sources) > statSync(built).mtimeMs;
}

/** Builds the console (web/) when it is missing or older than its sources; the API serves it at /. */
export async function buildConsoleIfStale(root: string): Promise<void> {
  if (!consoleIsStale(root)) return;
  log('building the console (web/)');
  await new Promise<void>((resolve, reject) => {
    const proc = spawn('npm', ['run', 'build', '--prefix', 'web'], { cwd: root, stdio: 'inherit' });
    proc.once('error', (err) => reject(new DevError(`npm could not be started: ${err.message}`)));
    proc.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new DevError(`the console build failed (${signal ?? `exit code ${code}`})`))));
  });
}
