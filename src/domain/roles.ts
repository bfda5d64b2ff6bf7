import { countyOf } from './org.js';

export const ROLES = ['caseworker', 'approver', 'committee', 'supervisor', 'system', 'auditor', 'policy'] as const;
export type Role = (typeof ROLES)[number];

/** Departments an approver may belong to; civil affairs is the default. */
export const DEPARTMENTS = ['minzheng', 'yibao', 'zhujian', 'jiaoyu', 'renshe', 'yingji', 'sifa'] as const;
export type Department = (typeof DEPARTMENTS)[number];

/** Who is acting: the verified claims of a token. */
export interface Actor {
  sub: string;
  role: Role;
  /** 9-digit street code for a caseworker, 6-digit county code for the others. */
  org: string;
  dept?: Department;
  /** The person's name from the token, when it carries one: history and audit entries name who acted. */
  name?: string;
}

/** Who took a step, as a record's history keeps it (失信 entries, discoveries, service orders). */
export const stepActor = (actor: Actor): { sub: string; role: string; name?: string } => ({ sub: actor.sub, role: actor.role, ...(actor.name ? { name: actor.name } : {}) });

/** The service itself, for steps no person took (timers, escalations). */
export const SERVICE_ACTOR: Actor = { sub: 'jiuzhu', role: 'system', org: '000000' };

/** A caseworker sees its own street; everyone else sees the streets of its county. */
export function canSeeOrg(actor: Actor, orgCode: string): boolean {
  if (actor.role === 'caseworker') return actor.org === orgCode;
  return countyOf(orgCode) === actor.org;
}

/** The department an approver acts for: civil affairs when the token names none. */
export const departmentOf = (actor: Pick<Actor, 'dept'>): Department => actor.dept ?? 'minzheng';

/**
 * What the scope rule reads of any resource — a case, a benefit, a payroll, whatever comes next:
 * the street (or, for a county-wide one, the county) it belongs to and the department it is for.
 */
export interface Scoped {
  orgCode: string;
  department: Department;
}

/** The one scope rule: within the actor's street or county (`canSeeOrg`), and an approver only its department's. */
export function canSee(actor: Actor, r: Scoped): boolean {
  if (!canSeeOrg(actor, r.orgCode)) return false;
  return actor.role !== 'approver' || departmentOf(actor) === r.department;
}

/** A civil-affairs resource of a street or county: a payroll (county-wide), the reserve ledger, filings, …. */
export const civilAffairs = (orgCode: string): Scoped => ({ orgCode, department: 'minzheng' });

/**
 * Need to know, per resource: which roles read it within their street or county. An approver of
 * another department reads only what concerns its own cases (`canSee`, applications with one
 * of its cases); civil-affairs resources — the reserve ledger, filings, deliberations, the
 * dishonesty list — are civil affairs' own.
 */
export const READERS = {
  deliberation: ['committee', 'approver', 'supervisor', 'auditor', 'caseworker'],
  reserveFund: ['caseworker', 'approver', 'supervisor', 'auditor'],
  filings: ['approver', 'supervisor', 'auditor'],
  dishonestyList: ['approver', 'supervisor', 'auditor'],
  /** A county's reconciliation (src/domain/reconciliation.ts): those who answer for its books. */
  reconciliation: ['supervisor', 'auditor'],
  /** 容错纠错 (src/domain/corrections.ts): the street that proposes, the county that decides and audits. */
  corrections: ['caseworker', 'approver', 'supervisor', 'auditor'],
} as const satisfies Record<string, readonly Role[]>;

/** Whether the actor reads a civil-affairs resource of this org. */
export function canRead(actor: Actor, resource: keyof typeof READERS, orgCode: string): boolean {
  const roles: readonly Role[] = READERS[resource];
  return roles.includes(actor.role) && canSee(actor, civilAffairs(orgCode));
}

/** Roles that read a household (members, incomes, masked IDs) within their scope. */
const HOUSEHOLD_READERS: readonly Role[] = ['caseworker', 'approver', 'supervisor', 'auditor'];

/**
 * A household is read by its street's caseworkers and its county's civil-affairs approvers,
 * supervisors and auditors; another department's approver reads it only through a case of its own
 * in the household (`departments`: those of the household's cases).
 */
