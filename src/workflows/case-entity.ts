import { allHandlersFinished, condition, getExternalWorkflowHandle, setHandler, sleep } from '@temporalio/workflow';
import type { ActionRequest, CaseActionRequest } from '../domain/action-payloads.js';
import { COMMON_RULES, actionContextOf, type CommonAction } from '../domain/action-rules.js';
import { checkAction, payloadProblem } from '../domain/aid/index.js';
import type { CaseStep } from '../domain/cases.js';
import { shanghaiDate } from '../domain/dates.js';
import { formatFen } from '../domain/money.js';
import { msg } from '../domain/catalogue.js';
import type { CasePolicy } from '../domain/policy.js';
import { SERVICE_ACTOR, type Actor } from '../domain/roles.js';
import type { CaseView } from '../domain/views.js';
import type { IntakeChecks } from '../domain/acceptance.js';
import { applyIntake, applyOurRecords } from '../domain/case-acceptance.js';
import { acts, atAcceptance } from './activities.js';
import { CaseRecord } from './case-record.js';
import { DeadlineClock } from './clock.js';
import { invalidPayload, reject } from './failures.js';
import { CaseFailure, benefitRevokedSignal, caseActionUpdate, caseRegisteredUpdate, caseViewQuery, cooperationAnswerUpdate, type CaseInput, type CooperationAnswerArgs } from './messages.js';
import { mayAnswerCooperation } from '../domain/residence.js';
import { nowIso } from './time.js';
import { takes } from './patches.js';

type Common = ActionRequest<CommonAction>;
const isCommon = (r: CaseActionRequest): r is Common => r.action in COMMON_RULES || r.action === 'withdraw';

/** A handler for each action of a set: the compiler refuses a map that misses one. */
export type Handlers<A extends CaseActionRequest['action']> = { [K in A]: (actor: Actor, r: ActionRequest<K>) => void | Promise<void> };

/**
 * What every case is, whatever its aid type: its record and deadline clock, the action update with
 * its validator, and the actions every type shares — the 失信 review gate, post-verification of
 * commitments (告知承诺) with revocation, referrals, withdrawal — and the way a case ends.
 */
export abstract class CaseEntity<R extends CaseActionRequest> {
  readonly record: CaseRecord;
  readonly clock: DeadlineClock;
  /** False until the case has its deadline and is in the read model. */
  protected registered = false;
  /** The API recorded the acceptance itself (`recordedAtWindow`): steps are taken before the workflow's own first write. */
  protected acceptedAtWindow = false;
  /** Set while an action's activities run: the next action's validator says busy. */
  protected busy = false;
  private listening = false;

  constructor(
    protected readonly input: CaseInput,
    firstStep: CaseStep,
  ) {
    this.record = new CaseRecord(input, firstStep);
    this.clock = new DeadlineClock(this.record);
  }

  get s(): CaseView {
    return this.record.state;
  }

  private get takesSteps(): boolean {
    return this.registered || this.acceptedAtWindow;
  }

  /** Set before the first await: an Update that finds no handler by the end of its activation is rejected. */
  listen(): void {
    setHandler(caseViewQuery, () => this.record.view());
    setHandler(caseRegisteredUpdate, async () => {
      await condition(() => this.registered);
      return this.record.view();
    });
    // A case the API recorded hears its steps once accepted, in the same activation: a step that came
    // with the start (the worker still behind) waits in the SDK's buffer until then, not refused as busy.
    if (!this.input.recordedAtWindow) this.listenForSteps();
  }

  /** The steps' Updates; a step buffered until now is validated at once. */
  protected listenForSteps(): void {
    if (this.listening) return;
    this.listening = true;
    setHandler(caseActionUpdate, ({ actor, request }) => this.act(actor, request), {
      validator: ({ actor, request }) => this.validate(actor, request),
    });
    setHandler(cooperationAnswerUpdate, (args) => this.answerCooperation(args), { validator: ({ actor }) => this.validateAnswer(actor) });
  }

