import type { IsoDate } from './dates.js';
import { countyOf } from './org.js';
import { departmentOf, type Actor } from './roles.js';

/**
 * 居住地申办 (003 §四; 001 §八): a person living away from their household register (户籍) applies at
 * the street where they live, with their residence permit (居住证). The case is that street's and
 * runs under its county's policy; the 户籍 county cooperates on the checks (协查) within the policy's
 * working days (`cooperation`), and no decision is taken before its answer.
 */

/**
 * The county of the household register: the one the caller names, else the resident ID's first six
 * digits (the address code of the place the number was issued).
 */
export function hukouCountyOf(applicant: { idNumber: string; hukouRegion?: string | undefined }): string {
  return applicant.hukouRegion ?? applicant.idNumber.slice(0, 6);
}

/** Whether an application at this street is a residence-based one: the 户籍 is in another county. */
export const appliesAwayFromHukou = (orgCode: string, hukouCounty: string): boolean => countyOf(orgCode) !== hukouCounty;

/** What a case starts with when it is a residence-based application. */
export interface ResidenceRequest {
  permitNumber: string;
  hukouCounty: string;
}

export const COOPERATION_STATUSES = ['open', 'answered', 'overdue'] as const;
export type CooperationStatus = (typeof COOPERATION_STATUSES)[number];

/** The cooperation request (协查) a residence-based case sends to the 户籍 county, as the case keeps it. */
export type CooperationView = {
  requestId: string;
  caseId: string;
  /** The county of the street that accepted the case (where the applicant lives). */
  fromCounty: string;
  /** The 户籍 county, which answers. */
  toCounty: string;
  permitNumber: string;
  status: CooperationStatus;
  requestedAt: string;
  /** The last working day to answer, on the working-day calendar (holidays off, 调休 on). */
  dueDate: IsoDate;
  dueAt: string;
  workingDays: number;
  findings: string | null;
  householdSituation: string | null;
  answeredAt: string | null;
  answeredBy: Pick<Actor, 'sub' | 'role' | 'org' | 'name'> | null;
  overdueSince: string | null;
};

/** The request id of a case's cooperation request: one per case. */
export const cooperationIdOf = (caseId: string) => `coop-${caseId}`;

/** Past the end of its due day and not answered: overdue (answered late, it is answered). */
export const cooperationOverdue = (c: Pick<CooperationView, 'status' | 'dueAt'>, now: number): boolean => c.status === 'open' && now >= Date.parse(c.dueAt);

/**
 * Who reads a county's cooperation requests: its caseworkers (a street of the county), its civil-affairs
 * approvers and its supervisors. They see the request and the applicant's name and masked ID, never the case.
 */
export function canReadCooperation(actor: Actor, county: string): boolean {
  if (countyOf(actor.org) !== county) return false;
  if (actor.role === 'caseworker' || actor.role === 'supervisor') return true;
  return actor.role === 'approver' && departmentOf(actor) === 'minzheng';
}

/** The 户籍 county's caseworkers answer (they hold the register and visit the family there). */
export const mayAnswerCooperation = (actor: Actor, c: Pick<CooperationView, 'toCounty'>): boolean => actor.role === 'caseworker' && countyOf(actor.org) === c.toCounty;
