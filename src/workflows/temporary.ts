import { condition, setHandler, startChild, type ChildWorkflowHandle } from '@temporalio/workflow';
import type { ActionRequest } from '../domain/action-payloads.js';
import type { OwnAction as OwnAction_ } from '../domain/aid/index.js';
import { instalmentPaidSummary, paidFrom, paperworkDueSummary, settleReservePayout } from '../domain/aid/emergency-payout.js';
import { authorityProblem, emergencyScheduleProblem } from '../domain/aid/temporary.js';
import { shanghaiDate, startOfShanghaiDay } from '../domain/dates.js';
import { buildSchedule, type InstalmentSpec, type ScheduledInstalment } from '../domain/instalments.js';
import { formatFen, overLimit } from '../domain/money.js';
import { msg } from '../domain/catalogue.js';
import { deliberationTerms } from '../domain/votes.js';
import { SERVICE_ACTOR, type Actor } from '../domain/roles.js';
import type { CaseView, DeliberationView, InstalmentStatus, InstalmentView, TemporaryView } from '../domain/views.js';
import { acts, atAcceptance, isDataRejected } from './activities.js';
import { CaseEntity, type Handlers } from './case-entity.js';
import { OVERDUE, PAYMENT_LATE } from './clock.js';
import type { deliberationWorkflow } from './deliberation.js';
import { invalidPayload, reject } from './failures.js';
import { CaseFailure, reserveReplenishedSignal, type CaseInput } from './messages.js';
import { nowIso } from './time.js';
import { takes } from './patches.js';

const HOUR_MS = 60 * 60 * 1000;
/** A replenishment signals waiting cases; this is the fallback if a signal is ever missed. */
const FUNDS_RECHECK = '1 hour';

const today = () => shanghaiDate(Date.now());

type OwnAction = OwnAction_<'temporary'>;
type Own = ActionRequest<OwnAction>;

/**
 * A 临时救助 case. Emergency (急难型): the street approves within its authority and pays from its
 * reserve fund at once, within 24 hours of acceptance, paperwork after. Expense (支出型): one approval
 * fixes the total and a schedule; each instalment waits for its date (and a follow-up check if
 * required) and is paid once. Above the street's authority the county decides; hard cases go to 一事一议.
 */
class TemporaryCase extends CaseEntity<Own> {
  readonly t: TemporaryView;
  private fundsMaybeAvailable = false;
  private deliberation: ChildWorkflowHandle<typeof deliberationWorkflow> | undefined;

  constructor(input: CaseInput) {
    super(input, 'approval');
    const request = input.temporary;
    if (!request) throw new Error('a temporary case needs its request');
    this.t = {
      kind: request.kind,
      requestedAmountFen: request.amountFen,
      reason: request.reason ?? null,
      requestedInstallments: request.installments ?? null,
      policy: null,
      forwardedToCounty: null,
      approval: null,
      followUpRequired: false,
      deliberationId: null,
      installments: [],
      paidFen: 0,
      paidAt: null,
      paidLate: null,
      awaitingFunds: false,
      paperwork: null,
      stopped: null,
    };
    this.s.temporary = this.t;
  }

  override listen(): void {
    setHandler(reserveReplenishedSignal, () => {
      this.fundsMaybeAvailable = true;
    });
    super.listen();
  }

  /** Acceptance: our records, the policy in force that day, and the clock — 24 hours for an emergency, working days otherwise. */
  async accept(): Promise<void> {
    const { s, t } = this;
    await this.checkOurRecords();
    const asOf = shanghaiDate(s.acceptedAt);
    const [casePolicy, policy] = await Promise.all([
      atAcceptance().loadCasePolicy({ countyCode: s.countyCode, type: s.type, asOf }),
      atAcceptance().loadTemporaryPolicy({ countyCode: s.countyCode, asOf }),
    ]);
    s.policy = casePolicy;
    t.policy = policy;
    this.clock.setTerms(casePolicy, t.kind === 'emergency' ? PAYMENT_LATE : OVERDUE);
    if (t.kind === 'emergency') this.clock.startFixed(new Date(Date.parse(s.acceptedAt) + policy.emergencyPayoutHours * HOUR_MS).toISOString());
    else await this.clock.start(s.acceptedAt, atAcceptance());
    const kindName = t.kind === 'emergency' ? '急难型' : '支出型';
    this.record.log(this.input.acceptedBy, 'accept', `受理临时救助（${kindName}）：${s.applicant.name}（${s.applicant.idNumberMasked}），申请 ${formatFen(t.requestedAmountFen)}`, {
      kind: t.kind,
      requestedAmountFen: t.requestedAmountFen,
      dueAt: s.dueAt,
      policy: { regionCode: policy.regionCode, effectiveFrom: policy.effectiveFrom, streetLimitFen: policy.streetLimitFen },
    }, s.acceptedAt);
    this.applyIntake(casePolicy);
    this.clock.tick(); // a backdated import may already be late
    await this.record.save(atAcceptance());
    this.registered = true;
  }

