/**
 * Everything the API (and tests) need to talk to case workflows: message definitions and their types.
 * The only workflow module the API imports; it holds no workflow code.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ActionContext, CaseAction, CaseStatus, CaseStep, CaseType } from '../domain/cases.js';
import type { IsoDate } from '../domain/dates.js';
import type { ComputedDeadline } from '../domain/deadline.js';
import type { CasePolicy } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import type {
  InstalmentSpec,
  ScheduledInstalment,
  TemporaryKind,
  TemporaryPolicy,
  Vote,
  VoteChoice,
} from '../domain/temporary.js';

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
  /** 临时救助 only: what was asked for at the window. */
  temporary?: TemporaryRequest;
}

export interface TemporaryRequest {
  kind: TemporaryKind;
  amountFen: number;
  reason: string;
  installments?: InstalmentSpec;
}

export type InstalmentStatus = 'scheduled' | 'awaiting-follow-up' | 'paying' | 'awaiting-funds' | 'paid' | 'skipped' | 'stopped';

export type InstalmentView = ScheduledInstalment & {
  status: InstalmentStatus;
  source?: 'reserve' | 'county';
  paidAt?: string;
  followUp?: { needsContinue: boolean; findings: string; at: string };
};

/** The 临时救助 part of a case. */
export type TemporaryView = {
  kind: TemporaryKind;
  requestedAmountFen: number;
  reason: string;
  requestedInstallments: InstalmentSpec | null;
  policy: TemporaryPolicy | null;
  forwardedToCounty: { at: string; by: string; reason: string | null } | null;
  approval: { amountFen: number; by: 'street' | 'county' | 'committee'; actorSub: string; at: string; filed: boolean } | null;
  followUpRequired: boolean;
  deliberationId: string | null;
  installments: InstalmentView[];
  paidFen: number;
  /** Emergency: when the money went out, and whether that was after the 24 hours. */
  paidAt: string | null;
  paidLate: boolean | null;
  awaitingFunds: boolean;
  paperwork: { dueDate: string; dueAt: string; overdue: boolean; submittedAt: string | null; documents: string[] } | null;
  stopped: { at: string; reason: string } | null;
};

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
  step: CaseStep;
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
  temporary: TemporaryView | null;
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

export type InstalmentScheduleRequest = InstalmentSpec;

/** The payload of each 临时救助 action, as the API has validated it. */
export type TemporaryActionRequest =
  | { action: 'approve'; amountFen: number; installments?: InstalmentScheduleRequest; followUpRequired?: boolean; note?: string }
  | { action: 'reject'; reason: string }
  | { action: 'forward-to-county'; reason?: string }
  | { action: 'escalate'; reason: string; proposedAmountFen: number }
  | { action: 'submit-paperwork'; documents: string[]; note?: string }
  | { action: 'confirm-follow-up'; instalment: number; needsContinue: boolean; findings: string }
  | { action: 'stop-installments'; reason: string }
  | { action: 'withdraw'; reason: string };

export type CaseActionRequest = (DibaoActionRequest | TemporaryActionRequest) & { action: CaseAction };

export interface CaseActionArgs {
  actor: Actor;
  request: CaseActionRequest;
}

/** The facts the action rules read, from a case view (workflow state or read model). */
export function actionContextOf(v: CaseView): ActionContext {
  return {
    type: v.type,
    orgCode: v.orgCode,
    step: v.step,
    suspended: v.suspended,
    openObjections: v.publicity?.objections.filter((o) => !o.resolution).length ?? 0,
    awaitingFollowUp: v.temporary?.installments.some((i) => i.status === 'awaiting-follow-up') ?? false,
  };
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
export const WORKFLOW_TYPES: Partial<Record<CaseType, string>> = { dibao: 'dibaoWorkflow', temporary: 'temporaryWorkflow' };

/** A street's reserve was replenished: cases waiting for money try again. */
export const reserveReplenishedSignal = defineSignal<[]>('reserveReplenished');

// ---- 一事一议 deliberation ----

export interface DeliberationInput {
  deliberationId: string;
  caseId: string;
  orgCode: string;
  reason: string;
  proposedAmountFen: number;
  escalatedBy: Pick<Actor, 'sub' | 'role' | 'org'>;
  policy: TemporaryPolicy['deliberation'];
}

// A type alias so it fits the API's response schema, which admits extra fields.
export type DeliberationView = {
  deliberationId: string;
  caseId: string;
  orgCode: string;
  countyCode: string;
  status: 'open' | 'approved' | 'rejected';
  reason: string;
  proposedAmountFen: number;
  escalatedBy: Pick<Actor, 'sub' | 'role' | 'org'>;
  openedAt: string;
  dueDate: IsoDate | null;
  dueAt: string | null;
  members: number;
  quorum: number;
  needed: number;
  votes: Vote[];
  quorumMissedAt: string | null;
  outcome: { approved: boolean; amountFen: number | null; decidedAt: string; approvals: number; rejections: number } | null;
  version: number;
};

export interface VoteArgs {
  actor: Actor;
  vote: VoteChoice;
  amountFen?: number;
  reason: string;
}

export const voteUpdate = defineUpdate<DeliberationView, [VoteArgs]>('vote');
export const deliberationViewQuery = defineQuery<DeliberationView>('deliberationView');
