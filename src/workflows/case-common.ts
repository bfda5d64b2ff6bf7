import { allHandlersFinished, condition, patched, sleep } from '@temporalio/workflow';
import { COMMON_ACTIONS, type CaseAction } from '../domain/cases.js';
import { addCalendarDays, endOfShanghaiDay, isIsoDate, shanghaiDate } from '../domain/dates.js';
import { formatFen } from '../domain/money.js';
import type { CasePolicy } from '../domain/policy.js';
import { SERVICE_ACTOR, type Actor } from '../domain/roles.js';
import { acts } from './activities.js';
import { reject } from './failures.js';
import type { CaseRecord } from './case-record.js';
import { CaseFailure, type CaseActionRequest, type CaseInput, type CaseView, type CommonActionRequest } from './messages.js';
import { nowIso } from './time.js';

/**
 * What every case type shares beyond its own lifecycle: the 失信 review gate, post-verification of
 * commitments (告知承诺) with revocation, and referrals to employment and charity.
 */

export const isCommonAction = (r: CaseActionRequest): r is CaseActionRequest & CommonActionRequest =>
  (COMMON_ACTIONS as readonly CaseAction[]).includes(r.action);

const text = (s: unknown) => typeof s === 'string' && s.trim().length > 0;

/**
 * Our own records at the moment of acceptance: the dishonesty list and existing 低保/特困. An
 * application has checked them for all its cases; a case started alone asks here.
 */
export async function withIntakeChecks(input: CaseInput): Promise<CaseInput> {
  if (input.intake?.checked || !patched('intake-checks')) return input;
  const asOf = shanghaiDate(input.acceptedAt ?? Date.now());
  const checks = await acts.intakeChecks({ applicantIdHash: input.applicant.idHash, asOf });
  return { ...input, intake: { ...input.intake, checked: true, dishonesty: checks.dishonesty, recipientOf: checks.recipientOf } };
}

/** Intake facts that need the case's policy: the verification deadline, and the flag's notice. */
export function applyIntake(record: CaseRecord, input: CaseInput, policy: CasePolicy): void {
  const s = record.state;
  const pledged = input.intake?.pledgedInsteadOfProof ?? [];
  if (pledged.length > 0) {
    const dueDate = addCalendarDays(shanghaiDate(s.acceptedAt), policy.verificationDays);
    s.pledges = { items: pledged, dueDate, dueAt: endOfShanghaiDay(dueDate).toISOString(), overdue: false, verifiedAt: null, truthful: null, findings: null };
  }
  if (s.dishonesty?.flagged) {
    const msg = `案件 ${s.caseId}: applicant on the dishonesty list (失信名单); the county reviews before any decision`;
    record.notify('dishonesty-flag', 'dishonesty-flag', [
      { role: 'approver', org: s.countyCode },
      { role: 'supervisor', org: s.countyCode },
    ], msg);
  }
}

export function validateCommon(r: CommonActionRequest): void {
  switch (r.action) {
    case 'review-flag':
      if (typeof r.proceed !== 'boolean' || !text(r.note)) throw reject(CaseFailure.InvalidPayload, 'note: required with proceed');
      return;
    case 'record-verification':
      if (typeof r.truthful !== 'boolean' || !text(r.findings)) throw reject(CaseFailure.InvalidPayload, 'findings: required with truthful');
      return;
    case 'refer-to-employment':
    case 'refer-to-charity':
      if (!text(r.receivingOrg)) throw reject(CaseFailure.InvalidPayload, 'receivingOrg: required');
      if (!isIsoDate(r.followUpDate) || r.followUpDate < shanghaiDate(Date.now())) {
        throw reject(CaseFailure.InvalidPayload, 'followUpDate: a date from today on');
      }
      return;
  }
}

export interface CommonHooks {
  /** Ends the case's deadline clock; returns whether the deadline had passed. */
  stopClock: () => { late: boolean };
}

export async function applyCommon(record: CaseRecord, actor: Actor, r: CommonActionRequest, hooks: CommonHooks): Promise<void> {
  const s = record.state;
  switch (r.action) {
    case 'review-flag': {
      s.dishonesty!.review = { proceed: r.proceed, note: r.note, by: actor.sub, at: nowIso() };
      if (!r.proceed) {
        const { late } = hooks.stopClock();
        s.status = 'rejected';
        s.step = 'closed';
        s.decidedAt = nowIso();
        s.decidedLate = late;
        s.overdue = false;
        s.closedReason = r.note;
        s.decision = { decision: 'reject', reason: r.note, at: s.decidedAt, late };
      }
      record.log(actor, r.action, `失信 review: ${r.proceed ? 'may proceed to a decision' : 'refused'} — ${r.note}`, { proceed: r.proceed, note: r.note });
      return;
    }
    case 'record-verification': {
      const p = s.pledges!;
      p.verifiedAt = nowIso();
      p.truthful = r.truthful;
      p.findings = r.findings;
      if (r.truthful) {
        record.log(actor, r.action, `告知承诺 verified true: ${p.items.join('、')}`, { truthful: true, findings: r.findings });
        return;
      }
      await revoke(record, actor, r.findings, hooks);
      return;
    }
    case 'refer-to-employment':
    case 'refer-to-charity': {
      const kind = r.action === 'refer-to-employment' ? 'employment' : 'charity';
      const referral = { kind, receivingOrg: r.receivingOrg, followUpDate: r.followUpDate, note: r.note ?? null, at: nowIso(), by: actor.sub } as const;
      s.referrals.push(referral);
      record.log(actor, r.action, `${kind === 'employment' ? '就业转介' : '慈善衔接'}: ${r.receivingOrg}, follow up ${r.followUpDate}`, {
        receivingOrg: r.receivingOrg,
        followUpDate: r.followUpDate,
        ...(r.note ? { note: r.note } : {}),
      });
      await acts.recordReferral({ caseId: s.caseId, seq: s.referrals.length, ...referral });
      return;
    }
  }
}