  /** The decision (street, county or committee), then the money: at once, or instalment by instalment. */
  async decidedAndPaid(): Promise<CaseView> {
    const clockRun = this.clock.run({ until: () => this.clock.stopped });
    const verification = this.watchVerification();
    await this.decision();
    if (this.s.step === 'payment') {
      await this.pay(this.t.installments[0]!);
      await this.enterPaperwork();
    }
    if (this.s.step === 'paperwork') await this.awaitPaperwork();
    if (this.s.step === 'installments') await this.instalments();
    await clockRun;
    return this.finish(verification);
  }

  protected check(actor: Actor, r: Own): void {
    const { t } = this;
    switch (r.action) {
      case 'escalate': {
        const tooMuch = overLimit(r.proposedAmountFen, t.policy!.maxTransactionFen);
        if (tooMuch) throw invalidPayload({ path: 'proposedAmountFen', message: tooMuch });
        return;
      }
      case 'approve': {
        const tooMuch = overLimit(r.amountFen, t.policy!.maxTransactionFen);
        if (tooMuch) throw invalidPayload({ path: 'amountFen', message: tooMuch });
        const beyond = actor.role === 'caseworker' ? authorityProblem(r.amountFen, t.policy!) : undefined;
        if (beyond) throw reject(CaseFailure.Forbidden, beyond);
        const once = emergencyScheduleProblem(t.kind, r.installments);
        if (once) throw invalidPayload({ path: 'installments', message: once });
        const schedule = this.scheduleFor(r.amountFen, r.installments);
        if (!schedule.ok) throw invalidPayload({ path: schedule.field, message: schedule.message });
        return;
      }
      case 'confirm-follow-up': {
        const waiting = t.installments.find((i) => i.status === 'awaiting-follow-up');
        if (!waiting || waiting.instalment !== r.instalment) {
          throw invalidPayload({ path: 'instalment', message: msg('temporary.awaitingFollowUp', { instalment: waiting?.instalment ?? '-' }) });
        }
        return;
      }
      case 'stop-installments':
        if (t.stopped) throw reject(CaseFailure.InvalidTransition, msg('temporary.instalmentsStopped'));
        return;
    }
  }

  /** One method per declared action: a declared action without one does not compile. */
  private readonly handlers: Handlers<OwnAction> = {
    approve: (actor, r) => this.approve(actor, r),
    reject: (actor, r) => {
      this.close('rejected', r.reason);
      this.record.log(actor, r.action, `不予救助：${r.reason}`, { reason: r.reason });
    },
    'forward-to-county': (actor, r) => this.forwardToCounty(actor, r),
    escalate: (actor, r) => this.escalate(actor, r),
    'submit-paperwork': (actor, r) => this.submitPaperwork(actor, r),
    'confirm-follow-up': (actor, r) => this.confirmFollowUp(actor, r),
    'stop-installments': (actor, r) => this.stopInstallments(actor, r),
  };

  protected async apply(actor: Actor, r: Own): Promise<void> {
    await (this.handlers[r.action] as (actor: Actor, r: Own) => void | Promise<void>)(actor, r);
  }

  private scheduleFor(totalFen: number, spec: InstalmentSpec | undefined = this.t.requestedInstallments ?? undefined) {
    return buildSchedule(totalFen, this.t.kind === 'emergency' ? undefined : spec, today());
  }

