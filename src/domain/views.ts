/**
 * The shapes of what the service shows and stores: a case, a deliberation and an application as the
 * workflows hold them and the read model keeps them. Pure types, shared by every floor above.
 */
import type { tekunSupportField } from './action-payloads.js';
import type { Assessment } from './assessment.js';
import type { CaseStatus, CaseStep, CaseType, Recipience } from './cases.js';
import type { IsoDate } from './dates.js';
import type { CasePolicy } from './policy.js';
import type { RecoveryDetails } from './recovery.js';
import type { Infer } from './fields.js';
import type { Actor, Department } from './roles.js';
import type { TemporaryKind, TemporaryPolicy } from './aid/temporary.js';
import type { CooperationView } from './residence.js';
import type { LegalAidKind } from './aid/legal-aid.js';
import type { ChildDetails } from './child.js';
import type { InstalmentSpec, ScheduledInstalment } from './instalments.js';
import type { MajorityRule, Vote } from './votes.js';

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

export interface HistoryEntry {
  seq: number;
  at: string;
  actor: Pick<Actor, 'sub' | 'role' | 'org' | 'name'>;
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
  /** The household in the register (GET /v1/households/:id); null in cases started before it kept one. */
  householdId: string | null;
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
  /** The 核对 result: the two figures (households without members), or the report's reference and date. */
  economicCheck: { perCapitaIncomeFen: number | null; assetsWithinLimits: boolean | null; report?: { reference: string; checkedOn: IsoDate }; at: string } | null;
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
  recipientOf: Recipience[];
  referrals: Referral[];
  /** The workflow has ended (after the aftercare window): no action is possible any more. */
  archivedAt: string | null;
  /** Revoked after a false commitment: what was paid and is due back, and what that comprises (absent on older cases). */
  recovery: ({ amountFen: number; recordedAt: string } & Partial<RecoveryDetails>) | null;
  tekun: TekunDetails | null;
  medical: MedicalDetails | null;
  education: EducationDetails | null;
  housing: HousingDetails | null;
  /** 就业救助: what the person wishes and can do. */
  employment?: EmploymentDetails;
  /** 法律援助: the matter and its kind. */
  legalAid?: LegalAidDetails;
  /** 孤儿, 事实无人抚养儿童: the child's birth date, the guardian (the payee), the parents. */
  child?: ChildDetails;
  closedReason: string | null;
  /** 一证两书 as recorded at the start (absent in cases started before they were taken). */
  commitments?: { economicCheckAuthorized: boolean; truthfulnessPledged: boolean } | null;
  temporary: TemporaryView | null;
  /** 受灾人员救助: the event, the household's needs, the aid's instalments and insurance payouts (absent on other cases). */
  disaster?: DisasterView | null;
  /** 居住地申办: the cooperation request (协查) sent to the 户籍 county (absent on other cases). */
  cooperation?: CooperationView | null;
  history: HistoryEntry[];
  /** Increases with every change; the read model keeps the highest. */
  version: number;
};

export type DecisionRecord = {
  decision: 'approve' | 'reject' | 'low-income';
  /** 低保边缘: recognised as a low-income household, no allowance (counts as a recipient for 医疗/教育/公租房). */
  outcome?: 'low-income';
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
  selfCare?: 'full' | 'partial' | 'none';
  employedMembers?: number;
  /** 就业救助: the living allowance during training, granted once with the decision. */
  trainingAllowanceFen?: number;
  /** 法律援助: the lawyer assigned. */
  lawyer?: string;
  /** 孤儿, 事实无人抚养儿童: in full-time study past 18, and the last month the benefit pays. */
  fullTimeStudy?: boolean;
  endsAfterMonth?: string;
  /** 低保, 特困, 公租房, 孤儿: the benefit the approval started (GET /v1/benefits/:id). */
  benefitId?: string;
};

export type DisasterDetails = { eventId: string; key: string; needs: string[]; amountFen?: number };
export type DisasterView = {
  eventId: string;
  key: string;
  needs: string[];
  requestedAmountFen: number | null;
  /** The policy's months of 过渡期生活救助, kept from acceptance. */
  maxMonths: number | null;
  months: number | null;
  installments: InstalmentView[];
  paidFen: number;
  insuranceClaims: Array<{ reference: string; amountFen: number; at: string; by: string }>;
};

export type DishonestyEntryRef = { reason: string; sourceCaseId: string | null; startDate: IsoDate; expiresOn: IsoDate };
export type Referral = { kind: 'employment' | 'charity'; receivingOrg: string; followUpDate: IsoDate; note: string | null; at: string; by: string };

export type TekunSupport = Infer<typeof tekunSupportField>;
export type TekunDetails = { livesAlone?: boolean; disabilityLevel?: string };
export type MedicalDetails = { billFen: number; hospital: string; admittedOn: IsoDate; dischargedOn?: IsoDate; category: 'general' | 'serious' };
export type EducationDetails = { studentName: string; school: string; grade?: string };
export type HousingDetails = { currentRentFen?: number; address?: string };
export type EmploymentDetails = { wish: string; skills?: string };
export type LegalAidDetails = { matter: string; kind: LegalAidKind };


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
  recipientOf: Recipience[];
  assessment: Assessment | null;
  cases: Array<{ caseId: string; type: CaseType; department: Department }>;
  /** open until every case is closed. */
  status: 'open' | 'closed';
  closedAt: string | null;
  version: number;
};

/** A notification to a role at an org, keyed by event so a retried write notifies once. */
export interface NotificationInput {
  eventKey: string;
  caseId: string | null;
  kind: string;
  recipientRole: string;
  recipientOrg: string;
  /** An approver's notification is for the case's department only. */
  recipientDept?: string;
  message: string;
  createdAt: string;
}

/** What a payroll workflow keeps of its row (the totals are read from PostgreSQL). */
export interface PayrollView {
  payrollId: string;
  countyCode: string;
  month: string;
  status: 'preparing' | 'prepared' | 'released' | 'sent';
}