  /** 居住地申办: only the 户籍 county's caseworkers answer, once, while the case is open. */
  private validateAnswer(actor: Actor): void {
    if (!this.takesSteps || this.busy || this.clock.busy) throw reject(CaseFailure.Busy, msg('case.busy'));
    const c = this.s.cooperation;
    if (!c) throw reject(CaseFailure.InvalidTransition, msg('cooperation.none'));
    if (!mayAnswerCooperation(actor, c)) throw reject(CaseFailure.Forbidden, msg('cooperation.onlyHukouCaseworker', { county: c.toCounty }));
    if (c.status === 'answered') throw reject(CaseFailure.InvalidTransition, msg('cooperation.answered', { id: c.requestId }));
    if (this.s.step === 'closed') throw reject(CaseFailure.InvalidTransition, msg('cooperation.caseClosed'));
  }

  /** The 户籍 county's findings enter the case's timeline; the decision may then be taken. */
  private async answerCooperation({ actor, findings, householdSituation }: CooperationAnswerArgs): Promise<CaseView> {
    const s = this.s;
    const c = s.cooperation!;
    const late = c.status === 'overdue';
    c.status = 'answered';
    c.findings = findings;
    c.householdSituation = householdSituation ?? null;
    c.answeredAt = nowIso();
    c.answeredBy = { sub: actor.sub, role: actor.role, org: actor.org, ...(actor.name ? { name: actor.name } : {}) };
    const text = `户籍地（${c.toCounty}）协查答复${late ? '（超期后）' : ''}：${findings}`;
    this.record.log(actor, 'cooperation-answered', text, { requestId: c.requestId, findings, ...(householdSituation ? { householdSituation } : {}), late });
    this.record.notify('cooperation-answered', 'cooperation-answered', [{ role: 'caseworker', org: s.orgCode }], `案件 ${s.caseId}：${text}`);
    await this.record.save();
    return this.record.view();
  }

  /** Role and scope (403), then step (409), then payload (400): nothing is recorded for a refusal. */
  private validate(actor: Actor, r: CaseActionRequest): void {
    if (!this.takesSteps || this.busy || this.clock.busy) throw reject(CaseFailure.Busy, msg('case.busy'));
    const check = checkAction(r.action, actor, actionContextOf(this.s));
    if (!check.ok) throw reject(check.reason === 'forbidden' ? CaseFailure.Forbidden : CaseFailure.InvalidTransition, check.message);
    const problem = payloadProblem(this.s.type, r);
    if (problem) throw invalidPayload(problem);
    if ((r.action === 'refer-to-employment' || r.action === 'refer-to-charity') && r.followUpDate < shanghaiDate(Date.now())) {
      throw invalidPayload({ path: 'followUpDate', message: msg('field.fromToday') });
    }
    this.check(actor, r as R);
  }

  /** Applies a validated action. State changes happen before the first await, so the next validator sees them. */
  private async act(actor: Actor, r: CaseActionRequest): Promise<CaseView> {
    if (isCommon(r)) await this.actCommon(actor, r);
    else await this.apply(actor, r as R);
    await this.record.save();
    return this.record.view();
  }

  private readonly common: Handlers<CommonAction> = {
    'review-flag': (actor, r) => this.reviewFlag(actor, r),
    'record-verification': (actor, r) => this.recordVerification(actor, r),
    'refer-to-employment': (actor, r) => this.refer(actor, r),
    'refer-to-charity': (actor, r) => this.refer(actor, r),
    withdraw: (actor, r) => {
      this.close('withdrawn', r.reason);
      this.record.log(actor, r.action, `撤回：${r.reason}`, { reason: r.reason });
    },
  };

  private async actCommon(actor: Actor, r: Common): Promise<void> {
    await (this.common[r.action] as (actor: Actor, r: Common) => void | Promise<void>)(actor, r);
  }

