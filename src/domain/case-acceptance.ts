// A case as the window accepts it: opened from its input, then accepted on what acceptance read (our
// records, the policy in force, the deadline). Pure: the workflow accepts its case with these, and the
// API, when it has read the same facts, records the same acceptance before the workflow's first task.
import { acceptanceRequest, answersRequest, type AcceptanceFacts, type AcceptanceRequest, type IntakeChecks } from './acceptance.js';
import { AID, ASSESSED } from './aid/index.js';
import { appendHistory } from './aid/emergency-payout.js';
import { stepsFor, type AssessedDeclaration } from './aid/declaration.js';
import type { AssessedStep, AssessedType, CaseStep } from './cases.js';
import type { CaseInput, CaseIntake } from './case-input.js';
import { addCalendarDays, endOfShanghaiDay, shanghaiDate } from './dates.js';
import type { ComputedDeadline } from './deadline.js';
import { countyOf } from './org.js';
import type { CasePolicy } from './policy.js';
import type { Actor } from './roles.js';
import type { CaseView, DisasterDetails, DisasterView, DishonestyEntryRef, HistoryEntry, NotificationInput } from './views.js';

export type Recipient = { role: string; org: string };

/** Where a case's changes are written: its state, its history entries, its notifications. */
export interface CaseLog {
  readonly state: CaseView;
  log(actor: Actor, action: string, summary: string, details?: Record<string, unknown>, at?: string): HistoryEntry;
  notify(kind: string, eventKey: string, recipients: Recipient[], message: string): void;
}

const disasterViewOf = (d: DisasterDetails): DisasterView => ({
  eventId: d.eventId,
  key: d.key,
  needs: d.needs,
  requestedAmountFen: d.amountFen ?? null,
  maxMonths: null,
  months: null,
  installments: [],
  paidFen: 0,
  insuranceClaims: [],
});

/** The 失信 flag of an applicant on the dishonesty list, awaiting the county's review; none when not listed. */
const flagOf = (entries: DishonestyEntryRef[] | undefined): CaseView['dishonesty'] => (entries?.length ? { flagged: true, entries, review: null } : null);

/** A case the moment it is opened: in its first step, nothing read yet, no deadline. */
export function openedCase(input: CaseInput, firstStep: CaseStep, acceptedAt: string): CaseView {
  return {
    caseId: input.caseId,
    applicationId: input.applicationId,
    type: input.type,
    orgCode: input.orgCode,
    countyCode: countyOf(input.orgCode),
    status: 'open',
    step: firstStep,
    suspended: false,
    applicant: {
      name: input.applicant.name,
      idNumberMasked: input.applicant.idNumberMasked,
      ...(input.applicant.phone ? { phone: input.applicant.phone } : {}),
    },
    household: input.household,
    householdId: input.householdId ?? null,
    acceptedAt,
    dueDate: null,
    dueAt: null,
    dueProvisional: false,
    deadlineWorkingDays: null,
    reminderDate: null,
    overdue: false,
    overdueSince: null,
    decidedAt: null,
    decidedLate: null,
    amountFen: null,
    policy: null,
    economicCheck: null,
    homeVisit: null,
    publicity: null,
    supplement: null,
    decision: null,
    closedReason: null,
    temporary: null,
    commitments: input.commitments ?? null,
    department: input.intake?.department ?? AID[input.type].department,
    dishonesty: flagOf(input.intake?.dishonesty),
    pledges: null,
    recipientOf: input.intake?.recipientOf ?? [],
    referrals: [],
    recovery: null,
    archivedAt: null,
    tekun: input.intake?.tekun ?? null,
    medical: input.intake?.medical ?? null,
    education: input.intake?.education ?? null,
    housing: input.intake?.housing ?? null,
    ...(input.intake?.disaster ? { disaster: disasterViewOf(input.intake.disaster) } : {}),
    ...(input.intake?.employment ? { employment: input.intake.employment } : {}),
    ...(input.intake?.legalAid ? { legalAid: input.intake.legalAid } : {}),
    ...(input.intake?.child ? { child: input.intake.child } : {}),
    history: [],
    version: 0,
  };
}

/** One notification per recipient of a case's event; the event key makes each idempotent. */
export function notificationsOf(s: CaseView, kind: string, eventKey: string, recipients: Recipient[], message: string, createdAt: string): NotificationInput[] {
  return recipients.map((r) => ({
    eventKey: `${s.caseId}:${eventKey}`,
    caseId: s.caseId,
    kind,
    recipientRole: r.role,
    recipientOrg: r.org,
    ...(r.role === 'approver' ? { recipientDept: s.department } : {}),
    message,
    createdAt,
  }));
}

/** Our records at acceptance (the dishonesty list, existing 低保/特困), read now or as the application's intake carried them. */
export function applyOurRecords(s: CaseView, intake: CaseIntake | undefined, checks?: IntakeChecks): void {
  const known = checks ? { ...intake, checked: true, dishonesty: checks.dishonesty, recipientOf: checks.recipientOf } : intake;
  s.dishonesty = flagOf(known?.dishonesty);
  s.recipientOf = known?.recipientOf ?? [];
}

/** The deadline as the case shows it. */
export function showDeadline(s: CaseView, d: ComputedDeadline): void {
  s.dueDate = d.dueDate;
  s.dueAt = d.dueAt;
  s.dueProvisional = d.provisional;
  s.deadlineWorkingDays = d.workingDays;
  s.reminderDate = d.reminderDate;
}

