import { allHandlersFinished, condition } from '@temporalio/workflow';
import { shanghaiDate } from '../domain/dates.js';
import { SERVICE_ACTOR, type Actor } from '../domain/roles.js';
import { acts } from './activities.js';
import { CaseRecord } from './case-record.js';
import { DeadlineClock } from './clock.js';
import { reject, setCaseHandlers } from './case-handlers.js';
import { CaseFailure, type CaseInput, type CaseView, type DibaoActionRequest } from './messages.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Invariants the validator re-checks for callers that bypass the API's schemas. */
function payloadProblem(r: DibaoActionRequest): string | undefined {
  const fen = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
  const text = (s: unknown) => typeof s === 'string' && s.trim().length > 0;
  switch (r.action) {
    case 'record-economic-check':
      return fen(r.perCapitaIncomeFen) && typeof r.assetsWithinLimits === 'boolean' ? undefined : 'perCapitaIncomeFen';
    case 'record-home-visit':
      return text(r.findings) ? undefined : 'findings';
    case 'record-objection':
      return text(r.summary) ? undefined : 'summary';
    case 'resolve-objection':
      return typeof r.upheld === 'boolean' && text(r.reason) ? undefined : 'reason';
    case 'decide':
      if (r.decision === 'approve') return fen(r.monthlyAmountFen) && r.monthlyAmountFen > 0 ? undefined : 'monthlyAmountFen';
      return text(r.reason) ? undefined : 'reason';
    case 'request-supplement':
      return Array.isArray(r.items) && r.items.length > 0 && r.items.every(text) ? undefined : 'items';
    case 'withdraw':
      return text(r.reason) ? undefined : 'reason';
    default:
      return undefined;
  }
}

/**
 * 最低生活保障 (低保): economic check → home visit → publicity (公示) with objections → decision,
 * under the region's working-day deadline. Each caseworker step is an Update whose validator
 * rejects a wrong role, street or step before anything is recorded.
 */
