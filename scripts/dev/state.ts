// data/dev-state.json: which runner is up in this checkout and the pids of its children, so that a
// new `npm start` can wait for a runner that is still stopping, and stop what a killed one (kill -9)
// left behind (its children run in their own process groups and outlive it).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ManagedChild } from './supervisor.js';
import { commandLine, DevError, isAlive, log, terminate, waitForExit } from './util.js';

interface StateFile {
  runner: { pid: number; script: string; stopping?: boolean };
  children: Record<string, { pid: number; commandLine: string }>;
}

function read(file: string): StateFile | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as StateFile;
  } catch {
    return undefined;
  }
}

export class RunState {
  private state: StateFile;
  /** Set once this runner has taken the file over (after clearLeftovers): before that it is another runner's. */
  private owned = false;

  constructor(
    private readonly file: string,
    script: string,
  ) {
    this.state = { runner: { pid: process.pid, script }, children: {} };
  }

  /** Takes the file over for this runner. */
  claim(): void {
    this.owned = true;
    this.write();
  }

  private write(): void {
    if (!this.owned) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    writeFileSync(this.file, `${JSON.stringify(this.state, null, 2)}\n`);
  }

  record(child: ManagedChild): void {
    const pid = child.proc?.pid;
    if (pid === undefined) return;
    this.state.children[child.spec.name] = { pid, commandLine: [child.spec.command, ...child.spec.args].join(' ') };
    this.write();
  }

  /** Once the runner has begun to stop its children: a new runner waits for it instead of refusing. */
  markStopping(): void {
    this.state.runner.stopping = true;
    this.write();
  }

  /** On a clean stop. */
  remove(): void {
    if (!this.owned) return;
    const current = read(this.file);
    if (!current || current.runner.pid === process.pid) rmSync(this.file, { force: true });
  }
}

/**
 * Before starting: waits (up to `waitMs`) for an earlier runner of this checkout that is still
 * stopping, and stops the children of one that was killed. A child is only signalled when its pid
 * still runs the command recorded for it.
 */
export async function clearLeftovers(file: string, waitMs = 30_000): Promise<void> {
  let state = read(file);
  if (!state) return;
  const runner = state.runner;
  const runnerCmd = runner.pid !== process.pid && isAlive(runner.pid) ? commandLine(runner.pid) : undefined;
  if (runnerCmd?.includes(runner.script)) {
    if (!runner.stopping) {
      throw new DevError(
        `another \`npm start\` (pid ${runner.pid}) is running in this checkout; stop it first (two checkouts can run side by side with their own PORT, TEMPORAL_PORT and TEMPORAL_UI_PORT)`,
      );
    }
    log(`an earlier \`npm start\` of this checkout (pid ${runner.pid}) is still running; waiting up to ${waitMs / 1000} s for it to stop`);
    if (!(await waitForExit(runner.pid, waitMs))) {
      throw new DevError(
        `the earlier \`npm start\` (pid ${runner.pid}) did not stop within ${waitMs / 1000} s; stop it first`,
      );
    }
    state = read(file);
    if (!state) return;
  }
  // Reverse start order: the API and worker, then Temporal, then PostgreSQL.
  for (const [name, child] of Object.entries(state.children).reverse()) {
    if (!isAlive(child.pid)) continue;
    const cmd = commandLine(child.pid);
    if (cmd !== child.commandLine) continue; // the pid now belongs to something else
    log(`stopping ${name} (pid ${child.pid}), left running by an earlier \`npm start\` that did not shut down`);
    // PostgreSQL: SIGINT to the postmaster is its fast shutdown (it stops its backends itself).
    if (name === 'postgres') await terminate(child.pid, { signal: 'SIGINT', graceMs: 30_000 });
    else await terminate(child.pid, { signal: 'SIGTERM', graceMs: 10_000, group: true });
  }
  if (existsSync(file)) rmSync(file, { force: true });
}
