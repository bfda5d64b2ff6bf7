import type { Actor } from '../../src/domain/roles.js';

// Who the tests act as, named once. Histories, audit trails and votes record an actor's sub and
// some tests assert it, so these values are part of what the tests check: change them with care.

/** 武昌区 (Wuhan): 7 committee members; a street approves 临时救助 below 4 × the 低保 standard. */
export const WC = '420106';
/** 金堂县 (Chengdu): 5 committee members; a street approves 临时救助 up to 5,000 元 and pays from its reserve. */
export const JT = '510121';

/** A caseworker of street 420106001, the street most tests work in. */
export const CASEWORKER: Actor = { sub: 'cw-zhang', role: 'caseworker', org: `${WC}001` };
/** A caseworker of the next street of the same county: none of CASEWORKER's cases are its own. */
export const OTHER_STREET: Actor = { sub: 'cw-li', role: 'caseworker', org: `${WC}002` };
/** 民政 (civil affairs): an approver whose token names no department. */
export const APPROVER: Actor = { sub: 'ap-wang', role: 'approver', org: WC };
export const SUPERVISOR: Actor = { sub: 'sv-chen', role: 'supervisor', org: WC };
/** A supervisor of another county: sees nothing of 武昌区. */
export const SUPERVISOR_JINTANG: Actor = { sub: 'sv-liu', role: 'supervisor', org: JT };
export const AUDITOR: Actor = { sub: 'au-zhao', role: 'auditor', org: WC };
/** An importing system (the 12349 hotline): the one caller that may backdate an acceptance. */
export const SYSTEM: Actor = { sub: 'hotline-12349', role: 'system', org: WC };

// The other departments' approvers in 武昌区: each decides its own type of case only.
export const YIBAO: Actor = { sub: 'ap-yibao', role: 'approver', org: WC, dept: 'yibao' };
export const JIAOYU: Actor = { sub: 'ap-jiaoyu', role: 'approver', org: WC, dept: 'jiaoyu' };
export const ZHUJIAN: Actor = { sub: 'ap-zhujian', role: 'approver', org: WC, dept: 'zhujian' };

// Actors named after where they work, for tests that span streets and counties.
export const cw = (street: string): Actor => ({ sub: `cw-${street}`, role: 'caseworker', org: street });
export const approver = (county: string): Actor => ({ sub: `ap-${county}`, role: 'approver', org: county });
export const supervisor = (county: string): Actor => ({ sub: `sv-${county}`, role: 'supervisor', org: county });
/** The n-th member of a county's 一事一议 committee. */
export const member = (county: string, n: number): Actor => ({ sub: `cm-${county}-${n}`, role: 'committee', org: county });
