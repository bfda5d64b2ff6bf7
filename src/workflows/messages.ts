/**
 * Everything the API (and tests) need to talk to case workflows: message definitions and their types.
 * The only workflow module the API imports; it holds no workflow code.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ActionContext, CaseAction, CaseStatus, CaseStep, CaseType } from '../domain/cases.js';
import type { IsoDate } from '../domain/dates.js';
import type { ComputedDeadline } from '../domain/deadline.js';
import type { CasePolicy } from '../domain/policy.js';
import type { Assessment, AssessmentInput } from '../domain/assessment.js';
import type { Actor, Department } from '../domain/roles.js';
import type {
  InstalmentSpec,
  MajorityRule,
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
  intake?: CaseIntake;
}

export interface TemporaryRequest {
  kind: TemporaryKind;
  amountFen: number;
  reason?: string;
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
  reason: string | null;
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
  decision: DecisionRecord | null;
  /** 一门受理: the department the case is routed to; its approvers decide it. */
  department: Department;
  /** 失信名单: the applicant was listed at intake; the county reviews before anything is decided. */
  dishonesty: { flagged: boolean; entries: DishonestyEntryRef[]; review: { proceed: boolean; note: string; by: string; at: string } | null } | null;
  /** 告知承诺: commitments that stood in for missing proofs, verified afterwards. */
  pledges: {
    items: string[];
    dueDate: IsoDate;
    dueAt: string;
    overdue: boolean;
    verifiedAt: string | null;
    truthful: boolean | null;
    findings: string | null;
  } | null;
  /** Aid this person already receives according to our own records (低保/特困), read at intake. */
  recipientOf: CaseType[];
  referrals: Referral[];
  /** The workflow has ended (after the aftercare window): no action is possible any more. */
  archivedAt: string | null;
  /** Revoked after a false commitment: what was paid and is due back. */
  recovery: { amountFen: number; recordedAt: string } | null;
  tekun: TekunDetails | null;
  medical: MedicalDetails | null;
  education: EducationDetails | null;
  housing: HousingDetails | null;
  closedReason: string | null;
  temporary: TemporaryView | null;
  history: HistoryEntry[];
  /** Increases with every change; the read model keeps the highest. */
  version: number;
};

export type DecisionRecord = {
  decision: 'approve' | 'reject';
  at: string;
  late: boolean;
  reason?: string;
  /** 低保/特困: the monthly allowance; 公租房: the monthly rent subsidy. */
  monthlyAmountFen?: number;
  /** 医疗救助: the amount reimbursed, and its share of the bill in percent. */
  approvedAmountFen?: number;
  reimbursementPercent?: number;
  /** 教育救助: the aid granted. */
  amountFen?: number;
  measures?: string[];
  /** 特困: how the person is supported; dispersed support pays two payees. */
  support?: TekunSupport;
  payees?: Array<{ payee: string; name: string; monthlyAmountFen: number }>;
};

export type DishonestyEntryRef = { reason: string; sourceCaseId: string | null; startDate: IsoDate; expiresOn: IsoDate };
export type Referral = { kind: 'employment' | 'charity'; receivingOrg: string; followUpDate: IsoDate; note: string | null; at: string; by: string };

export type TekunSupport =
  | { mode: 'centralised'; institution: string }
  | { mode: 'dispersed'; carer: { name: string; phone?: string }; careFeeFen: number; agreementSignedOn: IsoDate };
export type TekunDetails = { livesAlone?: boolean; disabilityLevel?: string };
export type MedicalDetails = { billFen: number; hospital: string; admittedOn: IsoDate; dischargedOn?: IsoDate; category: 'general' | 'serious' };
export type EducationDetails = { studentName: string; school: string; grade?: string };
export type HousingDetails = { currentRentFen?: number; address?: string };

