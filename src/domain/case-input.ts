// What a case is started with: the request as the window took it, and what the API read for it.
import type { AcceptanceReading } from './acceptance.js';
import type { TemporaryKind } from './aid/temporary.js';
import type { CaseType, Recipience } from './cases.js';
import type { ChildDetails } from './child.js';
import type { InstalmentSpec } from './instalments.js';
import type { ResidenceRequest } from './residence.js';
import type { Actor, Department } from './roles.js';
import type {
  ApplicantRecord,
  DisasterDetails,
  DishonestyEntryRef,
  EducationDetails,
  EmploymentDetails,
  HouseholdRecord,
  HousingDetails,
  LegalAidDetails,
  MedicalDetails,
  TekunDetails,
} from './views.js';

export interface CaseInput {
  caseId: string;
  applicationId: string | null;
  type: CaseType;
  orgCode: string;
  applicant: ApplicantRecord;
  household: HouseholdRecord;
  /** The household in the register (GET /v1/households/:id); absent in cases started before it kept one. */
  householdId?: string;
  /** ISO instant; a system import may lie in the past. Absent: the moment the workflow starts. */
  acceptedAt?: string;
  acceptedBy: Actor;
  /** 临时救助 only: what was asked for at the window. */
  temporary?: TemporaryRequest;
  intake?: CaseIntake;
  /** 一证两书, when the starting system sent them (an application records them on itself). */
  commitments?: Commitments;
  /** 居住地申办: the 户籍 is in another county; the case asks it to cooperate on the checks. */
  residence?: ResidenceRequest;
  /**
   * What acceptance reads, read by the API at the window (src/domain/acceptance.ts): the workflow takes
   * it when it answers the request the workflow would make, else it reads for itself.
   */
  acceptance?: AcceptanceReading;
  /**
   * The API recorded the case as accepted (src/domain/case-acceptance.ts, from `acceptance`) before it
   * answered: the workflow takes steps at once and its first write only confirms the read model's.
   */
  recordedAtWindow?: true;
}

export type Commitments = { economicCheckAuthorized: true; truthfulnessPledged: true };

export interface TemporaryRequest {
  kind: TemporaryKind;
  amountFen: number;
  reason?: string;
  installments?: InstalmentSpec;
}

/** Intake facts other than the request itself: the application's checks and the type's own fields. */
export type CaseIntake = {
  /** The application already checked our records; a case started alone checks them itself. */
  checked?: boolean;
  department?: Department;
  dishonesty?: DishonestyEntryRef[];
  pledgedInsteadOfProof?: string[];
  recipientOf?: Recipience[];
  tekun?: TekunDetails;
  medical?: MedicalDetails;
  education?: EducationDetails;
  housing?: HousingDetails;
  disaster?: DisasterDetails;
  employment?: EmploymentDetails;
  legalAid?: LegalAidDetails;
  child?: ChildDetails;
};
