import { condition, setHandler, startChild, type ChildWorkflowHandle } from '@temporalio/workflow';
import { shanghaiDate, startOfShanghaiDay } from '../domain/dates.js';
import { formatFen, isPositiveFen } from '../domain/money.js';
import { SERVICE_ACTOR, type Actor } from '../domain/roles.js';
import { buildSchedule, withinStreetAuthority, type ScheduledInstalment } from '../domain/temporary.js';
import { acts } from './activities.js';
import { applyIntake, finishCase, watchVerification, withIntakeChecks } from './case-common.js';
import { setCaseHandlers } from './case-handlers.js';
import { reject } from './failures.js';
import { CaseRecord } from './case-record.js';
import { DeadlineClock, OVERDUE, PAYMENT_LATE, runClock } from './clock.js';
import type { deliberationWorkflow } from './deliberation.js';
import {
  CaseFailure,
  reserveReplenishedSignal,
  type CaseInput,
  type CaseView,
  type DeliberationView,
  type InstalmentStatus,
  type InstalmentView,
  type TemporaryActionRequest,
  type TemporaryView,
} from './messages.js';
import { nowIso } from './time.js';

const HOUR_MS = 60 * 60 * 1000;
/** A replenishment signals waiting cases; this is the fallback if a signal is ever missed. */
const FUNDS_RECHECK = '1 hour';

const today = () => shanghaiDate(Date.now());
const text = (s: unknown) => typeof s === 'string' && s.trim().length > 0;

/**
 * 临时救助. Emergency (急难型): the street approves within its authority and pays from its reserve
 * fund at once, within 24 hours of acceptance, paperwork after. Expense (支出型): one approval fixes
 * the total and a schedule, each instalment waits for its date (and a follow-up check if required)
 * and is paid once. Above the street's authority the county decides; hard cases go to 一事一议.
 */