/** A false commitment revokes the case, records what is due back and lists the applicant. */
async function revoke(record: CaseRecord, actor: Actor, findings: string, hooks: CommonHooks): Promise<void> {
  const s = record.state;
  if (s.step !== 'closed') {
    hooks.stopClock();
    s.step = 'closed';
  }
  const wasApproved = s.status === 'approved';
  s.status = 'revoked';
  s.overdue = false;
  s.closedReason = `告知承诺 false: ${findings}`;
  const monthly = wasApproved && s.decision?.monthlyAmountFen && s.type !== 'housing' ? s.decision.monthlyAmountFen : undefined;
  const result = await acts.recordRevocation({
    caseId: s.caseId,
    orgCode: s.orgCode,
    applicantIdHash: record.applicantIdHash,
    applicantIdMasked: s.applicant.idNumberMasked,
    reason: `false commitment (告知承诺) in case ${s.caseId}: ${findings}`,
    by: actor.sub,
    at: nowIso(),
    ...(monthly && s.decidedAt ? { monthlyAmountFen: monthly, approvedOn: shanghaiDate(s.decidedAt) } : {}),
    dishonestyListDays: s.policy!.dishonestyListDays,
  });
  s.recovery = { amountFen: result.recoveryFen, recordedAt: nowIso() };
  const msg = `案件 ${s.caseId} revoked: commitment false; ${formatFen(result.recoveryFen)} due for recovery; applicant listed until ${result.listedUntil}`;
  record.log(actor, 'revoked', msg, { findings, recoveryFen: result.recoveryFen, listedUntil: result.listedUntil });
  record.notify('revoked', 'revoked', [{ role: 'supervisor', org: s.countyCode }], msg);
}

/** Whether the workflow must stay to hear a verification: aid granted (or pending) on a commitment. */
export const verificationOutstanding = (record: CaseRecord) => {
  const s = record.state;
  return s.pledges !== null && s.pledges.verifiedAt === null && (s.status === 'open' || s.status === 'approved');
};

/** The post-verification deadline: late is flagged and reported; the verification is still awaited. */
export async function watchVerification(record: CaseRecord): Promise<void> {
  const p = record.state.pledges;
  if (!p) return;
  const inTime = await condition(() => !verificationOutstanding(record), Math.max(Date.parse(p.dueAt) - Date.now(), 1));
  if (inTime) return;
  p.overdue = true;
  const msg = `案件 ${record.state.caseId}: 告知承诺 not verified by ${p.dueDate}`;
  record.log(SERVICE_ACTOR, 'verification-overdue', msg, { dueDate: p.dueDate });
  record.notify('verification-overdue', `verification-overdue:${p.dueDate}`, [
    { role: 'caseworker', org: record.state.orgCode },
    { role: 'supervisor', org: record.state.countyCode },
  ], msg);
  await record.save();
  await condition(() => !verificationOutstanding(record));
}

/**
 * After a decision the case stays reachable for a while (policy, ours): a household still in hardship
 * can be referred to charity or employment. Rejected, approved and paid cases alike; withdrawn ones not.
 */
export async function aftercare(record: CaseRecord): Promise<void> {
  const s = record.state;
  if (s.status !== 'approved' && s.status !== 'rejected') return;
  if (!patched('aftercare-window')) return;
  await sleep(s.policy!.aftercareDays * 24 * 60 * 60 * 1000);
  // Added after the aftercare window shipped: cases that ended without it replay as they ran.
  if (!patched('archive-after-aftercare')) return;
  // The read model then shows that nothing more can be done here.
  s.archivedAt = nowIso();
  record.log(SERVICE_ACTOR, 'archived', `归档: ${s.policy!.aftercareDays} days after the decision`, {});
  await record.save();
}

/** After a case closes: its post-verification (告知承诺), the aftercare window, then the last handlers. */
export async function finishCase(record: CaseRecord, verification: Promise<void>): Promise<CaseView> {
  await condition(() => !verificationOutstanding(record));
  await verification;
  await aftercare(record);
  await condition(allHandlersFinished);
  return record.view();
}