  /** Street within its authority (filed with the county) or county; an emergency is paid within the approval. */
  private async approve(actor: Actor, r: ActionRequest<'approve'>): Promise<void> {
    const { s, t } = this;
    const schedule = this.scheduleFor(r.amountFen, r.installments);
    if (!schedule.ok) return; // the validator refused it already
    const by = actor.role === 'caseworker' ? 'street' : 'county';
    this.approveCase(actor, by, r.amountFen, schedule.schedule, r.followUpRequired ?? false);
    const plan = schedule.schedule.length > 1 ? `，分 ${schedule.schedule.length} 期发放` : '';
    this.record.log(actor, r.action, `${by === 'street' ? '街道审批' : '县级审批'}：${formatFen(r.amountFen)}${plan}`, {
      amountFen: r.amountFen,
      approvedBy: by,
      installments: schedule.schedule,
      ...(r.note ? { note: r.note } : {}),
    });
    await this.whileBusy(async () => {
      // One activity, one transaction: filed, paid and recorded (older histories took five activities).
      if (t.kind === 'emergency' && by === 'street' && takes('emergency-one-transaction')) return this.fileAndPayAtOnce(actor);
      if (by === 'street') {
        // Within the street's authority: filed (备案) with the county, which can list it.
        await acts.recordFiling({ caseId: s.caseId, orgCode: s.orgCode, kind: t.kind, amountFen: r.amountFen, approvedBy: actor.sub, approvedAt: t.approval!.at });
        t.approval!.filed = true;
        this.record.log(SERVICE_ACTOR, 'filed', `报县级备案（${s.countyCode}）：${formatFen(r.amountFen)}`, { amountFen: r.amountFen });
      }
      // 小金额先行救助: an emergency is paid at once, so the approval's answer already shows the money.
      if (t.kind === 'emergency' && (await this.attemptPayment(t.installments[0]!))) await this.enterPaperwork();
    });
  }

  /**
   * 急难型 within the street's authority: filed with the county, paid from the reserve and the case's
   * read model written in one activity (one PostgreSQL transaction), so the approval's answer, which
   * shows the money, waits on one activity instead of five. The clock holds still meanwhile, so the
   * snapshot the activity settles and writes is the state the workflow then settles the same way.
   */
  private async fileAndPayAtOnce(actor: Actor): Promise<void> {
    const { s, t } = this;
    const approval = t.approval!;
    const inst = t.installments[0]!;
    approval.filed = true;
    this.record.log(SERVICE_ACTOR, 'filed', `报县级备案（${s.countyCode}）：${formatFen(approval.amountFen)}`, { amountFen: approval.amountFen });
    inst.status = 'paying';
    const at = nowIso();
    const late = this.clock.lateAt(at);
    const step = this.record.pending();
    const pay = (via: typeof acts) =>
      via
        .payEmergency({
          filing: { caseId: s.caseId, orgCode: s.orgCode, kind: t.kind, amountFen: approval.amountFen, approvedBy: actor.sub, approvedAt: approval.at },
          payout: { orgCode: s.orgCode, presetFen: t.policy!.reservePresetFen, caseId: s.caseId, instalment: inst.instalment, amountFen: inst.amountFen, actorSub: approval.actorSub, at },
          paperworkWorkingDays: t.policy!.paperworkWorkingDays,
          late,
          step,
        })
        // PostgreSQL refused the case's data even sanitised (the supervisors are told): rolled back, so
        // filed and paid step by step below, the case going on from its workflow state.
        .catch((err: unknown) => (isDataRejected(err) ? undefined : Promise.reject(err)));
    // In the case's line of local activities since `emergency-local-payout`: the payout runs inside the
    // approval's own workflow task (a marker) instead of an activity task and a second workflow task.
    const result = await this.clock.holding(() => (takes('emergency-local-payout') ? this.record.inLine(pay) : pay(acts)));
    if (result?.status === 'paid') {
      settleReservePayout(s, { paidAt: result.paidAt, paperwork: result.paperwork, late });
      this.record.written(step);
      this.clock.stop();
      return;
    }
    if (result) {
      inst.status = 'awaiting-funds';
      await this.reportReserveShort(inst, result.balanceFen);
      return;
    }
    await acts.recordFiling({ caseId: s.caseId, orgCode: s.orgCode, kind: t.kind, amountFen: approval.amountFen, approvedBy: actor.sub, approvedAt: approval.at });
    inst.status = 'scheduled';
    if (await this.attemptPayment(inst)) await this.enterPaperwork();
  }

