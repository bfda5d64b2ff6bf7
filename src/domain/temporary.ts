import { addCalendarDays, isIsoDate, type IsoDate } from './dates.js';
import { isPositiveFen } from './money.js';

export const TEMPORARY_KINDS = ['emergency', 'expense'] as const;
/** 急难型 (emergency: pay first, paperwork after) or 支出型 (expense: one approval, staged instalments). */
export type TemporaryKind = (typeof TEMPORARY_KINDS)[number];

/** How a region bounds the street's own approval authority. */
export type StreetLimitRule =
  | { rule: 'fixed'; maxFen: number; inclusive: boolean }
  | { rule: 'dibao-standard-multiple'; multiple: number; inclusive: boolean };

/** As stored in `policies` under key `temporary`. */
export interface TemporaryPolicyValue {
  streetLimit: StreetLimitRule;
  reservePresetFen: number;
  emergencyPayoutHours: number;
  paperworkWorkingDays: number;
}

/** Whose majority approves: more than half of all members (the default), or of the votes cast. */
export type MajorityRule = 'of-members' | 'of-votes-cast';

export interface DeliberationPolicy {
  members: number;
  quorum: number;
  deadlineWorkingDays: number;
  majority?: MajorityRule;
}

/** The resolved policy a temporary case keeps from its acceptance date on. */
export interface TemporaryPolicy {
  regionCode: string;
  effectiveFrom: string;
  /** The street may approve up to this amount (inclusive or not, by region). */
  streetLimitFen: number;
  streetLimitInclusive: boolean;
  reservePresetFen: number;
  emergencyPayoutHours: number;
  paperworkWorkingDays: number;
  deliberation: DeliberationPolicy;
}

/** 金堂县: ≤ 5,000 元 is the street's; 武昌区: below 4 × the city 低保 standard. */
export function resolveStreetLimit(rule: StreetLimitRule, dibaoStandardFen: number | undefined): { limitFen: number; inclusive: boolean } {
  if (rule.rule === 'fixed') return { limitFen: rule.maxFen, inclusive: rule.inclusive };
  if (dibaoStandardFen === undefined) throw new Error('the 低保 standard is needed for this street limit');
  return { limitFen: rule.multiple * dibaoStandardFen, inclusive: rule.inclusive };
}

export function withinStreetAuthority(amountFen: number, p: Pick<TemporaryPolicy, 'streetLimitFen' | 'streetLimitInclusive'>): boolean {
  return p.streetLimitInclusive ? amountFen <= p.streetLimitFen : amountFen < p.streetLimitFen;
}

export type ScheduledInstalment = {
  instalment: number;
  dueDate: IsoDate;
  amountFen: number;
};

export type InstalmentSpec = Array<{ dueDate: IsoDate; amountFen: number }> | { count: number; intervalDays: number; firstDueDate?: IsoDate };

export type ScheduleResult = { ok: true; schedule: ScheduledInstalment[] } | { ok: false; field: string; message: string };

/**
 * 一次审批、分阶段救助: the total split into instalments whose amounts sum exactly to it.
 * A count splits evenly, the odd fen going to the first instalments; dates step by the interval.
 */
export function buildSchedule(totalFen: number, spec: InstalmentSpec | undefined, today: IsoDate): ScheduleResult {
  if (!isPositiveFen(totalFen)) return { ok: false, field: 'amountFen', message: 'must be a positive amount in fen' };
  if (spec === undefined) return { ok: true, schedule: [{ instalment: 1, dueDate: today, amountFen: totalFen }] };
  if (Array.isArray(spec)) {
    if (spec.length === 0 || spec.length > 60) return { ok: false, field: 'installments', message: 'must list 1 to 60 instalments' };
    let previous = today;
    for (const [i, item] of spec.entries()) {
      if (!isIsoDate(item.dueDate) || item.dueDate < previous) {
        return { ok: false, field: `installments.${i}.dueDate`, message: `must be a date from ${previous} on, in order` };
      }
      if (!isPositiveFen(item.amountFen)) return { ok: false, field: `installments.${i}.amountFen`, message: 'must be a positive amount in fen' };
      previous = item.dueDate;
    }
    const sum = spec.reduce((s, i) => s + i.amountFen, 0);
    if (sum !== totalFen) return { ok: false, field: 'installments', message: `amounts sum to ${sum} fen, not the approved ${totalFen}` };
    return { ok: true, schedule: spec.map((s, i) => ({ instalment: i + 1, dueDate: s.dueDate, amountFen: s.amountFen })) };
  }
  const { count, intervalDays } = spec;
  if (!Number.isInteger(count) || count < 1 || count > 60) return { ok: false, field: 'installments.count', message: 'must be 1 to 60' };
  if (!Number.isInteger(intervalDays) || intervalDays < 1 || intervalDays > 366) {
    return { ok: false, field: 'installments.intervalDays', message: 'must be 1 to 366 days' };
  }
  const first = spec.firstDueDate ?? today;
  if (!isIsoDate(first) || first < today) return { ok: false, field: 'installments.firstDueDate', message: `must be a date from ${today} on` };
  if (totalFen < count) return { ok: false, field: 'installments.count', message: 'more instalments than fen' };
  const base = Math.floor(totalFen / count);
  const odd = totalFen - base * count;
  return {
    ok: true,
    schedule: Array.from({ length: count }, (_, i) => ({
      instalment: i + 1,
      dueDate: addCalendarDays(first, i * intervalDays),
      amountFen: base + (i < odd ? 1 : 0),
    })),
  };
}

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
  const ofMembers = (p.majority ?? 'of-members') === 'of-members';
  const needed = Math.floor((ofMembers ? p.members : cast) / 2) + 1;
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
