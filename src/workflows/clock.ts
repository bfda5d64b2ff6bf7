import { setHandler } from '@temporalio/workflow';
import { showDeadline } from '../domain/case-acceptance.js';
import { shanghaiDate, shanghaiDateTime } from '../domain/dates.js';
import type { ComputedDeadline as Deadline } from '../domain/deadline.js';
import type { CasePolicy } from '../domain/policy.js';
import { SERVICE_ACTOR, type Role } from '../domain/roles.js';
import { acts } from './activities.js';
import { Alarm } from './alarm.js';
import type { CaseRecord } from './case-record.js';
import { calendarChangedSignal } from './messages.js';
import { takes } from './patches.js';

/** What happens when the deadline passes: the history action, its wording, and who is told. */
export interface LateRule {
  action: string;
  message: string;
  notify: Role[];
}

/** Not decided by the end of the due day: the county's supervisors and the street are told. */
export const OVERDUE: LateRule = { action: 'overdue', message: '已超期：未在办理期限内作出决定', notify: ['supervisor', 'caseworker'] };

/** 急难型: the money must be out within the policy's hours of acceptance, else the county is told. */
export const PAYMENT_LATE: LateRule = {
  action: 'payment-escalated',
  message: '急难救助未在时限内发放，已上报县级',
  notify: ['approver', 'supervisor', 'caseworker'],
};

type ClockTerms = Pick<CasePolicy, 'deadlineWorkingDays' | 'reminderWorkingDays'>;

/** What else a lifecycle wakes for beside the clock (公示 ending), and when its loop ends. */
export interface ClockRun {
  until: () => boolean;
  alsoAt?: () => number | undefined;
  /** Runs at every wake after the clock's own checks; returns whether it changed the case. */
  onWake?: () => Promise<boolean>;
}

/**
 * The statutory deadline clock of one case: due date from the region's working days, a reminder
 * when few working days remain, overdue at the end of the due day, paused while a supplement (补正)
 * is awaited, counted again when a year's official calendar is published. Deadlines come from an
 * activity (the calendar is data) and stay in workflow state; the clock owns its timer (`run`).
 */
export class DeadlineClock {
  private deadline: Deadline | null = null;
  private reminded = false;
  private suspendedOn: string | null = null;
  /** Set while a resumption's new deadline is being computed: the clock must not fire on the old one. */
  private resuming = false;
  private stoppedAt: number | null = null;
  private calendarChanged = false;
  /** Set while a step whose outcome stops the clock is in flight (`holding`). */
  private held = false;
  private policy: ClockTerms = { deadlineWorkingDays: 0, reminderWorkingDays: 0 };
  private late: LateRule = OVERDUE;

  /** Created with the workflow's handlers, before its first await, so no calendar signal is missed. */
  constructor(private readonly record: CaseRecord) {
    setHandler(calendarChangedSignal, () => {
      this.calendarChanged = true;
    });
  }

  /** The region's terms, kept from acceptance; what happens when the deadline passes. */
  setTerms(policy: ClockTerms, late: LateRule = OVERDUE): void {
    this.policy = policy;
    this.late = late;
  }

  /**
   * Wakes at the reminder, the due instant and whatever else the lifecycle needs, until it says stop.
   * Every change of the case is a wake too: a step may have moved or stopped the deadline.
   */
  async run({ until, alsoAt, onWake }: ClockRun): Promise<void> {
    // The timer is kept across the case's changes (since its patch).
    const alarm = new Alarm('clock-timer-kept');
    while (!until()) {
      const version = this.record.state.version;
      const wakes = [this.nextWake(), alsoAt?.()].filter((w): w is number => w !== undefined);
      const wake = wakes.length > 0 ? Math.min(...wakes) : undefined;
      // Held, a change of the case is the holder's to settle: the timer is not restarted for it.
      await alarm.wait(() => (!this.held && this.record.state.version !== version) || until() || this.calendarChanged, wake);
      const changed = [await this.recountIfCalendarChanged(), this.tick(), onWake ? await onWake() : false].some(Boolean);
      if (changed) await this.record.save();
    }
    alarm.stop();
  }

  get stopped(): boolean {
    return this.stoppedAt !== null;
  }

  get started(): boolean {
    return this.deadline !== null;
  }

  get busy(): boolean {
    return this.resuming;
  }

  /** Starts on a deadline already computed (acceptance reads it with the policy). */
  begin(deadline: Deadline): void {
    this.apply(deadline);
  }

  async start(acceptedAt: string, via: Pick<typeof acts, 'computeDeadline'> = acts): Promise<void> {
    this.apply(
      await via.computeDeadline({
        startDate: shanghaiDate(acceptedAt),
        workingDays: this.policy.deadlineWorkingDays,
        reminderWorkingDays: this.policy.reminderWorkingDays,
        orgCode: this.record.state.orgCode,
      }),
    );
  }

  /**
   * A provisional deadline (its span ran into a year whose schedule was not yet published) is counted
   * again once that year is loaded; so is any deadline once a year it ran across is loaded again (a
   * corrected notice, a province's own days). Returns whether the due date changed.
   */
  private async recompute(): Promise<{ from: string; to: string } | null> {
    const d = this.deadline;
    if (!d || !this.running || d.workingDays === 0) return null;
    if (!d.provisional && !takes('recount-loaded-year')) return null;
    this.resuming = true;
    try {
      const next = await this.record.inLine((via) => via.computeDeadline({ startDate: d.startDate, workingDays: d.workingDays, reminderWorkingDays: d.reminderWorkingDays, orgCode: this.record.state.orgCode }));
      if (next.dueDate === d.dueDate && next.provisional === d.provisional) return null;
      this.apply(next);
      return { from: d.dueDate, to: next.dueDate };
    } finally {
      this.resuming = false;
    }
  }

