/**
 * Everything the API (and tests) need to talk to case workflows: message definitions and their types.
 * The only workflow module the API imports; it holds no workflow code.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CaseStatus, CaseType, DibaoAction, DibaoStep } from '../domain/cases.js';
import type { IsoDate } from '../domain/dates.js';
import type { ComputedDeadline } from '../domain/deadline.js';
import type { CasePolicy } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';

export interface ApplicantRecord {
  name: string;
  /** Masked resident ID (first 6, last 4); the full number never enters workflow history. */
  idNumberMasked: string;
  /** Keyed hash of the full number, to find one person across cases. */
  idHash: string;
  phone?: string;
}

export interface HouseholdRecord {
  size: number;
  monthlyIncomeFen: number;
  assetsFen?: number;
  address?: string;
}

export interface CaseInput {
  caseId: string;
  applicationId: string | null;
  type: CaseType;
  orgCode: string;
  applicant: ApplicantRecord;
  household: HouseholdRecord;
  /** ISO instant; a system import may lie in the past. Absent: the moment the workflow starts. */
  acceptedAt?: string;
  acceptedBy: Actor;
}

/** The deadline clock as computed by the calendar activity and kept in workflow state. */
export type Deadline = ComputedDeadline;

export interface HistoryEntry {
  seq: number;
  at: string;
  actor: Pick<Actor, 'sub' | 'role' | 'org'>;
  action: string;
  summary: string;
  [detail: string]: unknown;
}

export interface Objection {
  id: number;
  summary: string;
  recordedAt: string;
  resolution?: { upheld: boolean; reason: string; at: string };
}

// A type alias (not an interface) so it fits the API's response schema, which admits extra fields.
export type CaseView = {
  caseId: string;
  applicationId: string | null;
  type: CaseType;
  orgCode: string;
  countyCode: string;
  status: CaseStatus;
  step: DibaoStep;
  suspended: boolean;
  applicant: { name: string; idNumberMasked: string; phone?: string };
  household: HouseholdRecord;
  acceptedAt: string;
  dueDate: IsoDate | null;
  dueAt: string | null;
  dueProvisional: boolean;
  deadlineWorkingDays: number | null;
  reminderDate: IsoDate | null;
  overdue: boolean;
  overdueSince: string | null;
  decidedAt: string | null;
  decidedLate: boolean | null;
  amountFen: number | null;
  policy: CasePolicy | null;
  economicCheck: { perCapitaIncomeFen: number; assetsWithinLimits: boolean; at: string } | null;
  homeVisit: { findings: string; at: string } | null;
  publicity: { opensAt: string; closesAt: string; closedAt: string | null; objections: Objection[] } | null;
  supplement: { requestedAt: string; items: string[] } | null;
  decision: { decision: 'approve' | 'reject'; monthlyAmountFen?: number; reason?: string; at: string; late: boolean } | null;
  closedReason: string | null;
  history: HistoryEntry[];
  /** Increases with every change; the read model keeps the highest. */
  version: number;
};

/** The payload of each 低保 action, as the API has validated it. */
export type DibaoActionRequest =
  | { action: 'record-economic-check'; perCapitaIncomeFen: number; assetsWithinLimits: boolean }
  | { action: 'record-home-visit'; findings: string }
  | { action: 'record-objection'; summary: string }
  | { action: 'resolve-objection'; upheld: boolean; reason: string; objectionId?: number }
  | { action: 'decide'; decision: 'approve'; monthlyAmountFen: number; reason?: string }
  | { action: 'decide'; decision: 'reject'; reason: string }
  | { action: 'request-supplement'; items: string[] }
  | { action: 'supplement-received'; note?: string }
  | { action: 'withdraw'; reason: string };

export type CaseActionRequest = DibaoActionRequest & { action: DibaoAction };

export interface CaseActionArgs {
  actor: Actor;
  request: CaseActionRequest;
}

/** Failure types the API maps to HTTP statuses (Forbidden 403, InvalidTransition 409, InvalidPayload 400). */
export const CaseFailure = {
  Forbidden: 'Forbidden',
  InvalidTransition: 'InvalidTransition',
  InvalidPayload: 'InvalidPayload',
} as const;
export type CaseFailureType = (typeof CaseFailure)[keyof typeof CaseFailure];

/** A caseworker/approver step; the validator rejects a wrong role, scope or step before it is recorded. */
export const caseActionUpdate = defineUpdate<CaseView, [CaseActionArgs]>('caseAction');
/** Completes once the case has its deadline and is in the read model. */
export const caseRegisteredUpdate = defineUpdate<CaseView, []>('caseRegistered');
export const caseViewQuery = defineQuery<CaseView>('caseView');

/** Workflow type names, so the API can start them without importing workflow bodies. */
export const WORKFLOW_TYPES: Partial<Record<CaseType, string>> = { dibao: 'dibaoWorkflow' };
