import { countyOf } from './org.js';

export const ROLES = ['caseworker', 'approver', 'committee', 'supervisor', 'system', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Departments an approver may belong to; civil affairs is the default. */
export const DEPARTMENTS = ['minzheng', 'yibao', 'zhujian', 'jiaoyu', 'renshe'] as const;
export type Department = (typeof DEPARTMENTS)[number];

/** Who is acting: the verified claims of a token. */
export interface Actor {
  sub: string;
  role: Role;
  /** 9-digit street code for a caseworker, 6-digit county code for the others. */
  org: string;
  dept?: Department;
}

/** The service itself, for steps no person took (timers, escalations). */
export const SERVICE_ACTOR: Actor = { sub: 'jiuzhu', role: 'system', org: '000000' };

/** A caseworker sees its own street; everyone else sees the streets of its county. */
export function canSeeOrg(actor: Actor, orgCode: string): boolean {
  if (actor.role === 'caseworker') return actor.org === orgCode;
  return countyOf(orgCode) === actor.org;
}

/** A department's approver acts only on its department's cases; civil affairs when the token names none. */
export function canSeeCase(actor: Actor, c: { orgCode: string; department: Department }): boolean {
  if (!canSeeOrg(actor, c.orgCode)) return false;
  return actor.role !== 'approver' || (actor.dept ?? 'minzheng') === c.department;
}

/** Roles that may start cases through the API. */
export const CASE_STARTERS: readonly Role[] = ['caseworker', 'system'];
/** Roles that may read the audit trail. */
export const AUDIT_READERS: readonly Role[] = ['auditor', 'supervisor'];
