import { ApplicationFailure, condition, patched } from '@temporalio/workflow';
import type { AssessedStep } from '../domain/cases.js';
import { shanghaiDate } from '../domain/dates.js';
import { LIFECYCLES, stepAfter, stepsFor, type AssessedType } from '../domain/lifecycles.js';
import { formatFen, isFen, isPositiveFen } from '../domain/money.js';
import { SERVICE_ACTOR, type Actor } from '../domain/roles.js';
import { acts } from './activities.js';
import { applyIntake, finishCase, watchVerification, withIntakeChecks } from './case-common.js';
import { setCaseHandlers } from './case-handlers.js';
import { reject } from './failures.js';
import { CaseRecord } from './case-record.js';
import { DeadlineClock, recountIfCalendarChanged } from './clock.js';
import { CaseFailure, type AssessedActionRequest, type CaseInput, type CaseView, type DecisionRecord } from './messages.js';
import { nowIso } from './time.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const TYPE_NAMES: Record<AssessedType, string> = { dibao: '低保', tekun: '特困供养', medical: '医疗救助', education: '教育救助', housing: '公租房租赁补贴' };

type DecideRequest = Extract<AssessedActionRequest, { action: 'decide' }>;
type ApproveRequest = Extract<DecideRequest, { decision: 'approve' }>;

const text = (s: unknown) => typeof s === 'string' && s.trim().length > 0;

/** Invariants the validator re-checks for callers that bypass the API's schemas; names the bad field. */
function payloadProblem(r: AssessedActionRequest): string | undefined {
  switch (r.action) {
    case 'record-economic-check':
      return isFen(r.perCapitaIncomeFen) && typeof r.assetsWithinLimits === 'boolean' ? undefined : 'perCapitaIncomeFen';
    case 'record-home-visit':
      return text(r.findings) ? undefined : 'findings';
    case 'record-school-investigation':
    case 'record-street-review':
      return text(r.findings) && typeof r.eligible === 'boolean' ? undefined : 'findings';
    case 'record-objection':
      return text(r.summary) ? undefined : 'summary';
    case 'resolve-objection':
      return typeof r.upheld === 'boolean' && text(r.reason) ? undefined : 'reason';
    case 'decide':
      return r.decision === 'reject' && !text(r.reason) ? 'reason' : undefined;
    case 'request-supplement':
      return Array.isArray(r.items) && r.items.length > 0 && r.items.every(text) ? undefined : 'items';
    case 'withdraw':
      return text(r.reason) ? undefined : 'reason';
    default:
      return undefined;
  }
}

/** What each type's approval must carry. */
function approvalProblem(type: AssessedType, r: ApproveRequest, s: CaseView): string | undefined {
  const positive = isPositiveFen;
  switch (type) {
    case 'dibao':
    case 'housing':
      return positive(r.monthlyAmountFen) ? undefined : 'monthlyAmountFen: a positive monthly amount in fen';
    case 'tekun': {
      if (!positive(r.monthlyAmountFen)) return 'monthlyAmountFen: a positive monthly amount in fen';
      const support = r.support;
      if (!support) return 'support: centralised (集中) or dispersed (分散) with a care agreement';
      if (support.mode === 'dispersed' && (!text(support.carer?.name) || !positive(support.careFeeFen) || !text(support.agreementSignedOn))) {
        return 'support: dispersed support needs the carer, the care fee and the agreement date';
      }
      return undefined;
    }
    case 'medical': {
      if (!positive(r.approvedAmountFen)) return 'approvedAmountFen: a positive amount in fen';
      const bill = s.medical?.billFen;
      if (bill !== undefined && r.approvedAmountFen! > bill) return `approvedAmountFen: more than the bill (${bill} fen)`;
      if (r.reimbursementPercent !== undefined && !(Number.isInteger(r.reimbursementPercent) && r.reimbursementPercent >= 0 && r.reimbursementPercent <= 100)) {
        return 'reimbursementPercent: a whole percent from 0 to 100';
      }
      return undefined;
    }
    case 'education':
      return r.amountFen === undefined || isFen(r.amountFen) ? undefined : 'amountFen: an amount in fen';
  }
}