export async function temporaryWorkflow(input: CaseInput): Promise<CaseView> {
  const request = input.temporary;
  if (!request) throw new Error('a temporary case needs its request');
  const record = new CaseRecord(input, 'approval');
  const s = record.state;
  const t: TemporaryView = {
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
  s.temporary = t;
  let registered = false;
  let clock: DeadlineClock | undefined;
  // Set while an action's activities run: the next action waits for it (the validator says busy).
  let busy = false;
  let fundsMaybeAvailable = false;
  let deliberation: ChildWorkflowHandle<typeof deliberationWorkflow> | undefined;

  setHandler(reserveReplenishedSignal, () => {
    fundsMaybeAvailable = true;
  });

  const calendar = setCaseHandlers<TemporaryActionRequest>(
    record,
    {
      ready: () => registered && !busy && clock !== undefined && !clock.busy,
      validate,
      apply,
      stopClock: () => clock!.stop(),
    },
    () => registered,
  );

  function validate(actor: Actor, r: TemporaryActionRequest): void {
    const policy = t.policy!;
    switch (r.action) {
      case 'approve': {
        if (!isPositiveFen(r.amountFen)) throw reject(CaseFailure.InvalidPayload, 'amountFen: must be a positive amount in fen');
        if (actor.role === 'caseworker' && !withinStreetAuthority(r.amountFen, policy)) {
          const limit = `${policy.streetLimitInclusive ? 'up to' : 'below'} ${formatFen(policy.streetLimitFen)}`;
          throw reject(CaseFailure.Forbidden, `${formatFen(r.amountFen)} exceeds the street's authority (${limit}): forward-to-county`);
        }
        if (t.kind === 'emergency' && r.installments !== undefined) {
          throw reject(CaseFailure.InvalidPayload, 'installments: an emergency payout is paid at once, in one sum');
        }
        const schedule = scheduleFor(r.amountFen, r.installments);
        if (!schedule.ok) throw reject(CaseFailure.InvalidPayload, `${schedule.field}: ${schedule.message}`);
        return;
      }
      case 'escalate':
        if (!isPositiveFen(r.proposedAmountFen)) throw reject(CaseFailure.InvalidPayload, 'proposedAmountFen: must be a positive amount in fen');
        if (!text(r.reason)) throw reject(CaseFailure.InvalidPayload, 'reason: required');
        return;
      case 'submit-paperwork':
        if (!Array.isArray(r.documents) || r.documents.length === 0) throw reject(CaseFailure.InvalidPayload, 'documents: list what was received');
        return;
      case 'confirm-follow-up': {
        const waiting = t.installments.find((i) => i.status === 'awaiting-follow-up');
        if (!waiting || waiting.instalment !== r.instalment) {
          throw reject(CaseFailure.InvalidPayload, `instalment: instalment ${waiting?.instalment ?? '-'} is the one awaiting its follow-up`);
        }
        return;
      }
      case 'stop-installments':
        if (t.stopped) throw reject(CaseFailure.InvalidTransition, 'the instalments are already stopped');
        if (!text(r.reason)) throw reject(CaseFailure.InvalidPayload, 'reason: required');
        return;
      case 'reject':
      case 'withdraw':
        if (!text(r.reason)) throw reject(CaseFailure.InvalidPayload, 'reason: required');
        return;
      case 'forward-to-county':
        return;
    }
  }

  function scheduleFor(totalFen: number, spec = t.requestedInstallments ?? undefined) {
    return t.kind === 'emergency' ? buildSchedule(totalFen, undefined, today()) : buildSchedule(totalFen, spec, today());
  }

  /** The decision is made: fix the amount and the schedule, and stop the decision clock of 支出型. */
  function approveCase(actor: Actor, by: 'street' | 'county' | 'committee', amountFen: number, schedule: ScheduledInstalment[], followUpRequired: boolean) {
    s.status = 'approved';
    s.amountFen = amountFen;
    t.approval = { amountFen, by, actorSub: actor.sub, at: nowIso(), filed: false };
    t.followUpRequired = followUpRequired;
    t.installments = schedule.map((i) => ({ ...i, status: 'scheduled' }));
    if (t.kind === 'expense') {
      const { late } = clock!.stop();
      s.decidedAt = t.approval.at;
      s.decidedLate = late;
      s.overdue = false;
      s.step = 'installments';
    } else {
      s.decidedAt = t.approval.at;
      s.step = 'payment';
    }
  }

  function closeRejected(reason: string) {
    const { late } = clock!.stop();
    s.status = 'rejected';
    s.step = 'closed';
    s.decidedAt = nowIso();
    s.decidedLate = late;
    s.overdue = false;
    s.closedReason = reason;
    s.decision = { decision: 'reject', reason, at: s.decidedAt, late };
  }

  async function apply(actor: Actor, r: TemporaryActionRequest): Promise<void> {
    switch (r.action) {
      case 'approve': {
        const schedule = scheduleFor(r.amountFen, r.installments);
        if (!schedule.ok) return; // the validator refused it already
        const by = actor.role === 'caseworker' ? 'street' : 'county';
        approveCase(actor, by, r.amountFen, schedule.schedule, r.followUpRequired ?? false);
        const plan = schedule.schedule.length > 1 ? ` in ${schedule.schedule.length} instalments` : '';
        record.log(actor, r.action, `${by === 'street' ? '街道审批' : '县级审批'}: ${formatFen(r.amountFen)}${plan}`, {
          amountFen: r.amountFen,
          approvedBy: by,
          installments: schedule.schedule,
          ...(r.note ? { note: r.note } : {}),
        });
        busy = true;
        try {
          if (by === 'street') {
            // Within the street's authority: filed (备案) with the county, which can list it.
            await acts.recordFiling({ caseId: s.caseId, orgCode: s.orgCode, kind: t.kind, amountFen: r.amountFen, approvedBy: actor.sub, approvedAt: t.approval!.at });
            t.approval!.filed = true;
            record.log(SERVICE_ACTOR, 'filed', `备案 with county ${s.countyCode}: ${formatFen(r.amountFen)}`, { amountFen: r.amountFen });
          }
          // 小金额先行救助: an emergency is paid at once, so the approval's answer already shows the money.
          if (t.kind === 'emergency' && (await attemptPayment(t.installments[0]!))) await enterPaperwork();
        } finally {
          busy = false;
        }
        return;
      }
      case 'reject':
        closeRejected(r.reason);
        record.log(actor, r.action, `不予救助: ${r.reason}`, { reason: r.reason });
        return;
      case 'forward-to-county':
        t.forwardedToCounty = { at: nowIso(), by: actor.sub, reason: r.reason ?? null };
        s.step = 'county-review';
        record.log(actor, r.action, `报县级审批: ${formatFen(t.requestedAmountFen)}`, { ...(r.reason ? { reason: r.reason } : {}) });
        record.notify('county-review', 'county-review', [{ role: 'approver', org: s.countyCode }], `临时救助 ${s.caseId} awaits the county's approval`);
        return;
      case 'escalate':
        s.step = 'deliberation';
        busy = true;
        try {
          await openDeliberation(actor, r.reason, r.proposedAmountFen);
        } finally {
          busy = false;
        }
        return;
      case 'submit-paperwork':
        t.paperwork!.submittedAt = nowIso();
        t.paperwork!.documents = r.documents;
        s.step = 'closed';
        record.log(actor, r.action, `事后补办材料 received: ${r.documents.join('、')}`, { documents: r.documents, ...(r.note ? { note: r.note } : {}) });
        return;
      case 'confirm-follow-up': {
        const inst = t.installments.find((i) => i.instalment === r.instalment)!;
        inst.followUp = { needsContinue: r.needsContinue, findings: r.findings, at: nowIso() };
        inst.status = r.needsContinue ? 'scheduled' : 'skipped';
        const what = r.needsContinue ? 'needs continue: to be paid' : 'needs ended: skipped';
        record.log(actor, r.action, `跟进救助 instalment ${inst.instalment}: ${what}`, { instalment: inst.instalment, needsContinue: r.needsContinue, findings: r.findings });
        return;
      }
      case 'stop-installments': {
        t.stopped = { at: nowIso(), reason: r.reason };
        const stopped = t.installments.filter((i) => ['scheduled', 'awaiting-follow-up', 'awaiting-funds'].includes(i.status));
        for (const i of stopped) i.status = 'stopped';
        t.awaitingFunds = false;
        record.log(actor, r.action, `停止后续救助: ${r.reason}`, { reason: r.reason, stoppedInstallments: stopped.map((i) => i.instalment) });
        return;
      }
      case 'withdraw':
        clock!.stop();
        s.status = 'withdrawn';
        s.step = 'closed';
        s.overdue = false;
        s.closedReason = r.reason;
        record.log(actor, r.action, `撤回: ${r.reason}`, { reason: r.reason });
        return;
    }
  }

  /** 一事一议: the committee's deliberation is a workflow of its own; its read model exists before anyone can look. */
  async function openDeliberation(actor: Actor, reason: string, proposedAmountFen: number): Promise<void> {
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
      reason,
      proposedAmountFen,
      escalatedBy: { sub: actor.sub, role: actor.role, org: actor.org },
      openedAt: nowIso(),
      dueDate: deadline.dueDate,
      dueAt: deadline.dueAt,
      members: policy.members,
      quorum: policy.quorum,
      majority: policy.majority ?? 'of-members',
      // Approvals that carry it outright, under either majority rule.
      needed: Math.floor(policy.members / 2) + 1,
      votes: [],
      quorumMissedAt: null,
      outcome: null,
      version: 1,
    };
    await acts.recordDeliberation(view);
    deliberation = await startChild<typeof deliberationWorkflow>('deliberationWorkflow', { workflowId: deliberationId, args: [view] });
    t.deliberationId = deliberationId;
    record.log(actor, 'escalate', `一事一议: ${formatFen(proposedAmountFen)} proposed to the coordination group, due ${deadline.dueDate}`, {
      deliberationId,
      proposedAmountFen,
      reason,
    });
    record.notify('deliberation', `deliberation:${deliberationId}`, [{ role: 'committee', org: s.countyCode }], `一事一议 ${deliberationId}: please vote by ${deadline.dueDate}`);
  }

  /**
   * One attempt to pay an instalment: from the reserve (street approvals) or as a county disbursement.
   * Returns whether it is paid; a short reserve marks it awaiting funds and tells the county once.
   */
  async function attemptPayment(inst: InstalmentView): Promise<boolean> {
    if (inst.status === 'paid') return true;
    if (inst.status === 'stopped') return false;
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
      const where = 'balanceAfterFen' in result ? `从备用金支付 (reserve balance ${formatFen(result.balanceAfterFen)})` : '县级资金拨付';
      record.log(SERVICE_ACTOR, 'instalment-paid', `instalment ${inst.instalment}: ${formatFen(inst.amountFen)} paid, ${where}`, {
        instalment: inst.instalment,
        amountFen: inst.amountFen,
        source: inst.source,
        paidAt: result.paidAt,
      });
      await record.save();
      return true;
    }
    inst.status = 'awaiting-funds';
    if (previous !== 'awaiting-funds') {
      t.awaitingFunds = true;
      const msg = `备用金不足: ${s.orgCode} holds ${formatFen(result.balanceFen)}, instalment ${inst.instalment} of case ${s.caseId} needs ${formatFen(inst.amountFen)}`;
      record.log(SERVICE_ACTOR, 'awaiting-funds', msg, { instalment: inst.instalment, balanceFen: result.balanceFen });
      record.notify('reserve-short', `reserve-short:${inst.instalment}`, [
        { role: 'approver', org: s.countyCode },
        { role: 'supervisor', org: s.countyCode },
      ], msg);
      await record.save();
    }
    return false;
  }

  /** Pays an instalment once, waiting for a replenishment while the reserve is short. */
  async function pay(inst: InstalmentView): Promise<void> {
    for (;;) {
      fundsMaybeAvailable = false;
      if (await attemptPayment(inst)) return;
      if (inst.status === 'stopped') return;
      await condition(() => fundsMaybeAvailable || inst.status === 'stopped', FUNDS_RECHECK);
    }
  }

  /** Paid: the 24-hour clock stops (late or not) and the paperwork (事后补办材料) falls due. */
  async function enterPaperwork(): Promise<void> {
    const { late } = clock!.stop();
    t.paidAt = t.installments[0]!.paidAt ?? nowIso();
    t.paidLate = late;
    s.overdue = false;
    const due = await acts.computeDeadline({ startDate: shanghaiDate(t.paidAt), workingDays: t.policy!.paperworkWorkingDays, reminderWorkingDays: 1 });
    t.paperwork = { dueDate: due.dueDate, dueAt: due.dueAt, overdue: false, submittedAt: null, documents: [] };
    s.step = 'paperwork';
    record.log(SERVICE_ACTOR, 'paperwork-due', `事后补办材料 due ${due.dueDate}${late ? ' (paid after the emergency window)' : ''}`, {
      dueDate: due.dueDate,
      paidLate: late,
    });
    await record.save();
  }

  /** Paperwork late is flagged and reported, not clawed back: the money met an emergency. */
  async function awaitPaperwork(): Promise<void> {
    const p = t.paperwork!;
    const inTime = await condition(() => s.step === 'closed', Math.max(Date.parse(p.dueAt) - Date.now(), 1));
    if (inTime) return;
    p.overdue = true;
    const msg = `案件 ${s.caseId}: 事后补办材料 not received by ${p.dueDate}`;
    record.log(SERVICE_ACTOR, 'paperwork-overdue', msg, { dueDate: p.dueDate });
    record.notify('paperwork-overdue', `paperwork-overdue:${p.dueDate}`, [
      { role: 'caseworker', org: s.orgCode },
      { role: 'supervisor', org: s.countyCode },
    ], msg);
    await record.save();
    await condition(() => s.step === 'closed');
  }

  async function instalments(): Promise<void> {
    for (const inst of t.installments) {
      const dueAt = startOfShanghaiDay(inst.dueDate).getTime();
      if (dueAt > Date.now()) await condition(() => t.stopped !== null, dueAt - Date.now());
      if (inst.status !== 'scheduled') continue; // stopped meanwhile
      record.log(SERVICE_ACTOR, 'instalment-due', `instalment ${inst.instalment} due: ${formatFen(inst.amountFen)}`, { instalment: inst.instalment, dueDate: inst.dueDate });
      if (t.followUpRequired) {
        inst.status = 'awaiting-follow-up';
        record.notify('follow-up', `follow-up:${inst.instalment}`, [{ role: 'caseworker', org: s.orgCode }], `跟进救助: check case ${s.caseId} before instalment ${inst.instalment}`);
        await record.save();
        await condition(() => inst.status !== 'awaiting-follow-up');
        // confirm-follow-up or stop-installments changed it meanwhile.
        if ((inst.status as InstalmentStatus) !== 'scheduled') continue;
      } else {
        await record.save();
      }
      await pay(inst);
    }
    s.step = 'closed';
    const paid = t.installments.filter((i) => i.status === 'paid').length;
    record.log(SERVICE_ACTOR, 'installments-ended', `分阶段救助 ended: ${paid} of ${t.installments.length} paid, ${formatFen(t.paidFen)} in all`, {
      paidFen: t.paidFen,
      statuses: t.installments.map((i) => ({ instalment: i.instalment, status: i.status })),
    });
    await record.save();
  }

  // Acceptance: our own records about the person, the policy in force that day, and the clock — 24 hours for an emergency, working days otherwise.
  const checked = await withIntakeChecks(input);
  record.applyChecks(checked.intake);
  const asOf = shanghaiDate(s.acceptedAt);
  const [casePolicy, policy] = await Promise.all([
    acts.loadCasePolicy({ countyCode: s.countyCode, type: s.type, asOf }),
    acts.loadTemporaryPolicy({ countyCode: s.countyCode, asOf }),
  ]);
  s.policy = casePolicy;
  t.policy = policy;
  clock = new DeadlineClock(record, casePolicy, t.kind === 'emergency' ? PAYMENT_LATE : OVERDUE);
  if (t.kind === 'emergency') clock.startFixed(new Date(Date.parse(s.acceptedAt) + policy.emergencyPayoutHours * HOUR_MS).toISOString());
  else await clock.start(s.acceptedAt);
  const kindName = t.kind === 'emergency' ? '急难型' : '支出型';
  record.log(input.acceptedBy, 'accept', `受理临时救助 (${kindName}) ${s.applicant.name} (${s.applicant.idNumberMasked}): ${formatFen(t.requestedAmountFen)} requested`, {
    kind: t.kind,
    requestedAmountFen: t.requestedAmountFen,
    dueAt: s.dueAt,
    policy: { regionCode: policy.regionCode, effectiveFrom: policy.effectiveFrom, streetLimitFen: policy.streetLimitFen },
  }, s.acceptedAt);
  applyIntake(record, checked, casePolicy);
  clock.tick(); // a backdated import may already be late
  await record.save();
  registered = true;
  const clockRun = runClock(clock, record, calendar);
  const verification = watchVerification(record);

  // The decision: by the street, the county, or the committee (一事一议).
  for (;;) {
    await condition(() => !busy && !['approval', 'county-review'].includes(s.step));
    if (s.step !== 'deliberation') break;
    await condition(() => deliberation !== undefined);
    const outcome = await deliberation!.result();
    deliberation = undefined;
    if (outcome.approved && outcome.amountFen !== null) {
      const schedule = scheduleFor(outcome.amountFen);
      const plan = schedule.ok ? schedule.schedule : [{ instalment: 1, dueDate: today(), amountFen: outcome.amountFen }];
      approveCase(SERVICE_ACTOR, 'committee', outcome.amountFen, plan, false);
      record.log(SERVICE_ACTOR, 'deliberation-approved', `一事一议 approved ${formatFen(outcome.amountFen)} (${outcome.approvals} for, ${outcome.rejections} against)`, {
        deliberationId: t.deliberationId,
        amountFen: outcome.amountFen,
      });
    } else {
      closeRejected('一事一议 rejected');
      record.log(SERVICE_ACTOR, 'deliberation-rejected', `一事一议 rejected (${outcome.approvals} for, ${outcome.rejections} against)`, {
        deliberationId: t.deliberationId,
      });
    }
    await record.save();
  }

  if (s.step === 'payment') {
    await pay(t.installments[0]!);
    await enterPaperwork();
  }
  if (s.step === 'paperwork') await awaitPaperwork();
  if (s.step === 'installments') await instalments();
  await clockRun;
  return finishCase(record, verification);
}
