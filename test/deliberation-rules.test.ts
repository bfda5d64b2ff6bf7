import { describe, expect, it } from 'vitest';
import { approvedAmount, tallyVotes, type DeliberationPolicy, type Vote } from '../src/domain/votes.js';

const votes = (spec: string, amounts: Array<number | undefined> = []): Vote[] =>
  [...spec].map((c, i) => ({ sub: `m${i}`, vote: c === 'y' ? 'approve' : 'reject', reason: 'r', at: '2026-11-23T00:00:00Z', ...(amounts[i] ? { amountFen: amounts[i] } : {}) }));

const ofMembers: DeliberationPolicy = { members: 7, quorum: 5, deadlineWorkingDays: 5 };
const ofVotes: DeliberationPolicy = { ...ofMembers, majority: 'of-votes-cast' };

describe('一事一议 tally', () => {
  it('needs a quorum before anything is decided', () => {
    expect(tallyVotes(votes('yyyy'), ofMembers, false)).toMatchObject({ outcome: 'undetermined', quorumReached: false });
    expect(tallyVotes(votes('yyyy'), ofMembers, true)).toMatchObject({ outcome: 'undetermined' });
  });

  it('of all members (default): 4 of 7 approve, decided at once; a lost or tied vote rejects', () => {
    expect(tallyVotes(votes('yyyyn'), ofMembers, false)).toMatchObject({ outcome: 'approved', needed: 4 });
    expect(tallyVotes(votes('yyynn'), ofMembers, false).outcome).toBe('undetermined');
    expect(tallyVotes(votes('yyynnn'), ofMembers, true).outcome).toBe('rejected'); // a 3–3 tie at the deadline
    expect(tallyVotes(votes('yynnnn'), ofMembers, false).outcome).toBe('rejected'); // 4 approvals no longer possible
    // 3 for, 2 against is a majority of the votes cast but not of the members: rejected at the deadline.
    expect(tallyVotes(votes('yyynn'), ofMembers, true).outcome).toBe('rejected');
  });

  it('of the votes cast (policy): the same 3 for, 2 against approves at the deadline, a tie still rejects', () => {
    expect(tallyVotes(votes('yyynn'), ofVotes, false).outcome).toBe('undetermined');
    expect(tallyVotes(votes('yyynn'), ofVotes, true).outcome).toBe('approved');
    expect(tallyVotes(votes('yyynnn'), ofVotes, true).outcome).toBe('rejected');
    expect(tallyVotes(votes('yyyyn'), ofVotes, false).outcome).toBe('approved'); // 4 of 7 cannot be outvoted
    expect(tallyVotes(votes('nnnny'), ofVotes, false).outcome).toBe('rejected'); // 4 against cannot be outvoted
  });

  it('pays the lower median of the amounts approving members named, else the proposal', () => {
    expect(approvedAmount(votes('yyy', [600_000, 800_000, 700_000]), 900_000)).toBe(700_000);
    expect(approvedAmount(votes('yyyy', [500_000, 900_000, 600_000, 800_000]), 1)).toBe(600_000);
    expect(approvedAmount(votes('yyn', [undefined, undefined, 100]), 900_000)).toBe(900_000);
  });
});
