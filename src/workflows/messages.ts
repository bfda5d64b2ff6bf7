/**
 * Everything the API (and tests) need to talk to workflows: update, query and signal definitions, the
 * failure types the API maps to statuses, and what a workflow is started with. No workflow code, no
 * view shapes (those are in domain/views.ts): the only workflow module the API imports.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CaseActionRequest } from '../domain/action-payloads.js';
import type { AssessmentInput } from '../domain/assessment.js';
import type { CaseType } from '../domain/cases.js';
import type { ChildDetails } from '../domain/child.js';
import type { AmountCorrectionStep, BenefitCatchUp, HouseholdChangeStep, BenefitActionRequest, BenefitOpening, BenefitState } from '../domain/benefits.js';
import type { Actor } from '../domain/roles.js';
import type { ResidenceRequest } from '../domain/residence.js';
import type {
  ApplicantRecord,
  ApplicationView,
  CaseView,
  DeliberationView,
  EducationDetails,
  EmploymentDetails,
  HouseholdRecord,
  LegalAidDetails,
  HousingDetails,
  MedicalDetails,
  PayrollView,
  TekunDetails,
} from '../domain/views.js';
import type { VoteChoice } from '../domain/votes.js';
import type { Commitments, TemporaryRequest } from '../domain/case-input.js';

export type { CaseInput, CaseIntake, Commitments, TemporaryRequest } from '../domain/case-input.js';

export interface CaseActionArgs {
  actor: Actor;
  /** One action of the domain's action table (domain/action-payloads.ts), as the API has validated it. */
  request: CaseActionRequest;
}

/** Failure types the API maps to HTTP statuses (Forbidden 403, InvalidTransition and Conflict 409, InvalidPayload 400, Busy 503). */
/** The header that carries the API request's id to the workflow, its activities and their log lines. */
export const REQUEST_ID_HEADER = 'jiuzhu-request-id';

export const CaseFailure = {
  Forbidden: 'Forbidden',
  InvalidTransition: 'InvalidTransition',
  /** Details carry the offending field: `[{ path, message }]`. */
  InvalidPayload: 'InvalidPayload',
  /** Another case stands in the way (低保 and 特困 for one person); details name it. */
  Conflict: 'Conflict',
  /** A previous step is still running (or the case is not yet registered): the same request, retried, goes through. */
  Busy: 'Busy',
  /** The household does not qualify on the decision day; details: `[{ path, code }]`. */
  NotEligible: 'NotEligible',
  /** The 核对 report is older than the policy's validity on the decision day. */
  CheckExpired: 'CheckExpired',
  /** A named amount differs from the computed one; details name it. */
  AmountMismatch: 'AmountMismatch',
  /** 居住地申办: the 户籍 county has not answered the cooperation request yet. */
  CooperationPending: 'CooperationPending',
} as const;
export type CaseFailureType = (typeof CaseFailure)[keyof typeof CaseFailure];

/** A caseworker/approver step; the validator rejects a wrong role, scope or step before it is recorded. */
export const caseActionUpdate = defineUpdate<CaseView, [CaseActionArgs]>('caseAction');
/** Completes once the case has its deadline and is in the read model. */
export const caseRegisteredUpdate = defineUpdate<CaseView, []>('caseRegistered');
export const caseViewQuery = defineQuery<CaseView>('caseView');

/** 居住地申办: the 户籍 county's answer to the case's cooperation request (协查). */
export interface CooperationAnswerArgs {
  actor: Actor;
  findings: string;
  householdSituation?: string;
}
export const cooperationAnswerUpdate = defineUpdate<CaseView, [CooperationAnswerArgs]>('cooperationAnswer');

/** A year's official schedule was loaded: a case with a provisional deadline counts it again. */
export const calendarChangedSignal = defineSignal<[]>('calendarChanged');

/** A street's reserve was replenished: cases waiting for money try again. */
export const reserveReplenishedSignal = defineSignal<[]>('reserveReplenished');

// ---- 一事一议 deliberation ----

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
  /** The household in the register, named by every case the application opens. */
  householdId?: string;
  requested: CaseType[];
  /** 一证两书: both are true, or the API refused the application. */
  commitments: Commitments;
  pledgedInsteadOfProof: string[];
  assessment: AssessmentInput;
  temporary?: TemporaryRequest;
  tekun?: TekunDetails;
  medical?: MedicalDetails;
  education?: EducationDetails;
  housing?: HousingDetails;
  employment?: EmploymentDetails;
  legalAid?: LegalAidDetails;
  /** 孤儿 (proposed or requested), 事实无人抚养儿童: the child's facts. */
  child?: ChildDetails;
  acceptedAt?: string;
  acceptedBy: Actor;
  residence?: ResidenceRequest;
}

export const applicationRegisteredUpdate = defineUpdate<ApplicationView, []>('applicationRegistered');
export const applicationViewQuery = defineQuery<ApplicationView>('applicationView');

// ---- 待遇: a benefit after its approval, and the county's monthly payroll ----

export interface BenefitActionArgs {
  actor: Actor;
  request: BenefitActionRequest;
}

/** Started with its state, opened by the approval's activity (or, as first recorded, with the opening to open itself); continued as new with its state. */
export type BenefitInput = { opening: BenefitOpening } | { state: BenefitState; catchUp?: BenefitCatchUp };

export const benefitActionUpdate = defineUpdate<BenefitState, [BenefitActionArgs]>('benefitAction');
export const benefitStateQuery = defineQuery<BenefitState>('benefitState');
/** The approval behind the benefit was revoked (告知承诺 found false): the benefit stops. */
export const benefitRevokedSignal = defineSignal<[{ reason: string }]>('benefitRevoked');
/** The household register changed: a 低保 benefit recomputes from the change's month (once per change id). */
export const benefitHouseholdChangedSignal = defineSignal<[HouseholdChangeStep]>('benefitHouseholdChanged');

/** 容错纠错: the county's approval of a corrected amount, applied as the benefit's next step (src/domain/corrections.ts). */
export const benefitCorrectionUpdate = defineUpdate<BenefitState, [{ actor: Actor; step: AmountCorrectionStep }]>('benefitCorrection');

export const benefitIdFor = (caseId: string) => `benefit-${caseId}`;

export const payrollReleaseUpdate = defineUpdate<PayrollView, [{ actor: Actor }]>('payrollRelease');
export const payrollStateQuery = defineQuery<PayrollView>('payrollState');