/** The decision as recorded: the approval's fields for this type, and 特困's payees. */
function decisionRecord(type: AssessedType, r: DecideRequest, s: CaseView, at: string, late: boolean): DecisionRecord {
  if (r.decision === 'reject') return { decision: 'reject', reason: r.reason, at, late };
  const { action: _a, decision: _d, ...fields } = r;
  const record: DecisionRecord = { decision: 'approve', ...fields, at, late };
  if (type === 'medical' && record.reimbursementPercent === undefined && s.medical?.billFen) {
    record.reimbursementPercent = Math.round((record.approvedAmountFen! * 100) / s.medical.billFen);
  }
  if (type === 'tekun' && r.support) {
    // 分散供养: the support money to the person's account, the care fee to the carer's (000 (二)2).
    record.payees = [{ payee: 'applicant', name: s.applicant.name, monthlyAmountFen: r.monthlyAmountFen! }];
    if (r.support.mode === 'dispersed') record.payees.push({ payee: 'carer', name: r.support.carer.name, monthlyAmountFen: r.support.careFeeFen });
  }
  return record;
}

const amountOf = (d: DecisionRecord): number | null => d.monthlyAmountFen ?? d.approvedAmountFen ?? d.amountFen ?? null;

/**
 * The assessed lifecycles (低保, 特困, 医疗, 教育, 公租房): the type's steps (economic check, school
 * investigation, street review, home visit, publicity with objections) lead to a decision under the
 * region's working-day deadline. Each step is an Update whose validator rejects a wrong role,
 * department, street or step before anything is recorded.
 */