/** Intake facts that need the case's policy: the verification deadline of what was pledged, and the flag's notice. */
export function applyIntake(c: CaseLog, policy: CasePolicy, intake: CaseIntake | undefined): void {
  const s = c.state;
  const pledged = intake?.pledgedInsteadOfProof ?? [];
  if (pledged.length > 0) {
    const dueDate = addCalendarDays(shanghaiDate(s.acceptedAt), policy.verificationDays);
    s.pledges = { items: pledged, dueDate, dueAt: endOfShanghaiDay(dueDate).toISOString(), overdue: false, verifiedAt: null, truthful: null, findings: null };
  }
  if (s.dishonesty?.flagged) {
    c.notify('dishonesty-flag', 'dishonesty-flag', [
      { role: 'approver', org: s.countyCode },
      { role: 'supervisor', org: s.countyCode },
    ], `案件 ${s.caseId}：申请人在失信名单上，须经县级审核后方可作出决定`);
  }
}

/**
 * Accepts an assessed case (低保, 特困, …) on what acceptance read: our records (a recipient skips the
 * steps they make unnecessary), the policy in force, the deadline when the type's clock starts at
 * acceptance; the 受理 entry says so. Returns the case's steps.
 */
export function acceptAssessed(c: CaseLog, a: { declaration: AssessedDeclaration; facts: AcceptanceFacts; intake: CaseIntake | undefined; acceptedBy: Actor }): AssessedStep[] {
  const s = c.state;
  const { declaration: type, facts } = a;
  applyOurRecords(s, a.intake, facts.checks);
  const steps = stepsFor(type, s.recipientOf.length > 0);
  s.step = steps[0]!;
  s.policy = facts.policy;
  if (facts.deadline) showDeadline(s, facts.deadline);
  applyIntake(c, s.policy, a.intake);
  const due = s.dueDate ? `办理期限 ${s.dueDate}` : '公示结束后开始计算办理时限';
  const skipped = type.steps.filter((x) => !steps.includes(x));
  c.log(a.acceptedBy, 'accept', `受理${type.name}申请：${s.applicant.name}（${s.applicant.idNumberMasked}），${due}`, {
    dueDate: s.dueDate,
    dueProvisional: s.dueProvisional,
    deadlineWorkingDays: s.deadlineWorkingDays,
    policy: { regionCode: s.policy.regionCode, effectiveFrom: s.policy.effectiveFrom },
    ...(s.department !== 'minzheng' ? { department: s.department } : {}),
    ...(skipped.length > 0 ? { skippedSteps: skipped, recipientOf: s.recipientOf } : {}),
    ...(s.dishonesty ? { flagged: true } : {}),
    ...(s.pledges ? { pledgedInsteadOfProof: s.pledges.items, verificationDue: s.pledges.dueDate } : {}),
  }, s.acceptedAt);
  return steps;
}

/** A case being written outside a workflow: the API's record of an acceptance it read the facts for. */
export class CaseDraft implements CaseLog {
  readonly entries: HistoryEntry[] = [];
  readonly notifications: NotificationInput[] = [];

  constructor(
    readonly state: CaseView,
    private readonly now: string,
  ) {}

  log(actor: Actor, action: string, summary: string, details: Record<string, unknown> = {}, at = this.now): HistoryEntry {
    const entry = appendHistory(this.state, actor, action, summary, details, at);
    this.entries.push(entry);
    return entry;
  }

  notify(kind: string, eventKey: string, recipients: Recipient[], message: string): void {
    this.notifications.push(...notificationsOf(this.state, kind, eventKey, recipients, message, this.now));
  }
}

/** What acceptance reads for this case (src/domain/acceptance.ts): the API reads it at the window, the workflow checks it is its own. */
export function acceptanceRequestOf(input: CaseInput, declaration: AssessedDeclaration, acceptedAt: string): AcceptanceRequest {
  return acceptanceRequest({
    countyCode: countyOf(input.orgCode),
    orgCode: input.orgCode,
    type: input.type,
    asOf: shanghaiDate(acceptedAt),
    applicantIdHash: input.applicant.idHash,
    recordsChecked: input.intake?.checked === true,
    clockFromAcceptance: declaration.clockFrom === 'acceptance',
  });
}

/**
 * The acceptance the API records itself, before the workflow's first task, of a case it starts now (not a
 * backdated import: that one may be overdue on arrival, which the workflow's clock says): an assessed
 * type, on the facts read at the window for this very request, with nothing else to read at acceptance
 * (a 居住地申办's cooperation deadline, a disaster's months). The workflow accepts it on the same input
 * with the same functions. Undefined otherwise: the workflow accepts and records the case alone.
 */
export function acceptedAtWindow(input: CaseInput & { acceptedAt: string }): CaseDraft | undefined {
  const declaration = input.type === 'temporary' ? undefined : ASSESSED[input.type as AssessedType];
  const given = input.acceptance;
  if (!declaration || !given || input.residence || input.intake?.disaster) return undefined;
  if (!answersRequest(given.request, acceptanceRequestOf(input, declaration, input.acceptedAt))) return undefined;
  const draft = new CaseDraft(openedCase(input, stepsFor(declaration, false)[0]!, input.acceptedAt), input.acceptedAt);
  acceptAssessed(draft, { declaration, facts: given.facts, intake: input.intake, acceptedBy: input.acceptedBy });
  return draft;
}