  /** Runs activities with the case marked busy: the next action's validator says retry meanwhile. */
  protected async whileBusy<T>(work: () => Promise<T>): Promise<T> {
    this.busy = true;
    try {
      return await work();
    } finally {
      this.busy = false;
    }
  }

  /** State-dependent checks of the type's own actions, beyond role, step and payload shape. */
  protected abstract check(actor: Actor, r: R): void;
  /** The type's own actions, one method each. */
  protected abstract apply(actor: Actor, r: R): Promise<void>;

  /**
   * Ends the case: withdrawn, revoked or rejected (by a decision, the 失信 review or 一事一议). The
   * deadline clock stops; a rejection is a decision, recorded late if the deadline had passed.
   */
  protected close(status: 'rejected' | 'withdrawn' | 'revoked', reason: string): void {
    const { late } = this.clock.stop();
    const s = this.s;
    s.status = status;
    s.step = 'closed';
    s.overdue = false;
    s.closedReason = reason;
    if (status === 'rejected') {
      s.decidedAt = nowIso();
      s.decidedLate = late;
      s.decision = { decision: 'reject', reason, at: s.decidedAt, late };
    }
  }

  /** Our own records at acceptance: the dishonesty list and existing 低保/特困. An application checked them for all its cases. */
  protected async checkOurRecords(): Promise<void> {
    const intake = this.input.intake;
    if (!intake?.checked && takes('intake-checks')) {
      this.applyOurRecords(await atAcceptance().intakeChecks({ applicantIdHash: this.input.applicant.idHash, asOf: shanghaiDate(this.input.acceptedAt ?? Date.now()) }));
    } else {
      this.applyOurRecords();
    }
  }

  /** Our records as read at acceptance, or, without a reading, as the application's intake carried them. */
  protected applyOurRecords(checks?: IntakeChecks): void {
    applyOurRecords(this.s, this.input.intake, checks);
  }

  /** Our records need no reading at acceptance when the application already read them for all its cases. */
  protected get recordsChecked(): boolean {
    return this.input.intake?.checked === true;
  }

  /** Intake facts that need the case's policy: the verification deadline, and the flag's notice. */
  protected applyIntake(policy: CasePolicy): void {
    applyIntake(this.record, policy, this.input.intake);
  }

  private reviewFlag(actor: Actor, r: ActionRequest<'review-flag'>): void {
    this.s.dishonesty!.review = { proceed: r.proceed, note: r.note, by: actor.sub, at: nowIso() };
    if (!r.proceed) this.close('rejected', r.note);
    this.record.log(actor, r.action, `失信审核：${r.proceed ? '可以继续办理' : '不予办理'}——${r.note}`, { proceed: r.proceed, note: r.note });
  }

  private async recordVerification(actor: Actor, r: ActionRequest<'record-verification'>): Promise<void> {
    const p = this.s.pledges!;
    p.verifiedAt = nowIso();
    p.truthful = r.truthful;
    p.findings = r.findings;
    if (r.truthful) {
      this.record.log(actor, r.action, `告知承诺核查属实：${p.items.join('、')}`, { truthful: true, findings: r.findings });
      return;
    }
    await this.revoke(actor, r.findings);
  }

  private async refer(actor: Actor, r: ActionRequest<'refer-to-employment' | 'refer-to-charity'>): Promise<void> {
    const s = this.s;
    const kind = r.action === 'refer-to-employment' ? 'employment' : 'charity';
    const referral = { kind, receivingOrg: r.receivingOrg, followUpDate: r.followUpDate, note: r.note ?? null, at: nowIso(), by: actor.sub } as const;
    s.referrals.push(referral);
    this.record.log(actor, r.action, `${kind === 'employment' ? '就业转介' : '慈善衔接'}：${r.receivingOrg}，${r.followUpDate} 跟进`, {
      receivingOrg: r.receivingOrg,
      followUpDate: r.followUpDate,
      ...(r.note ? { note: r.note } : {}),
    });
    await acts.recordReferral({ caseId: s.caseId, seq: s.referrals.length, ...referral });
  }