export async function assessedCaseWorkflow(input: CaseInput, type: AssessedType): Promise<CaseView> {
  const lifecycle = LIFECYCLES[type];
  // Handlers are set before the first await: an Update that finds none is rejected, not buffered.
  let steps = stepsFor(type, false);
  const record = new CaseRecord(input, steps[0]!);
  const s = record.state;
  let clock: DeadlineClock | undefined;
  // Declared before the handlers: buffered updates are dispatched as soon as a handler is set.
  let registered = false;
  let busy = false;

  const calendar = setCaseHandlers<AssessedActionRequest>(
    record,
    {
      ready: () => registered && clock !== undefined && !clock.busy && !busy,
      validate: (_actor, request) => {
        const bad = payloadProblem(request);
        if (bad) throw reject(CaseFailure.InvalidPayload, `invalid ${bad}`);
        if (request.action === 'decide' && request.decision === 'approve') {
          const problem = approvalProblem(type, request, s);
          if (problem) throw reject(CaseFailure.InvalidPayload, problem);
        }
        if (request.action === 'resolve-objection' && request.objectionId !== undefined) {
          const o = s.publicity?.objections.find((x) => x.id === request.objectionId);
          if (!o) throw reject(CaseFailure.InvalidPayload, `invalid objectionId: no objection ${request.objectionId}`);
          if (o.resolution) throw reject(CaseFailure.InvalidTransition, `objection ${o.id} is already resolved`);
        }
      },
      apply,
      stopClock: () => clock!.stop(),
    },
    () => registered,
  );

  function advance(from: AssessedStep): void {
    s.step = stepAfter(steps, from);
    if (s.step === 'publicity') openPublicity();
  }

  function openPublicity(): void {
    const now = nowIso();
    const closesAt = new Date(Date.now() + s.policy!.publicityDays * DAY_MS).toISOString();
    s.publicity = { opensAt: now, closesAt, closedAt: null, objections: [] };
    record.log(SERVICE_ACTOR, 'publicity-opened', `公示 opens until ${closesAt}`, { closesAt });
  }

  /** Applies one validated action. State changes happen before the first await, so the next validator sees them. */
  async function apply(actor: Actor, r: AssessedActionRequest): Promise<void> {
    const now = nowIso();
    switch (r.action) {
      case 'record-economic-check': {
        s.economicCheck = { perCapitaIncomeFen: r.perCapitaIncomeFen, assetsWithinLimits: r.assetsWithinLimits, at: now };
        s.step = stepAfter(steps, 'economic-check');
        record.log(actor, r.action, `家庭经济状况核对: per-capita income ${r.perCapitaIncomeFen} fen, assets within limits: ${r.assetsWithinLimits}`, {
          perCapitaIncomeFen: r.perCapitaIncomeFen,
          assetsWithinLimits: r.assetsWithinLimits,
        });
        if (s.step === 'publicity') openPublicity();
        return;
      }
      case 'record-home-visit': {
        s.homeVisit = { findings: r.findings, at: now };
        s.step = stepAfter(steps, 'home-visit');
        record.log(actor, r.action, '入户调查 recorded', { findings: r.findings });
        if (s.step === 'publicity') openPublicity();
        return;
      }
      case 'record-school-investigation':
      case 'record-street-review': {
        const from: AssessedStep = r.action === 'record-school-investigation' ? 'school-investigation' : 'street-review';
        s.homeVisit = { findings: r.findings, at: now };
        record.log(actor, r.action, `${from === 'school-investigation' ? '学校调查' : '街道审核'}: ${r.eligible ? 'eligible' : 'not eligible'}`, {
          findings: r.findings,
          eligible: r.eligible,
        });
        advance(from);
        return;
      }
      case 'record-objection': {
        const p = s.publicity!;
        const id = p.objections.length + 1;
        p.objections.push({ id, summary: r.summary, recordedAt: now });
        record.log(actor, r.action, `公示异议 #${id} recorded`, { objectionId: id, objection: r.summary });
        return;
      }
      case 'resolve-objection': {
        const p = s.publicity!;
        const o = p.objections.find((x) => (r.objectionId === undefined ? !x.resolution : x.id === r.objectionId))!;
        o.resolution = { upheld: r.upheld, reason: r.reason, at: now };
        if (r.upheld) {
          // An upheld objection sends the case back to be examined again; a new publicity follows.
          p.closedAt = now;
          s.step = lifecycle.publicityReturnsTo ?? steps[0]!;
        }
        record.log(actor, r.action, `公示异议 #${o.id} ${r.upheld ? `upheld: back to ${s.step}` : 'not upheld'}`, {
          objectionId: o.id,
          upheld: r.upheld,
          reason: r.reason,
        });
        return;
      }
      case 'decide': {
        // 低保 and 特困 exclude each other: claim the person's basic-living benefit before recording.
        if (r.decision === 'approve' && (type === 'dibao' || type === 'tekun') && patched('basic-living-exclusion')) {
          busy = true;
          try {
            const claim = await acts.claimBasicLiving({ applicantIdHash: record.applicantIdHash, caseId: s.caseId, type });
            if (!claim.ok) {
              throw ApplicationFailure.create({
                type: CaseFailure.Conflict,
                message: `the applicant already receives ${claim.conflictingType} in case ${claim.conflictingCaseId}`,
                nonRetryable: true,
                details: [{ conflictingCaseId: claim.conflictingCaseId, conflictingType: claim.conflictingType }],
              });
            }
          } finally {
            busy = false;
          }
        }
        const { late } = clock!.stop();
        s.decidedAt = now;
        s.decidedLate = late;
        s.overdue = false;
        s.step = 'closed';
        s.decision = decisionRecord(type, r, s, now, late);
        s.status = r.decision === 'approve' ? 'approved' : 'rejected';
        s.amountFen = r.decision === 'approve' ? amountOf(s.decision) : null;
        const what = r.decision === 'approve' ? `approved${s.amountFen !== null ? ` ${formatFen(s.amountFen)}` : ''}` : `rejected: ${r.reason}`;
        const { action: _a, ...fields } = r;
        record.log(actor, r.action, `审批决定: ${what}${late ? ' (decided after the deadline)' : ''}`, { ...fields, late });
        return;
      }
      case 'request-supplement': {
        clock!.suspend();
        s.suspended = true;
        s.supplement = { requestedAt: now, items: r.items };
        record.log(actor, r.action, `补正: clock suspended, awaiting ${r.items.join('、')}`, { items: r.items, dueDate: s.dueDate });
        return;
      }
      case 'supplement-received': {
        const moved = await clock!.resume();
        s.suspended = false;
        s.supplement = null;
        record.log(actor, r.action, `补正材料 received${moved.from ? `: due date ${moved.from} → ${moved.to}` : ''}`, {
          previousDueDate: moved.from,
          dueDate: moved.to,
          ...(r.note ? { note: r.note } : {}),
        });
        return;
      }
      case 'withdraw': {
        clock!.stop();
        s.status = 'withdrawn';
        s.step = 'closed';
        s.overdue = false;
        s.closedReason = r.reason;
        record.log(actor, r.action, `撤回: ${r.reason}`, { reason: r.reason });
        return;
      }
    }
  }

  /** Publicity ends by itself after its calendar days, once every objection is resolved. */
  async function closePublicityIfDue(): Promise<boolean> {
    const p = s.publicity;
    if (s.step !== 'publicity' || !p || p.closedAt) return false;
    if (Date.now() < Date.parse(p.closesAt) || p.objections.some((o) => !o.resolution)) return false;
    p.closedAt = nowIso();
    s.step = 'decision';
    record.log(SERVICE_ACTOR, 'publicity-closed', '公示 ended; ready for decision', { objections: p.objections.length });
    // 公租房: the 30 working days run from the end of the street's publicity without objection.
    if (lifecycle.clockFrom === 'publicity-end' && !clock!.started) {
      await clock!.start(p.closedAt);
      record.log(SERVICE_ACTOR, 'clock-started', `办理时限 starts: due ${s.dueDate}`, { dueDate: s.dueDate });
    }
    return true;
  }

  function nextWake(): number | undefined {
    const wakes = [clock?.nextWake()];
    // Past its end, publicity waits on objections being resolved (an update), not on time.
    const p = s.publicity;
    if (s.step === 'publicity' && p && !p.closedAt && Date.parse(p.closesAt) > Date.now()) wakes.push(Date.parse(p.closesAt));
    const due = wakes.filter((w): w is number => w !== undefined);
    return due.length > 0 ? Math.min(...due) : undefined;
  }

  // Acceptance: our own records about the person (a recipient skips the steps they make unnecessary),
  // the policy in force on the acceptance date, the deadline from the calendar.
  const checked = await withIntakeChecks(input);
  record.applyChecks(checked.intake);
  steps = stepsFor(type, s.recipientOf.some((t) => t === 'dibao' || t === 'tekun'));
  s.step = steps[0]!;
  s.policy = await acts.loadCasePolicy({ countyCode: s.countyCode, type: s.type, asOf: shanghaiDate(s.acceptedAt) });
  clock = new DeadlineClock(record, s.policy);
  if (lifecycle.clockFrom === 'acceptance') await clock.start(s.acceptedAt);
  applyIntake(record, checked, s.policy);
  const due = s.dueDate ? `due ${s.dueDate}` : 'the clock starts when publicity ends';
  const skipped = LIFECYCLES[type].steps.filter((x) => !steps.includes(x));
  record.log(input.acceptedBy, 'accept', `受理${TYPE_NAMES[type]}申请: ${s.applicant.name} (${s.applicant.idNumberMasked}), ${due}`, {
    dueDate: s.dueDate,
    dueProvisional: s.dueProvisional,
    deadlineWorkingDays: s.deadlineWorkingDays,
    policy: { regionCode: s.policy.regionCode, effectiveFrom: s.policy.effectiveFrom },
    ...(s.department !== 'minzheng' ? { department: s.department } : {}),
    ...(skipped.length > 0 ? { skippedSteps: skipped, recipientOf: s.recipientOf } : {}),
    ...(s.dishonesty ? { flagged: true } : {}),
    ...(s.pledges ? { pledgedInsteadOfProof: s.pledges.items, verificationDue: s.pledges.dueDate } : {}),
  }, s.acceptedAt);
  clock.tick(); // a backdated import may be overdue the moment it arrives
  await record.save();
  registered = true;
  const verification = watchVerification(record);

  while (s.step !== 'closed') {
    const version = s.version;
    const wake = nextWake();
    await condition(() => s.version !== version || s.step === 'closed' || calendar.changed, wake === undefined ? undefined : Math.max(wake - Date.now(), 1));
    const changed = [await recountIfCalendarChanged(clock, record, calendar), clock.tick(), await closePublicityIfDue()].some(Boolean);
    if (changed) await record.save();
  }
  return finishCase(record, verification);
}

export const dibaoWorkflow = (input: CaseInput) => assessedCaseWorkflow(input, 'dibao');
export const tekunWorkflow = (input: CaseInput) => assessedCaseWorkflow(input, 'tekun');
export const medicalWorkflow = (input: CaseInput) => assessedCaseWorkflow(input, 'medical');
export const educationWorkflow = (input: CaseInput) => assessedCaseWorkflow(input, 'education');
export const housingWorkflow = (input: CaseInput) => assessedCaseWorkflow(input, 'housing');
