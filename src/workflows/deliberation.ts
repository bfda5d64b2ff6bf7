import { allHandlersFinished, condition, setHandler } from '@temporalio/workflow';
import { msg, roleName, statusName } from '../domain/catalogue.js';
import { problemIn } from '../domain/fields.js';
import { canSeeOrg } from '../domain/roles.js';
import type { DeliberationView } from '../domain/views.js';
import { VOTE_FIELDS, approvedAmount, majorityOf, tallyVotes, type DeliberationPolicy } from '../domain/votes.js';
import { acts } from './activities.js';
import { invalidPayload, reject } from './failures.js';
import { CaseFailure, deliberationViewQuery, voteUpdate, type VoteArgs } from './messages.js';
import { nowIso } from './time.js';

export interface DeliberationOutcome {
  approved: boolean;
  amountFen: number | null;
  approvals: number;
  rejections: number;
}

/** The committee's vote on one case: ballots, the tally, and what happens at the deadline. */
class Deliberation {
  readonly d: DeliberationView;
  private readonly policy: DeliberationPolicy;
  readonly deadline: number;

  constructor(opened: DeliberationView) {
    this.d = { ...opened, votes: [...opened.votes] };
    this.policy = { members: this.d.members, quorum: this.d.quorum, deadlineWorkingDays: 0, majority: majorityOf(this.d) };
    this.deadline = this.d.dueAt ? Date.parse(this.d.dueAt) : Date.now();
  }

  listen(): void {
    setHandler(deliberationViewQuery, () => this.d);
    setHandler(voteUpdate, (args: VoteArgs) => this.vote(args), { validator: (args: VoteArgs) => this.checkBallot(args) });
  }

  /** A committee member of the county, once, while the vote is open, with a well-formed ballot. */
  private checkBallot({ actor, vote, amountFen, reason }: VoteArgs): void {
    const { d } = this;
    if (actor.role !== 'committee') throw reject(CaseFailure.Forbidden, msg('auth.roleMayNot', { role: roleName(actor.role, actor.dept), what: msg('what.vote') }));
    if (!canSeeOrg(actor, d.orgCode)) throw reject(CaseFailure.Forbidden, msg('action.outsideScope', { noun: msg('noun.deliberation') }));
    if (d.status !== 'open') throw reject(CaseFailure.InvalidTransition, msg('deliberation.is', { status: statusName(d.status) }));
    if (d.votes.some((v) => v.sub === actor.sub)) throw reject(CaseFailure.InvalidTransition, msg('deliberation.voted', { who: actor.sub }));
    if (d.votes.length >= d.members) throw reject(CaseFailure.InvalidTransition, msg('deliberation.full'));
    const problem = problemIn(VOTE_FIELDS, { vote, amountFen, reason });
    if (problem) throw invalidPayload(problem);
  }

  private async vote({ actor, vote, amountFen, reason }: VoteArgs): Promise<DeliberationView> {
    const { d } = this;
    d.votes.push({ sub: actor.sub, vote, ...(amountFen !== undefined ? { amountFen } : {}), reason, at: nowIso() });
    d.version++;
    // Past the deadline, what is cast decides as soon as there is a quorum.
    this.decideIfDetermined(Date.now() >= this.deadline);
    await acts.recordDeliberation(d);
    return d;
  }

  decideIfDetermined(atDeadline: boolean): void {
    const { d } = this;
    const tally = tallyVotes(d.votes, this.policy, atDeadline);
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

  /** At the deadline what is cast decides; without a quorum the supervisors are told and voting stays open. */
  async pastDeadline(): Promise<void> {
    const { d } = this;
    this.decideIfDetermined(true);
    if (d.status === 'open') {
      d.quorumMissedAt = nowIso();
      d.version++;
      const message = `一事一议 ${d.deliberationId}：截至 ${d.dueDate} 未达法定人数（已投 ${d.votes.length} 票，需 ${d.quorum} 票）`;
      await acts.notify(
        ['supervisor', 'committee'].map((role) => ({
          eventKey: `${d.deliberationId}:no-quorum`,
          caseId: d.caseId,
          kind: 'deliberation-no-quorum',
          recipientRole: role,
          recipientOrg: d.countyCode,
          message,
          createdAt: d.quorumMissedAt!,
        })),
      );
    }
    await acts.recordDeliberation(d);
    await condition(() => d.status !== 'open');
  }
}

/**
 * 一事一议: the coordination group decides one case collectively. Each member votes once; more than
 * half of all members must approve, with a quorum. Without a quorum by the deadline the supervisors
 * are told and the vote stays open. The outcome goes back to the case, which pays it.
 */
export async function deliberationWorkflow(opened: DeliberationView): Promise<DeliberationOutcome> {
  const deliberation = new Deliberation(opened);
  deliberation.listen();
  const { d } = deliberation;
  const beforeDeadline = await condition(() => d.status !== 'open', Math.max(deliberation.deadline - Date.now(), 1));
  if (!beforeDeadline) await deliberation.pastDeadline();
  await condition(allHandlersFinished);
  await acts.recordDeliberation(d);
  const { approved, amountFen, approvals, rejections } = d.outcome!;
  return { approved, amountFen, approvals, rejections };
}
