import { allHandlersFinished, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import { BENEFIT_ACTIONS, benefitContextOf, changeProblem, checkBenefitAction, type BenefitState, type BenefitStep, type HouseholdChangeStep, type ServiceStep } from '../domain/benefits.js';
import { isChildType } from '../domain/child.js';
import { endOfShanghaiDay, startOfShanghaiDay } from '../domain/dates.js';
import { msg } from '../domain/catalogue.js';
import { problemIn } from '../domain/fields.js';
import { addMonths, startOfMonth } from '../domain/months.js';
import { countyOf } from '../domain/org.js';
import { SERVICE_ACTOR, type Actor } from '../domain/roles.js';
import { acts } from './activities.js';
import { Alarm } from './alarm.js';
import { invalidPayload, reject } from './failures.js';
import { CaseFailure, benefitActionUpdate, benefitCorrectionUpdate, calendarChangedSignal, benefitHouseholdChangedSignal, benefitRevokedSignal, benefitStateQuery, type BenefitActionArgs, type BenefitInput } from './messages.js';
import { nowIso } from './time.js';
import { takes } from './patches.js';

/** A run's history stays small: a new run after this many events, or when the server suggests it. */
const EVENTS_PER_RUN = 1_000;

/**
 * One benefit over its years: caseworkers' steps as an update, and its own timers — the review falls
 * due and turns overdue, the 渐退期 ends. Its money is in PostgreSQL, written by one activity per step;
 * each completed review starts a new run, so the history holds a review cycle at most.
 */
class Benefit {
  s: BenefitState | undefined;
  private busy = false;
  private revoked: string | null = null;
  /** Household changes heard and not yet applied, in the order they came; each change id once. */
  private householdChanges: HouseholdChangeStep[] = [];
  private readonly heard = new Set<string>();
  private reviewed = false;
  /** A year's calendar was loaded: an open review's deadline is counted again. */
  private calendarChanged = false;

  constructor(private readonly countyCode: string) {}

  listen(): void {
    setHandler(benefitStateQuery, () => this.s!);
    setHandler(benefitActionUpdate, (args) => this.act(args), { validator: (args) => this.validate(args) });
    setHandler(benefitRevokedSignal, ({ reason }) => {
      this.revoked = reason;
    });
    setHandler(benefitHouseholdChangedSignal, (change) => this.hear([change]));
    // The approval was checked by the API (the corrections rules); here only whether a step may run now.
    setHandler(benefitCorrectionUpdate, ({ actor, step }) => this.apply(actor, step), {
      validator: (_args) => {
        if (!this.s || this.busy) throw reject(CaseFailure.Busy, msg('benefit.busy'));
        if (this.stopped) throw reject(CaseFailure.InvalidTransition, msg('benefit.stopped'));
      },
    });
    setHandler(calendarChangedSignal, () => {
      this.calendarChanged = true;
    });
  }

  /** Household changes to apply, each change id once, in the order heard. */
  hear(changes: readonly HouseholdChangeStep[]): void {
    for (const change of changes) {
      if (this.heard.has(change.changeId)) continue;
      this.heard.add(change.changeId);
      this.householdChanges.push(change);
    }
  }

  /** An action it has, then role and scope (403), status (409), payload (400): nothing is recorded for a refusal. */
  private validate({ actor, request: r }: BenefitActionArgs): void {
    const s = this.s;
    if (!s || this.busy) throw reject(CaseFailure.Busy, msg('benefit.busy'));
    const spec = (BENEFIT_ACTIONS as Record<string, { payload: Parameters<typeof problemIn>[0] } | undefined>)[r.action];
    if (!spec) throw invalidPayload({ path: 'action', message: msg('action.unknown', { action: r.action }) });
    const check = checkBenefitAction(r.action, actor, benefitContextOf(s));
    if (!check.ok) throw reject(check.reason === 'forbidden' ? CaseFailure.Forbidden : CaseFailure.InvalidTransition, check.message);
    const { action: _a, ...payload } = r;
    const problem = problemIn(spec.payload, payload);
    if (problem) throw invalidPayload(problem);
    const change = r.action === 'record-change' || (r.action === 'record-review' && r.outcome === 'change') ? changeProblem(s.type, r) : undefined;
    if (change) throw invalidPayload(change);
  }

  private async act({ actor, request }: BenefitActionArgs): Promise<BenefitState> {
    if (request.action === 'record-review') this.reviewed = true;
    return this.apply(actor, request);
  }

  private async apply(actor: Actor, step: BenefitStep): Promise<BenefitState> {
    const s = this.s!;
    this.busy = true;
    try {
      this.s = await acts.applyBenefitStep({ benefitId: s.benefitId, countyCode: this.countyCode, version: s.version, actor, step, at: nowIso() });
    } finally {
      this.busy = false;
    }
    return this.s;
  }

  /** The next thing the benefit's own clock does, and when. */
  private nextDue(): { at: number; step: ServiceStep } | undefined {
    const s = this.s!;
    if (s.status === 'stopped') return undefined;
    const due: Array<{ at: number; step: ServiceStep }> = [];
    // A child's benefit has its last month from the start (the 18th birthday's): it ends by itself after it.
    if (s.lastMonth) due.push({ at: startOfMonth(addMonths(s.lastMonth, 1)).getTime(), step: isChildType(s.type) ? { action: 'age-out' } : { action: 'end-phase-out' } });
    if (!s.reviewDeadline) due.push({ at: startOfShanghaiDay(s.reviewDueDate).getTime(), step: { action: 'open-review' } });
    else if (!s.reviewOverdue) due.push({ at: endOfShanghaiDay(s.reviewDeadline).getTime(), step: { action: 'review-overdue' } });
    return due.sort((a, b) => a.at - b.at)[0];
  }

  private get stopped(): boolean {
    return this.s!.status === 'stopped';
  }

  /** Waits for the next due time or a change, one condition per wait; takes what is due once no step is running. */
  async run(): Promise<void> {
    // The timer is kept across the benefit's changes (since its patch).
    const alarm = new Alarm('benefit-timer-kept');
    while (!this.stopped) {
      const version = this.s!.version;
      const due = this.nextDue();
      await alarm.wait(() => this.s!.version !== version || this.revoked !== null || this.householdChanges.length > 0 || this.calendarChanged, due?.at);
      await condition(() => !this.busy);
      if (this.revoked !== null && !this.stopped) {
        await this.apply(SERVICE_ACTOR, { action: 'revoke', reason: this.revoked });
        continue;
      }
      const household = this.householdChanges.shift();
      if (household) {
        await this.apply(SERVICE_ACTOR, household);
        continue;
      }
      if (this.calendarChanged) {
        this.calendarChanged = false;
        const s = this.s!;
        if (s.reviewDeadline && !s.reviewOverdue && takes('review-recount')) {
          await this.apply(SERVICE_ACTOR, { action: 'recount-review' });
          continue;
        }
      }
      const now = this.nextDue();
      if (now && Date.now() >= now.at) await this.apply(SERVICE_ACTOR, now.step);
      if (this.reviewed || workflowInfo().historyLength > EVENTS_PER_RUN || workflowInfo().continueAsNewSuggested) {
        await condition(allHandlersFinished);
        // A household change heard meanwhile is applied in this run, not lost to the next.
        if (this.householdChanges.length > 0) continue;
        if (!this.stopped) await continueAsNew<typeof benefitWorkflow>({ state: this.s! });
      }
    }
    alarm.stop();
  }
}

/** 待遇: from its approval until it stops — by a caseworker, a review, the 渐退期's end or a revocation. */
export async function benefitWorkflow(input: BenefitInput): Promise<BenefitState> {
  const countyCode = countyOf('state' in input ? input.state.orgCode : input.opening.orgCode);
  const benefit = new Benefit(countyCode);
  benefit.listen();
  benefit.s = 'state' in input ? input.state : await acts.openBenefit(input.opening);
  // Household changes recorded after its decision took the household, before it was open to hear them.
  if ('state' in input && input.catchUp && takes('household-catch-up')) benefit.hear(await acts.householdChangesSince(input.catchUp));
  await benefit.run();
  await condition(allHandlersFinished);
  return benefit.s;
}

