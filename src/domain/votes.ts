import { object, oneOf, optional, positiveFen, text } from './fields.js';
import type { PolicyValueOf } from './policy-values.js';

/** A committee member's ballot: what the API's schema and the deliberation's validator both check. */
export const VOTE_FIELDS = object({
  vote: oneOf(['approve', 'reject']),
  amountFen: optional(positiveFen()),
  reason: text(2000),
});

/** Whose majority approves: more than half of all members (the default), or of the votes cast. */
export const MAJORITY_RULES = ['of-members', 'of-votes-cast'] as const;
export type MajorityRule = (typeof MAJORITY_RULES)[number];

/** A deliberation opened before the rule was policy counts a majority of all members. */
export const majorityOf = (p: { majority?: MajorityRule }): MajorityRule => p.majority ?? 'of-members';

/** Approvals that carry a vote outright under either rule: more than half of all members. */
const outright = (members: number) => Math.floor(members / 2) + 1;

/** The committee's terms a deliberation opens with and shows: members, quorum, whose majority, approvals needed. */
export function deliberationTerms(p: DeliberationPolicy): { members: number; quorum: number; majority: MajorityRule; needed: number } {
  return { members: p.members, quorum: p.quorum, majority: majorityOf(p), needed: outright(p.members) };
}

/** The committee's size, quorum, deadline and majority rule (policy `deliberation`). */
export type DeliberationPolicy = PolicyValueOf<'deliberation'>;

export type VoteChoice = 'approve' | 'reject';
export type Vote = {
  sub: string;
  vote: VoteChoice;
  amountFen?: number;
  reason: string;
  at: string;
};

export interface Tally {
  approvals: number;
  rejections: number;
  cast: number;
  needed: number;
  quorumReached: boolean;
  outcome: 'approved' | 'rejected' | 'undetermined';
}

/**
 * A quorum of votes must be cast, and more than half of all members (or, by policy, of the votes cast)
 * must approve. Decided as soon as no further vote can change the outcome; at the deadline, with a
 * quorum, what is cast decides (a tie rejects).
 */
export function tallyVotes(votes: Vote[], p: DeliberationPolicy, atDeadline: boolean): Tally {
  const approvals = votes.filter((v) => v.vote === 'approve').length;
  const cast = votes.length;
  const rejections = cast - approvals;
  const ofMembers = majorityOf(p) === 'of-members';
  const needed = outright(ofMembers ? p.members : cast);
  const quorumReached = cast >= p.quorum;
  let outcome: Tally['outcome'] = 'undetermined';
  if (quorumReached) {
    if (ofMembers) {
      if (approvals >= needed) outcome = 'approved';
      else if (approvals + (p.members - cast) < needed || atDeadline) outcome = 'rejected';
    } else if (approvals > p.members / 2) {
      outcome = 'approved'; // more than half of every possible total
    } else if (rejections >= p.members / 2) {
      outcome = 'rejected'; // approvals can no longer exceed the rejections
    } else if (atDeadline) {
      outcome = approvals > cast / 2 ? 'approved' : 'rejected';
    }
  }
  return { approvals, rejections, cast, needed, quorumReached, outcome };
}

/** The approved amount: the (lower) median of the amounts approving members named, else the proposal. */
export function approvedAmount(votes: Vote[], proposedAmountFen: number): number {
  const amounts = votes
    .filter((v) => v.vote === 'approve' && v.amountFen !== undefined)
    .map((v) => v.amountFen!)
    .sort((a, b) => a - b);
  return amounts.length === 0 ? proposedAmountFen : amounts[Math.floor((amounts.length - 1) / 2)]!;
}