  /** The decision is made: fix the amount and the schedule, and stop the decision clock of 支出型. */
  private approveCase(actor: Actor, by: 'street' | 'county' | 'committee', amountFen: number, schedule: ScheduledInstalment[], followUpRequired: boolean): void {
    const { s, t } = this;
    s.status = 'approved';
    s.amountFen = amountFen;
    t.approval = { amountFen, by, actorSub: actor.sub, at: nowIso(), filed: false };
    t.followUpRequired = followUpRequired;
    t.installments = schedule.map((i) => ({ ...i, status: 'scheduled' }));
    s.decidedAt = t.approval.at;
    if (t.kind === 'expense') {
      const { late } = this.clock.stop();
      s.decidedLate = late;
      s.overdue = false;
      s.step = 'installments';
    } else {
      s.step = 'payment';
    }
  }

  private forwardToCounty(actor: Actor, r: ActionRequest<'forward-to-county'>): void {
    const { s, t } = this;
    t.forwardedToCounty = { at: nowIso(), by: actor.sub, reason: r.reason ?? null };
    s.step = 'county-review';
    this.record.log(actor, r.action, `报县级审批：${formatFen(t.requestedAmountFen)}`, { ...(r.reason ? { reason: r.reason } : {}) });
    this.record.notify('county-review', 'county-review', [{ role: 'approver', org: s.countyCode }], `临时救助 ${s.caseId} 待县级审批`);
  }

  /** 一事一议: the committee's deliberation is a workflow of its own; its read model exists before anyone can look. */
  private async escalate(actor: Actor, r: ActionRequest<'escalate'>): Promise<void> {
    const { s, t } = this;
    s.step = 'deliberation';
    await this.whileBusy(async () => {
      const n = s.history.filter((e) => e.action === 'escalate').length + 1;
      const deliberationId = `${s.caseId}-yishiyiyi-${n}`;
      const policy = t.policy!.deliberation;
      const deadline = await acts.computeDeadline({ startDate: today(), workingDays: policy.deadlineWorkingDays, reminderWorkingDays: 1 });
      const view: DeliberationView = {
        deliberationId,
        caseId: s.caseId,
        orgCode: s.orgCode,
        countyCode: s.countyCode,
        status: 'open',
        reason: r.reason,
        proposedAmountFen: r.proposedAmountFen,
        escalatedBy: { sub: actor.sub, role: actor.role, org: actor.org },
        openedAt: nowIso(),
        dueDate: deadline.dueDate,
        dueAt: deadline.dueAt,
        ...deliberationTerms(policy),
        votes: [],
        quorumMissedAt: null,
        outcome: null,
        version: 1,
      };
      await acts.recordDeliberation(view);
      this.deliberation = await startChild<typeof deliberationWorkflow>('deliberationWorkflow', { workflowId: deliberationId, args: [view] });
      t.deliberationId = deliberationId;
      const due = `${deadline.dueDate} 前表决`;
      this.record.log(actor, 'escalate', `一事一议：提请协调小组审议 ${formatFen(r.proposedAmountFen)}，${due}`, {
        deliberationId,
        proposedAmountFen: r.proposedAmountFen,
        reason: r.reason,
      });
      this.record.notify('deliberation', `deliberation:${deliberationId}`, [{ role: 'committee', org: s.countyCode }], `一事一议 ${deliberationId}：请于 ${deadline.dueDate} 前投票`);
    });
  }

  private submitPaperwork(actor: Actor, r: ActionRequest<'submit-paperwork'>): void {
    const p = this.t.paperwork!;
    p.submittedAt = nowIso();
    p.documents = r.documents;
    this.s.step = 'closed';
    this.record.log(actor, r.action, `事后补办材料已收到：${r.documents.join('、')}`, { documents: r.documents, ...(r.note ? { note: r.note } : {}) });
  }

  private confirmFollowUp(actor: Actor, r: ActionRequest<'confirm-follow-up'>): void {
    const inst = this.t.installments.find((i) => i.instalment === r.instalment)!;
    inst.followUp = { needsContinue: r.needsContinue, findings: r.findings, at: nowIso() };
    inst.status = r.needsContinue ? 'scheduled' : 'skipped';
    const what = r.needsContinue ? '困难仍在，继续发放' : '困难已消除，不再发放';
    this.record.log(actor, r.action, `跟进救助（第 ${inst.instalment} 期）：${what}`, { instalment: inst.instalment, needsContinue: r.needsContinue, findings: r.findings });
  }

