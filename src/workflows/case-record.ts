import { appendHistory } from '../domain/aid/emergency-payout.js';
import { notificationsOf, openedCase, type CaseLog, type Recipient } from '../domain/case-acceptance.js';
import type { CaseStep as StepName } from '../domain/cases.js';
import type { Actor } from '../domain/roles.js';
import type { CaseView, HistoryEntry, NotificationInput } from '../domain/views.js';
import { acts, isDataRejected, LocalQueue } from './activities.js';
import type { CaseInput } from './messages.js';
import { nowIso } from './time.js';

/** One step of a case as the read model records it. */
type RecordedStep = Parameters<typeof acts.recordCase>[0];

/**
 * A case's state as the workflow holds it, its history, and its projection into PostgreSQL.
 * Every change goes through `log`, which bumps the version the read model orders snapshots by.
 */
export class CaseRecord implements CaseLog {
  readonly state: CaseView;
  private unsaved: HistoryEntry[] = [];
  private notes: NotificationInput[] = [];
  /** The one line of local activities: read-model writes, and whatever else must not overlap them. */
  private readonly local = new LocalQueue();

  constructor(
    private readonly input: CaseInput,
    firstStep: StepName,
  ) {
    this.state = openedCase(input, firstStep, input.acceptedAt ?? nowIso());
  }

  get applicantIdHash(): string {
    return this.input.applicant.idHash;
  }

  /** Appends a history entry (and so an audit entry) for a change just made to `state`. */
  log(actor: Actor, action: string, summary: string, details: Record<string, unknown> = {}, at = nowIso()): HistoryEntry {
    const entry = appendHistory(this.state, actor, action, summary, details, at);
    this.unsaved.push(entry);
    return entry;
  }

  notify(kind: string, eventKey: string, recipients: Recipient[], message: string): void {
    this.notes.push(...notificationsOf(this.state, kind, eventKey, recipients, message, nowIso()));
  }

  /** What a save would write now, left in place: an activity that writes it itself reports it `written`. */
  pending(): RecordedStep {
    return { view: this.view(), applicantIdHash: this.input.applicant.idHash, entries: [...this.unsaved], notifications: [...this.notes] };
  }

  /** Another activity wrote these (a payout in its own transaction): no save writes them again. */
  written(step: Pick<RecordedStep, 'entries' | 'notifications'>): void {
    const seqs = new Set(step.entries.map((e) => e.seq));
    const keys = new Set(step.notifications.map((n) => `${n.eventKey}|${n.recipientRole}|${n.recipientOrg}`));
    this.unsaved = this.unsaved.filter((e) => !seqs.has(e.seq));
    this.notes = this.notes.filter((n) => !keys.has(`${n.eventKey}|${n.recipientRole}|${n.recipientOrg}`));
  }

  /**
   * Writes what changed since the last save, before the step that changed it answers (read-your-writes).
   * Writes queue in the order they were asked for; each takes what is unsaved when its turn comes, so
   * a write queued behind another that already took its changes writes nothing.
   */
  async save(via: Pick<typeof acts, 'recordCase'> = acts): Promise<void> {
    if (LocalQueue.enabled) return this.local.run((local) => this.write(local));
    return this.write(via);
  }

  /** Activities in the case's one local line (since its patch), else as ordinary activities. */
  inLine<T>(work: (via: typeof acts) => Promise<T>): Promise<T> {
    return LocalQueue.enabled ? this.local.run(work) : work(acts);
  }

  private async write(via: Pick<typeof acts, 'recordCase'>): Promise<void> {
    const entries = this.unsaved.splice(0);
    const notifications = this.notes.splice(0);
    if (entries.length === 0 && notifications.length === 0) return;
    try {
      await via.recordCase({ view: this.view(), applicantIdHash: this.input.applicant.idHash, entries, notifications });
    } catch (err) {
      // PostgreSQL refused even the sanitised snapshot: the activity has alerted the supervisors, and
      // the case goes on from its workflow state; the next save writes the newer snapshot.
      if (!isDataRejected(err)) throw err;
    }
  }

  /** A copy, so a query result or a persisted snapshot never aliases live state. */
  view(): CaseView {
    return JSON.parse(JSON.stringify(this.state)) as CaseView;
  }
}