/** Intake facts other than the request itself: the application's checks and the type's own fields. */
export type CaseIntake = {
  /** The application already checked our records; a case started alone checks them itself. */
  checked?: boolean;
  department?: Department;
  dishonesty?: DishonestyEntryRef[];
  pledgedInsteadOfProof?: string[];
  recipientOf?: CaseType[];
  tekun?: TekunDetails;
  medical?: MedicalDetails;
  education?: EducationDetails;
  housing?: HousingDetails;
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

/** The assessed lifecycles' actions: 低保's, a type's own steps, and each type's decision payload. */
export type AssessedActionRequest =
  | Exclude<DibaoActionRequest, { action: 'decide' }>
  | { action: 'record-school-investigation'; findings: string; eligible: boolean }
  | { action: 'record-street-review'; findings: string; eligible: boolean }
  | ({ action: 'decide'; decision: 'approve'; reason?: string } & Omit<DecisionRecord, 'decision' | 'at' | 'late' | 'reason' | 'payees'>)
  | { action: 'decide'; decision: 'reject'; reason: string };

/** Actions every case type has. */
export type CommonActionRequest =
  | { action: 'review-flag'; proceed: boolean; note: string }
  | { action: 'record-verification'; truthful: boolean; findings: string }
  | { action: 'refer-to-employment'; receivingOrg: string; followUpDate: IsoDate; note?: string }
  | { action: 'refer-to-charity'; receivingOrg: string; followUpDate: IsoDate; note?: string };

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

export type CaseActionRequest = (AssessedActionRequest | TemporaryActionRequest | CommonActionRequest) & { action: CaseAction };

export interface CaseActionArgs {
  actor: Actor;
  request: CaseActionRequest;
}

/** The facts the action rules read, from a case view (workflow state or read model). */
export function actionContextOf(v: CaseView): ActionContext {
  return {
    type: v.type,
    orgCode: v.orgCode,
    department: v.department,
    status: v.status,
    step: v.step,
    needsReview: v.dishonesty !== null && v.dishonesty.flagged && v.dishonesty.review === null,
    verificationPending: v.pledges !== null && v.pledges.verifiedAt === null,
    archived: v.archivedAt != null,
    suspended: v.suspended,
    openObjections: v.publicity?.objections.filter((o) => !o.resolution).length ?? 0,
    awaitingFollowUp: v.temporary?.installments.some((i) => i.status === 'awaiting-follow-up') ?? false,
  };
}

/** Failure types the API maps to HTTP statuses (Forbidden 403, InvalidTransition and Conflict 409, InvalidPayload 400). */
export const CaseFailure = {
  Forbidden: 'Forbidden',
  InvalidTransition: 'InvalidTransition',
  InvalidPayload: 'InvalidPayload',
  /** Another case stands in the way (低保 and 特困 for one person); details name it. */
  Conflict: 'Conflict',
} as const;
export type CaseFailureType = (typeof CaseFailure)[keyof typeof CaseFailure];

/** A caseworker/approver step; the validator rejects a wrong role, scope or step before it is recorded. */
export const caseActionUpdate = defineUpdate<CaseView, [CaseActionArgs]>('caseAction');
/** Completes once the case has its deadline and is in the read model. */
export const caseRegisteredUpdate = defineUpdate<CaseView, []>('caseRegistered');
export const caseViewQuery = defineQuery<CaseView>('caseView');

/** Workflow type names, so the API can start them without importing workflow bodies. */
export const WORKFLOW_TYPES: Record<CaseType, string> = {
  dibao: 'dibaoWorkflow',
  tekun: 'tekunWorkflow',
  medical: 'medicalWorkflow',
  education: 'educationWorkflow',
  housing: 'housingWorkflow',
  temporary: 'temporaryWorkflow',
};

/** A year's official schedule was loaded: a case with a provisional deadline counts it again. */
export const calendarChangedSignal = defineSignal<[]>('calendarChanged');

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
  /** Whose majority approves (absent in deliberations opened before it was policy: of all members). */
  majority?: MajorityRule;
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

// ---- 一门受理: the application (parent of one case per aid type) ----

export interface ApplicationInput {
  applicationId: string;
  orgCode: string;
  applicant: ApplicantRecord;
  household: HouseholdRecord;
  requested: CaseType[];
  /** 一证两书: both are true, or the API refused the application. */
  commitments: { economicCheckAuthorized: true; truthfulnessPledged: true };
  pledgedInsteadOfProof: string[];
  assessment: AssessmentInput;
  temporary?: TemporaryRequest;
  tekun?: TekunDetails;
  medical?: MedicalDetails;
  education?: EducationDetails;
  housing?: HousingDetails;
  acceptedAt?: string;
  acceptedBy: Actor;
}

export type ApplicationView = {
  applicationId: string;
  orgCode: string;
  countyCode: string;
  applicant: { name: string; idNumberMasked: string; phone?: string };
  household: HouseholdRecord;
  acceptedAt: string;
  acceptedBy: Pick<Actor, 'sub' | 'role' | 'org'>;
  commitments: { economicCheckAuthorized: boolean; truthfulnessPledged: boolean };
  pledgedInsteadOfProof: string[];
  /** On the dishonesty list at intake: every case needs the county's review before its decision. */
  flagged: boolean;
  dishonesty: DishonestyEntryRef[];
  recipientOf: CaseType[];
  assessment: Assessment | null;
  cases: Array<{ caseId: string; type: CaseType; department: Department }>;
  /** open until every case is closed. */
  status: 'open' | 'closed';
  closedAt: string | null;
  version: number;
};

export const applicationRegisteredUpdate = defineUpdate<ApplicationView, []>('applicationRegistered');
export const applicationViewQuery = defineQuery<ApplicationView>('applicationView');