export async function dibaoWorkflow(input: CaseInput): Promise<CaseView> {
  const record = new CaseRecord(input, 'economic-check');
  const s = record.state;
  let clock: DeadlineClock | undefined;
  // Declared before the handlers: buffered updates are dispatched as soon as a handler is set.
  let registered = false;

  setCaseHandlers<DibaoActionRequest>(
    record,
    {
      ready: () => registered && clock !== undefined && !clock.busy,
      validate: (_actor, request) => {
        const bad = payloadProblem(request);
        if (bad) throw reject(CaseFailure.InvalidPayload, `invalid ${bad}`);
        if (request.action === 'resolve-objection' && request.objectionId !== undefined) {
          const o = s.publicity?.objections.find((x) => x.id === request.objectionId);
          if (!o) throw reject(CaseFailure.InvalidPayload, `invalid objectionId: no objection ${request.objectionId}`);
          if (o.resolution) throw reject(CaseFailure.InvalidTransition, `objection ${o.id} is already resolved`);
        }
      },
      apply: (actor, request) => apply(actor, request),
    },
    () => registered,
  );

  /** Applies one validated action. State changes happen before the first await, so the next validator sees them. */
  async function apply(actor: Actor, r: DibaoActionRequest): Promise<void> {
    const now = new Date(Date.now()).toISOString();
    switch (r.action) {
      case 'record-economic-check': {
        s.economicCheck = { perCapitaIncomeFen: r.perCapitaIncomeFen, assetsWithinLimits: r.assetsWithinLimits, at: now };
        s.step = 'home-visit';
        record.log(actor, r.action, `家庭经济状况核对: per-capita income ${r.perCapitaIncomeFen} fen, assets within limits: ${r.assetsWithinLimits}`, {
          perCapitaIncomeFen: r.perCapitaIncomeFen,
          assetsWithinLimits: r.assetsWithinLimits,
        });
        return;
      }
      case 'record-home-visit': {
        s.homeVisit = { findings: r.findings, at: now };
        const closesAt = new Date(Date.now() + s.policy!.publicityDays * DAY_MS).toISOString();
        s.publicity = { opensAt: now, closesAt, closedAt: null, objections: [] };
        s.step = 'publicity';
        record.log(actor, r.action, '入户调查 recorded', { findings: r.findings });
        record.log(SERVICE_ACTOR, 'publicity-opened', `公示 opens until ${closesAt}`, { closesAt });
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
          // An upheld objection sends the case back to be visited again; a new publicity follows.
          p.closedAt = now;
          s.step = 'home-visit';
        }
        record.log(actor, r.action, `公示异议 #${o.id} ${r.upheld ? 'upheld: back to home visit' : 'not upheld'}`, {
          objectionId: o.id,
          upheld: r.upheld,
          reason: r.reason,
        });
        return;
      }
      case 'decide': {
        const { late } = clock!.stop();
        s.decidedAt = now;
        s.decidedLate = late;
        s.overdue = false;
        s.step = 'closed';
        if (r.decision === 'approve') {
          s.status = 'approved';
          s.amountFen = r.monthlyAmountFen;
          s.decision = { decision: 'approve', monthlyAmountFen: r.monthlyAmountFen, ...(r.reason ? { reason: r.reason } : {}), at: now, late };
        } else {
          s.status = 'rejected';
          s.decision = { decision: 'reject', reason: r.reason, at: now, late };
        }
        const what = r.decision === 'approve' ? `approved ${r.monthlyAmountFen} fen/month` : `rejected: ${r.reason}`;
        record.log(actor, r.action, `审批决定: ${what}${late ? ' (decided after the deadline)' : ''}`, {
          decision: r.decision,
          ...(r.decision === 'approve' ? { monthlyAmountFen: r.monthlyAmountFen } : {}),
          ...(r.reason ? { reason: r.reason } : {}),
          late,
        });
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
        record.log(actor, r.action, `补正材料 received: due date ${moved.from} → ${moved.to}`, {
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
        s.closedReason = r.reason;
        record.log(actor, r.action, `撤回: ${r.reason}`, { reason: r.reason });
        return;
      }
    }
  }

  /** Publicity ends by itself after its calendar days, once every objection is resolved. */
  function closePublicityIfDue(): boolean {
    const p = s.publicity;
    if (s.step !== 'publicity' || !p || p.closedAt) return false;
    if (Date.now() < Date.parse(p.closesAt) || p.objections.some((o) => !o.resolution)) return false;
    p.closedAt = new Date(Date.now()).toISOString();
    s.step = 'decision';
    record.log(SERVICE_ACTOR, 'publicity-closed', '公示 ended; ready for decision', { objections: p.objections.length });
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

  // Acceptance: policy in force on the acceptance date, deadline from the calendar.
  s.policy = await acts.loadCasePolicy({ countyCode: s.countyCode, type: s.type, asOf: shanghaiDate(s.acceptedAt) });
  clock = new DeadlineClock(record, s.policy);
  await clock.start(s.acceptedAt);
  record.log(input.acceptedBy, 'accept', `受理低保申请: ${s.applicant.name} (${s.applicant.idNumberMasked}), due ${s.dueDate}`, {
    dueDate: s.dueDate,
    dueProvisional: s.dueProvisional,
    deadlineWorkingDays: s.deadlineWorkingDays,
    policy: { regionCode: s.policy.regionCode, effectiveFrom: s.policy.effectiveFrom },
  }, s.acceptedAt);
  clock.tick(); // a backdated import may be overdue the moment it arrives
  await record.save();
  registered = true;

  while (s.step !== 'closed') {
    const version = s.version;
    const wake = nextWake();
    await condition(() => s.version !== version || s.step === 'closed', wake === undefined ? undefined : Math.max(wake - Date.now(), 1));
    const changed = [clock.tick(), closePublicityIfDue()].some(Boolean);
    if (changed) await record.save();
  }
  await condition(allHandlersFinished);
  return record.view();
}
