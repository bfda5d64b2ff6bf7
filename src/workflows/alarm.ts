import { CancellationScope, condition, isCancellation, sleep } from '@temporalio/workflow';
import { takes, type SettledPatch } from './patches.js';

/**
 * One durable timer kept across a loop's waits. It is set again only when the next wake must come
 * earlier than the one already set; a wake that moved later (a deadline given back after 补正) lets the
 * old one ring early, and the loop looks again. Every change of a case wakes its loop, and a timer
 * cancelled and started for each would be two history events per caseworker action.
 *
 * Behind its patch: a run's first wait, and every wait of a run that began before the patch, is the timed
 * condition every history before it has (a timer started, and cancelled when the loop wakes first). The
 * patch is asked from the second wait on, so a workflow's start carries no marker for it.
 */
export class Alarm {
  private at: number | undefined;
  private scope: CancellationScope | undefined;
  private rang = false;
  private waits = 0;
  private kept = false;

  constructor(private readonly patch: SettledPatch) {}

  /** Waits until `woken()` holds or the instant `wake` (epoch ms) has come; no timer is set for `undefined`. */
  wait(woken: () => boolean, wake: number | undefined): Promise<unknown> {
    this.kept ||= this.waits++ > 0 && takes(this.patch);
    // The condition itself, not wrapped, so the loop awaits exactly what it awaited before the patch.
    if (!this.kept) return condition(woken, wake === undefined ? undefined : Math.max(wake - Date.now(), 1));
    return this.keep(woken, wake);
  }

  private async keep(woken: () => boolean, wake: number | undefined): Promise<void> {
    if (wake !== undefined && (this.at === undefined || wake < this.at)) this.set(wake);
    // It may have rung while the loop was busy since its last wait: then this returns at once.
    await condition(() => woken() || this.rang);
    this.rang = false;
  }

  /** The loop is over: a timer still set would only wake the workflow for nothing. */
  stop(): void {
    this.scope?.cancel();
    this.scope = undefined;
    this.at = undefined;
  }

  private set(at: number): void {
    this.scope?.cancel();
    const scope = new CancellationScope({ cancellable: true });
    this.scope = scope;
    this.at = at;
    void scope.run(() => sleep(Math.max(at - Date.now(), 1))).then(
      () => {
        if (this.scope !== scope) return;
        this.scope = undefined;
        this.at = undefined;
        this.rang = true;
      },
      (err: unknown) => {
        if (!isCancellation(err)) throw err;
      },
    );
  }
}