  /** A false commitment revokes the case, records what is due back and lists the applicant. */
  private async revoke(actor: Actor, findings: string): Promise<void> {
    const s = this.s;
    this.close('revoked', `告知承诺 false: ${findings}`);
    // What is due back is what was paid for the case, read from the payments when it is recorded.
    const result = await acts.recordRevocation({
      caseId: s.caseId,
      orgCode: s.orgCode,
      applicantIdHash: this.record.applicantIdHash,
      applicantIdMasked: s.applicant.idNumberMasked,
      reason: `案件 ${s.caseId} 告知承诺不实：${findings}`,
      by: actor.sub,
      at: nowIso(),
      dishonestyListDays: s.policy!.dishonestyListDays,
    });
    s.recovery = { ...result.recovery, amountFen: result.recoveryFen, recordedAt: nowIso() };
    // The benefit the approval started stops with it: no month after the revocation is paid.
    if (s.decision?.benefitId && takes('revoke-benefit')) {
      await getExternalWorkflowHandle(s.decision.benefitId).signal(benefitRevokedSignal, { reason: `案件 ${s.caseId} 告知承诺不实` });
    }
    const msg = `案件 ${s.caseId} 已撤销：告知承诺不实，应追回 ${formatFen(result.recoveryFen)}，申请人列入失信名单至 ${result.listedUntil}`;
    this.record.log(actor, 'revoked', msg, { findings, recoveryFen: result.recoveryFen, listedUntil: result.listedUntil });
    this.record.notify('revoked', 'revoked', [{ role: 'supervisor', org: s.countyCode }], msg);
  }

  /** Aid granted (or pending) on a commitment that is not verified yet: the workflow stays to hear it. */
  private get verificationOutstanding(): boolean {
    const s = this.s;
    return s.pledges !== null && s.pledges.verifiedAt === null && (s.status === 'open' || s.status === 'approved');
  }

  /** The post-verification deadline: late is flagged and reported; the verification is still awaited. */
  protected async watchVerification(): Promise<void> {
    const s = this.s;
    const p = s.pledges;
    if (!p) return;
    const inTime = await condition(() => !this.verificationOutstanding, Math.max(Date.parse(p.dueAt) - Date.now(), 1));
    if (inTime) return;
    p.overdue = true;
    const msg = `案件 ${s.caseId}：告知承诺事项未在 ${p.dueDate} 前核查`;
    this.record.log(SERVICE_ACTOR, 'verification-overdue', msg, { dueDate: p.dueDate });
    this.record.notify('verification-overdue', `verification-overdue:${p.dueDate}`, [
      { role: 'caseworker', org: s.orgCode },
      { role: 'supervisor', org: s.countyCode },
    ], msg);
    await this.record.save();
    await condition(() => !this.verificationOutstanding);
  }

  /** After the decision: the post-verification (告知承诺), the aftercare window, then the last handlers. */
  protected async finish(verification: Promise<void>): Promise<CaseView> {
    await condition(() => !this.verificationOutstanding);
    await verification;
    await this.aftercare();
    await condition(allHandlersFinished);
    return this.record.view();
  }

  /**
   * A decided case stays reachable for a while (policy, ours): a household still in hardship can be
   * referred to charity or employment. Rejected, approved and paid cases alike; withdrawn ones not.
   */
  private async aftercare(): Promise<void> {
    const s = this.s;
    if (s.status !== 'approved' && s.status !== 'rejected') return;
    if (!takes('aftercare-window')) return;
    await sleep(s.policy!.aftercareDays * 24 * 60 * 60 * 1000);
    // Added after the aftercare window shipped: cases that ended without it replay as they ran.
    if (!takes('archive-after-aftercare')) return;
    // The read model then shows that nothing more can be done here.
    s.archivedAt = nowIso();
    this.record.log(SERVICE_ACTOR, 'archived', `归档：决定作出 ${s.policy!.aftercareDays} 天后`, {});
    await this.record.save();
  }
}