  private stopInstallments(actor: Actor, r: ActionRequest<'stop-installments'>): void {
    const { t } = this;
    t.stopped = { at: nowIso(), reason: r.reason };
    const stopped = t.installments.filter((i) => ['scheduled', 'awaiting-follow-up', 'awaiting-funds'].includes(i.status));
    for (const i of stopped) i.status = 'stopped';
    t.awaitingFunds = false;
    this.record.log(actor, r.action, `停止后续救助：${r.reason}`, { reason: r.reason, stoppedInstallments: stopped.map((i) => i.instalment) });
  }

  /** Until the street or the county decides; an escalation waits for the committee's outcome. */
  private async decision(): Promise<void> {
    for (;;) {
      await condition(() => !this.busy && !['approval', 'county-review'].includes(this.s.step));
      if (this.s.step !== 'deliberation') return;
      await condition(() => this.deliberation !== undefined);
      const outcome = await this.deliberation!.result();
      this.deliberation = undefined;
      const tally = `（赞成 ${outcome.approvals} 票，反对 ${outcome.rejections} 票）`;
      if (outcome.approved && outcome.amountFen !== null) {
        const schedule = this.scheduleFor(outcome.amountFen);
        const plan = schedule.ok ? schedule.schedule : [{ instalment: 1, dueDate: today(), amountFen: outcome.amountFen }];
        this.approveCase(SERVICE_ACTOR, 'committee', outcome.amountFen, plan, false);
        this.record.log(SERVICE_ACTOR, 'deliberation-approved', `一事一议通过：${formatFen(outcome.amountFen)}${tally}`, {
          deliberationId: this.t.deliberationId,
          amountFen: outcome.amountFen,
        });
      } else {
        this.close('rejected', '一事一议未通过');
        this.record.log(SERVICE_ACTOR, 'deliberation-rejected', `一事一议未通过${tally}`, { deliberationId: this.t.deliberationId });
      }
      await this.record.save();
    }
  }

  /**
   * One attempt to pay an instalment: from the reserve (street approvals) or as a county disbursement.
   * Returns whether it is paid; a short reserve marks it awaiting funds and tells the county once.
   */
  private async attemptPayment(inst: InstalmentView): Promise<boolean> {
    if (inst.status === 'paid') return true;
    if (inst.status === 'stopped') return false;
    const { s, t } = this;
    const approval = t.approval!;
    const fromReserve = approval.by === 'street';
    const previous = inst.status;
    inst.status = 'paying';
    const at = nowIso();
    const result = fromReserve
      ? await acts.payFromReserve({
          orgCode: s.orgCode,
          presetFen: t.policy!.reservePresetFen,
          caseId: s.caseId,
          instalment: inst.instalment,
          amountFen: inst.amountFen,
          actorSub: approval.actorSub,
          at,
        })
      : { status: 'paid' as const, ...(await acts.recordCountyDisbursement({ caseId: s.caseId, instalment: inst.instalment, amountFen: inst.amountFen, orgCode: s.orgCode, at })) };
    if (result.status === 'paid') {
      inst.status = 'paid';
      inst.source = fromReserve ? 'reserve' : 'county';
      inst.paidAt = result.paidAt;
      t.paidFen += inst.amountFen;
      t.awaitingFunds = false;
      this.record.log(SERVICE_ACTOR, 'instalment-paid', instalmentPaidSummary(inst, paidFrom(inst.source, 'balanceAfterFen' in result ? result.balanceAfterFen : undefined)), {
        instalment: inst.instalment,
        amountFen: inst.amountFen,
        source: inst.source,
        paidAt: result.paidAt,
      });
      await this.record.save();
      return true;
    }
    inst.status = 'awaiting-funds';
    if (previous !== 'awaiting-funds') await this.reportReserveShort(inst, result.balanceFen);
    return false;
  }

  private async reportReserveShort(inst: InstalmentView, balanceFen: number): Promise<void> {
    const { s } = this;
    this.t.awaitingFunds = true;
    const msg = `备用金不足：${s.orgCode} 余额 ${formatFen(balanceFen)}，案件 ${s.caseId} 第 ${inst.instalment} 期需 ${formatFen(inst.amountFen)}`;
    this.record.log(SERVICE_ACTOR, 'awaiting-funds', msg, { instalment: inst.instalment, balanceFen });
    this.record.notify('reserve-short', `reserve-short:${inst.instalment}`, [
      { role: 'approver', org: s.countyCode },
      { role: 'supervisor', org: s.countyCode },
    ], msg);
    await this.record.save();
  }

