import { allHandlersFinished, condition, setHandler } from '@temporalio/workflow';
import { canSeeOrg } from '../domain/roles.js';
import { approvedAmount, tallyVotes } from '../domain/temporary.js';
import { acts } from './activities.js';
import { reject } from './failures.js';
import { CaseFailure, deliberationViewQuery, voteUpdate, type DeliberationView, type VoteArgs } from './messages.js';
import { nowIso } from './time.js';

export interface DeliberationOutcome {
  approved: boolean;
  amountFen: number | null;
  approvals: number;
  rejections: number;
}


/**
 * 一事一议: the coordination group decides one case collectively. Each member votes once; more than
 * half of all members must approve, with a quorum. Without a quorum by the deadline the supervisors
 * are told and the vote stays open. The outcome goes back to the case, which pays it.
 */
export async function deliberationWorkflow(opened: DeliberationView): Promise<DeliberationOutcome> {
  const d: DeliberationView = { ...opened, votes: [...opened.votes] };
  const policy = { members: d.members, quorum: d.quorum, deadlineWorkingDays: 0, majority: d.majority ?? 'of-members' };
  const deadline = d.dueAt ? Date.parse(d.dueAt) : Date.now();

  setHandler(deliberationViewQuery, () => d);
  setHandler(
    voteUpdate,
    async ({ actor, vote, amountFen, reason }: VoteArgs) => {
      d.votes.push({ sub: actor.sub, vote, ...(amountFen !== undefined ? { amountFen } : {}), reason, at: nowIso() });
      d.version++;
      // Past the deadline, what is cast decides as soon as there is a quorum.
      decideIfDetermined(Date.now() >= deadline);
      await acts.recordDeliberation(d);
      return d;
    },
    {
      validator: ({ actor, vote, amountFen, reason }: VoteArgs) => {
        if (actor.role !== 'committee') throw reject(CaseFailure.Forbidden, `role ${actor.role} may not vote`);
        if (!canSeeOrg(actor, d.orgCode)) throw reject(CaseFailure.Forbidden, `deliberation of ${d.orgCode} is outside ${actor.org}`);
        if (d.status !== 'open') throw reject(CaseFailure.InvalidTransition, `the deliberation is ${d.status}`);
        if (d.votes.some((v) => v.sub === actor.sub)) throw reject(CaseFailure.InvalidTransition, `${actor.sub} has already voted`);
        if (d.votes.length >= d.members) throw reject(CaseFailure.InvalidTransition, 'every seat has voted');
        if (vote !== 'approve' && vote !== 'reject') throw reject(CaseFailure.InvalidPayload, 'vote: approve or reject');
        if (typeof reason !== 'string' || reason.trim() === '') throw reject(CaseFailure.InvalidPayload, 'reason: required');
        if (amountFen !== undefined && (!Number.isSafeInteger(amountFen) || amountFen <= 0)) {
          throw reject(CaseFailure.InvalidPayload, 'amountFen: must be a positive amount in fen');
        }
      },
    },
  );

  function decideIfDetermined(atDeadline: boolean): void {
    const tally = tallyVotes(d.votes, policy, atDeadline);
    if (tally.outcome === 'undetermined') return;
    const approved = tally.outcome === 'approved';
    d.status = approved ? 'approved' : 'rejected';
    d.outcome = {
      approved,
      amountFen: approved ? approvedAmount(d.votes, d.proposedAmountFen) : null,
      decidedAt: nowIso(),
      approvals: tally.approvals,
      rejections: tally.rejections,
    };
    d.version++;
  }

  const beforeDeadline = await condition(() => d.status !== 'open', Math.max(deadline - Date.now(), 1));
  if (!beforeDeadline) {
    decideIfDetermined(true);
    if (d.status === 'open') {
      // No quorum: the supervisors are told, and the committee can still vote.
      d.quorumMissedAt = nowIso();
      d.version++;
      const message = `一事一议 ${d.deliberationId}: no quorum by ${d.dueDate} (${d.votes.length} of ${d.quorum} votes needed)`;
      await acts.notify([
        { role: 'supervisor', org: d.countyCode },
        { role: 'committee', org: d.countyCode },
      ].map((r) => ({
        eventKey: `${d.deliberationId}:no-quorum`,
        caseId: d.caseId,
        kind: 'deliberation-no-quorum',
        recipientRole: r.role,
        recipientOrg: r.org,
        message,
        createdAt: d.quorumMissedAt!,
      })));
    }
    await acts.recordDeliberation(d);
    await condition(() => d.status !== 'open');
  }
  await condition(allHandlersFinished);
  await acts.recordDeliberation(d);
  const { outcome } = d;
  return {
    approved: outcome!.approved,
    amountFen: outcome!.amountFen,
    approvals: outcome!.approvals,
    rejections: outcome!.rejections,
  };
}