  /** A clock in hours, not working days (急难型: money within 24 hours): no reminder, late at `dueAt`. */
  startFixed(dueAt: string): void {
    const dueDate = shanghaiDate(dueAt);
    this.apply({
      startDate: shanghaiDate(this.record.state.acceptedAt),
      workingDays: 0,
      reminderWorkingDays: 0,
      dueDate,
      dueAt,
      provisional: false,
      reminderDate: dueDate,
      reminderAt: dueAt,
    });
    this.reminded = true;
  }

  /** The next instant the clock needs to look at, if any. */
  private nextWake(): number | undefined {
    if (!this.running || !this.deadline) return undefined;
    const s = this.record.state;
    if (s.overdue) return undefined;
    return this.reminded ? Date.parse(this.deadline.dueAt) : Date.parse(this.deadline.reminderAt);
  }

  /** Fires the reminder and the overdue flag when their time has come. Returns whether anything changed. */
  tick(): boolean {
    if (!this.running || !this.deadline) return false;
    const s = this.record.state;
    const now = Date.now();
    const d = this.deadline;
    let changed = false;
    if (!this.reminded && !s.overdue && now >= Date.parse(d.reminderAt)) {
      this.reminded = true;
      if (now < Date.parse(d.dueAt)) {
        const msg = `案件 ${s.caseId} 将于 ${d.dueDate} 到期（剩余 ${this.policy.reminderWorkingDays} 个工作日）`;
        this.record.log(SERVICE_ACTOR, 'deadline-reminder', msg, { dueDate: d.dueDate, reminderDate: d.reminderDate });
        this.record.notify('deadline-reminder', `reminder:${d.dueDate}`, [
          { role: 'caseworker', org: s.orgCode },
          { role: 'supervisor', org: s.countyCode },
        ], msg);
        changed = true;
      }
    }
    if (!s.overdue && now >= Date.parse(d.dueAt)) {
      s.overdue = true;
      s.overdueSince = d.dueAt;
      const msg = `案件 ${s.caseId} ${this.late.message}（期限 ${shanghaiDateTime(d.dueAt)}）`;
      this.record.log(SERVICE_ACTOR, this.late.action, msg, { dueDate: d.dueDate, dueAt: d.dueAt });
      const orgOf = (role: Role) => (role === 'caseworker' ? s.orgCode : s.countyCode);
      this.record.notify(this.late.action, `${this.late.action}:${d.dueAt}`, this.late.notify.map((role) => ({ role, org: orgOf(role) })), msg);
      changed = true;
    }
    return changed;
  }

  suspend(): void {
    this.suspendedOn = shanghaiDate(Date.now());
  }

  /** Gives back the working days left at suspension, counted from today. Returns the old and new due dates. */
  async resume(): Promise<{ from: string | null; to: string | null }> {
    if (!this.suspendedOn) throw new Error('clock is not suspended');
    if (!this.deadline) {
      // 公租房 before its clock starts: nothing to give back.
      this.suspendedOn = null;
      return { from: null, to: null };
    }
    this.resuming = true;
    try {
      const from = this.deadline.dueDate;
      // Overdue stays overdue: a late case is not made timely again by a supplement.
      if (!this.record.state.overdue) {
        const terms = {
          dueDate: this.deadline.dueDate,
          suspendedOn: this.suspendedOn,
          resumedOn: shanghaiDate(Date.now()),
          reminderWorkingDays: this.policy.reminderWorkingDays,
          orgCode: this.record.state.orgCode,
        };
        this.apply(await this.record.inLine((via) => via.resumeDeadline(terms)));
      }
      this.suspendedOn = null;
      return { from, to: this.deadline.dueDate };
    } finally {
      this.resuming = false;
    }
  }

  /** Whether a decision or payment at `at` (ISO) comes after the deadline. */
  lateAt(at: string): boolean {
    return this.deadline !== null && Date.parse(at) > Date.parse(this.deadline.dueAt);
  }

  /**
   * Runs `work` with the clock holding still: nothing fires (and so nothing joins the case's history)
   * while an activity writes a snapshot of the case the workflow will settle to, and the case's changes
   * meanwhile (the holder's own, from the same activation on) do not restart its timer. A deadline that
   * passed meanwhile fires at the next change of the case, if the clock still runs then.
   */
  async holding<T>(work: () => Promise<T>): Promise<T> {
    this.held = true;
    try {
      return await work();
    } finally {
      this.held = false;
    }
  }

  /** A decision or withdrawal ends the clock; a late decision stays recorded as late. */
  stop(): { late: boolean } {
    this.stoppedAt = Date.now();
    const late = this.deadline !== null && Date.now() > Date.parse(this.deadline.dueAt);
    return { late };
  }

  private get running(): boolean {
    return this.stoppedAt === null && this.suspendedOn === null && !this.resuming && !this.held;
  }

  private apply(d: Deadline): void {
    this.deadline = d;
    showDeadline(this.record.state, d);
    // A moved deadline earns a new reminder if its reminder day is still ahead.
    this.reminded = Date.now() >= Date.parse(d.reminderAt) && this.reminded;
  }

  /** A loaded year may move the deadline: count it again and say so. */
  private async recountIfCalendarChanged(): Promise<boolean> {
    if (!this.calendarChanged) return false;
    this.calendarChanged = false;
    const moved = await this.recompute();
    if (!moved) return false;
    this.record.log(SERVICE_ACTOR, 'deadline-recomputed', `节假日安排已发布或更新：办理期限 ${moved.from} → ${moved.to}`, {
      previousDueDate: moved.from,
      dueDate: moved.to,
      dueProvisional: this.record.state.dueProvisional,
    });
    return true;
  }
}