  /** Pays an instalment once, waiting for a replenishment while the reserve is short. */
  private async pay(inst: InstalmentView): Promise<void> {
    for (;;) {
      this.fundsMaybeAvailable = false;
      if (await this.attemptPayment(inst)) return;
      if (inst.status === 'stopped') return;
      await condition(() => this.fundsMaybeAvailable || inst.status === 'stopped', FUNDS_RECHECK);
    }
  }

  /** Paid: the 24-hour clock stops (late or not) and the paperwork (事后补办材料) falls due. */
  private async enterPaperwork(): Promise<void> {
    const { s, t } = this;
    const { late } = this.clock.stop();
    t.paidAt = t.installments[0]!.paidAt ?? nowIso();
    t.paidLate = late;
    s.overdue = false;
    const due = await acts.computeDeadline({ startDate: shanghaiDate(t.paidAt), workingDays: t.policy!.paperworkWorkingDays, reminderWorkingDays: 1 });
    t.paperwork = { dueDate: due.dueDate, dueAt: due.dueAt, overdue: false, submittedAt: null, documents: [] };
    s.step = 'paperwork';
    this.record.log(SERVICE_ACTOR, 'paperwork-due', paperworkDueSummary(due.dueDate, late), {
      dueDate: due.dueDate,
      paidLate: late,
    });
    await this.record.save();
  }

  /** Paperwork late is flagged and reported, not clawed back: the money met an emergency. */
  private async awaitPaperwork(): Promise<void> {
    const { s } = this;
    const p = this.t.paperwork!;
    const inTime = await condition(() => s.step === 'closed', Math.max(Date.parse(p.dueAt) - Date.now(), 1));
    if (inTime) return;
    p.overdue = true;
    const msg = `案件 ${s.caseId}：事后补办材料未在 ${p.dueDate} 前提交`;
    this.record.log(SERVICE_ACTOR, 'paperwork-overdue', msg, { dueDate: p.dueDate });
    this.record.notify('paperwork-overdue', `paperwork-overdue:${p.dueDate}`, [
      { role: 'caseworker', org: s.orgCode },
      { role: 'supervisor', org: s.countyCode },
    ], msg);
    await this.record.save();
    await condition(() => s.step === 'closed');
  }

  /** 一次审批、分阶段救助: each instalment on its date, after its follow-up check where required. */
  private async instalments(): Promise<void> {
    const { s, t } = this;
    for (const inst of t.installments) {
      const dueAt = startOfShanghaiDay(inst.dueDate).getTime();
      if (dueAt > Date.now()) await condition(() => t.stopped !== null, dueAt - Date.now());
      if (inst.status !== 'scheduled') continue; // stopped meanwhile
      this.record.log(SERVICE_ACTOR, 'instalment-due', `第 ${inst.instalment} 期到期：${formatFen(inst.amountFen)}`, { instalment: inst.instalment, dueDate: inst.dueDate });
      if (t.followUpRequired) {
        inst.status = 'awaiting-follow-up';
        this.record.notify('follow-up', `follow-up:${inst.instalment}`, [{ role: 'caseworker', org: s.orgCode }], `跟进救助：第 ${inst.instalment} 期发放前请核实案件 ${s.caseId}`);
        await this.record.save();
        await condition(() => inst.status !== 'awaiting-follow-up');
        // confirm-follow-up or stop-installments changed it meanwhile.
        if ((inst.status as InstalmentStatus) !== 'scheduled') continue;
      } else {
        await this.record.save();
      }
      await this.pay(inst);
    }
    s.step = 'closed';
    const paid = t.installments.filter((i) => i.status === 'paid').length;
    this.record.log(SERVICE_ACTOR, 'installments-ended', `分阶段救助结束：共 ${t.installments.length} 期，已发放 ${paid} 期，合计 ${formatFen(t.paidFen)}`, {
      paidFen: t.paidFen,
      statuses: t.installments.map((i) => ({ instalment: i.instalment, status: i.status })),
    });
    await this.record.save();
  }
}

/** 临时救助: accepted, decided by the street, the county or the committee, paid, then aftercare. */
export async function temporaryWorkflow(input: CaseInput): Promise<CaseView> {
  const c = new TemporaryCase(input);
  c.listen();
  await c.accept();
  return c.decidedAndPaid();
}