export function canReadHousehold(actor: Actor, h: { orgCode: string; departments: readonly Department[] }): boolean {
  if (!HOUSEHOLD_READERS.includes(actor.role)) return false;
  return [civilAffairs(h.orgCode), ...h.departments.map((department) => ({ orgCode: h.orgCode, department }))].some((r) => canSee(actor, r));
}

/**
 * The official calendar is national (State Council) or provincial: a system token of the national
 * code 000000 or of a province (two digits then 0000) may load it, no county's.
 */
export const isCalendarAuthority = (actor: Actor) => actor.role === 'system' && /^\d{2}0000$/.test(actor.org);

/**
 * 政策管理 (role `policy`): the civil-affairs officer who loads published standards and other policy
 * values — for its own region (a county code), or any region with the national code 000000.
 */
export const isPolicyAuthority = (actor: Actor, region: string) => actor.role === 'policy' && (actor.org === region || actor.org === '000000');

/**
 * Who may run a policy what-if (it reads the region's caseload in aggregate, changes nothing): a policy
 * authority of the region, and the county's supervisor (民政局 / 低保中心) for its own county.
 */
export const maySimulatePolicy = (actor: Actor, region: string) => isPolicyAuthority(actor, region) || (actor.role === 'supervisor' && actor.org === region);

/**
 * Need to know, for one case or application (names, incomes, illnesses): within scope (`canSee`), and
 * by role — a policy officer never (it works with statistics and what-ifs, not people); the committee
 * only a case on one of its open ballots; an importing system only what it started itself.
 */
export function canReadCase(actor: Actor, c: Scoped & { startedBy: Pick<Actor, 'sub' | 'org'> | undefined; onOpenBallot: boolean }): boolean {
  if (!canSee(actor, c)) return false;
  switch (actor.role) {
    case 'policy':
      return false;
    case 'committee':
      return c.onOpenBallot;
    case 'system':
      return c.startedBy?.sub === actor.sub && c.startedBy.org === actor.org;
    default:
      return true;
  }
}

/** Roles that read statistics (aggregates, no person): SLA figures and spending. */
export const STATS_READERS: readonly Role[] = ['supervisor', 'approver', 'auditor', 'caseworker', 'policy'];
/** Spending: money by street and type, for the county's readers (not a street's caseworker). */
export const SPENDING_READERS: readonly Role[] = ['supervisor', 'approver', 'auditor', 'policy'];

/** Roles that may start cases through the API. */
export const CASE_STARTERS: readonly Role[] = ['caseworker', 'system'];
/** Roles that list and search cases (names included): need to know, not the committee or importing systems. */
export const CASE_LISTERS: readonly Role[] = ['caseworker', 'approver', 'supervisor', 'auditor'];
/** Roles that may read the audit trail. */
export const AUDIT_READERS: readonly Role[] = ['auditor', 'supervisor'];

/** Who reads benefits (names and amounts): need to know, as for cases. */
export const BENEFIT_READERS: readonly Role[] = ['caseworker', 'approver', 'supervisor', 'auditor'];
/** The county's civil-affairs approver runs the payroll; supervisors and auditors read it. */
export const PAYROLL_READERS: readonly Role[] = ['approver', 'supervisor', 'auditor'];
export const isCivilAffairsApprover = (a: Actor) => a.role === 'approver' && departmentOf(a) === 'minzheng';
/** A county's 民政 approver: decides what is proposed in its county (失信 entries, corrections). */
export const isCountyCivilAffairsApprover = (actor: Actor, countyCode: string): boolean => isCivilAffairsApprover(actor) && actor.org === countyCode;
/** Four eyes: whoever proposed a record does not decide it (失信 entries, corrections). */
export const decidesOwnProposal = (actor: Actor, proposedBy: string | undefined): boolean => proposedBy !== undefined && proposedBy === actor.sub;
/** A county's overview of its streets' reserve funds: its county-level readers (a street's caseworker reads its own fund). */
export const RESERVE_OVERVIEW_READERS: readonly Role[] = ['approver', 'supervisor', 'auditor'];
/** Who votes on a 一事一议: the county's committee members. */
export const VOTERS: readonly Role[] = ['committee'];
