import { ApplicationFailure } from '@temporalio/common';
import { msg, render, type Message } from '../domain/catalogue.js';
import { storableCopy } from '../domain/fields.js';
import { ActivityFailure } from '../domain/failures.js';
import { isDataError } from '../db/errors.js';
import { withScrubbedFailures } from './failures.js';
import { countPayout, countRecorded, type WorkerMetrics } from './metrics.js';
import type { CaseType, Recipience } from '../domain/cases.js';
import { shanghaiDate, type IsoDate } from '../domain/dates.js';
import { computeDeadline, resumeDeadline, type ComputedDeadline, type DeadlineTerms } from '../domain/deadline.js';
import type { CasePolicy } from '../domain/policy.js';
import { loadWorkingCalendar } from '../db/calendar.js';
import { intakeChecks, readAcceptanceFacts } from '../db/acceptance.js';
import type { AcceptanceFacts, AcceptanceRequest, IntakeChecks } from '../domain/acceptance.js';
import { recordCaseStep, type CaseStep } from '../db/cases.js';
import type { Db } from '../db/client.js';
import { recordDeliberation } from '../db/deliberations.js';
import { recordApplication } from '../db/applications.js';
import { claimBasicLiving, claimLowIncome, type ClaimResult } from '../db/benefit-claims.js';
import { applyBenefitStep, benefitState, openBenefit, type StepInput } from '../db/benefits.js';
import { markPayrollSent, preparePayroll, releasePayroll, type PayrollRow } from '../db/payrolls.js';
import type { BenefitCatchUp, BenefitOpening, BenefitState, HouseholdChangeStep } from '../domain/benefits.js';
import type { Actor } from '../domain/roles.js';
import { recordFiling } from '../db/filings.js';
import { ReserveConflictError } from '../db/money-checks.js';
import { insertNotifications } from '../db/notifications.js';
import { recordCountyDisbursement } from '../db/payments.js';
import { recordReferral } from '../db/referrals.js';
import { recordRevocation, type Revocation, type RevocationResult } from '../db/revocations.js';
import { assess, type Assessment, type AssessmentInput } from '../domain/assessment.js';
import { gateDecision, type DeclaredHousehold, type GateOutcome } from '../domain/decision-gate.js';
import { changeStepsSince, decideOnFacts, recogniseLowIncomeOfCase } from '../db/decision-facts.js';
import { benefitsPolicy, casePolicy, contactPolicy, cooperationWorkingDays, disasterTransitionMonths, dibaoStandardFen, temporaryPolicy } from '../db/policies.js';
import { payAndRecord, payFromReserve, type PayoutInput } from '../db/reserve-fund.js';
import { settleReservePayout } from '../domain/aid/emergency-payout.js';
import { anchorAuditDay } from '../db/audit.js';
import { countiesToWatch, recordCareWatch } from '../db/care-watch.js';
import { contactFacts, contactOverdueWhere, nextContactOn } from '../db/contacts.js';
import { overdueDiscoveriesOf } from '../db/discoveries.js';
import { listBenefits } from '../db/benefits.js';
import { contactOverdueNote, visitOverdueNote, type CareWatchCounts } from '../domain/care-watch.js';
import { contactEveryDays, contactStanding } from '../domain/contacts.js';
import type { BenefitType } from '../domain/benefits.js';
import { countiesWithMoney, reconcileCounty, recordReconciliation, type CaseProbe } from '../db/reconciliation.js';
import type { TemporaryPolicy } from '../domain/aid/temporary.js';
import type { ApplicationView, DeliberationView, PayrollView, HouseholdRecord, NotificationInput } from '../domain/views.js';

/** What the workflow asks of the decision gate: the case, the day, and what the case itself recorded. */
export interface DecisionRequest {
  caseId: string;
  countyCode: string;
  type: 'dibao' | 'tekun';
  decision: 'approve' | 'low-income';
  on: IsoDate;
  declared: DeclaredHousehold;
  checkedOn?: IsoDate;
  requestedAmountFen?: number;
}

/** The same payment key with another amount or source is a bug, not a retry: retrying cannot help. */
function nonRetryableConflict(err: unknown): never {
  if (err instanceof ReserveConflictError) throw ApplicationFailure.create({ type: ActivityFailure.ReserveConflict, message: err.message, nonRetryable: true });
  throw err;
}

/**
 * A read-model write that PostgreSQL refuses for its data (a NUL, an unpaired surrogate that slipped
 * past the API) is written again with those characters replaced, and the county's supervisors are
 * told: the case never freezes, and money paid always shows. A second refusal is permanent.
 */
async function writeOrSanitize<T, R>(write: (value: T) => Promise<R>, value: T, alert: () => Promise<unknown>): Promise<R> {
  try {
    return await write(value);
  } catch (err) {
    if (!isDataError(err)) throw err;
    const written = await write(storableCopy(value));
    await alert();
    return written;
  }
}

export interface ActivityDeps {
  db: Db;
  /** Test seam: runs after a reserve payout has committed and before the activity reports it. */
  afterReservePayout?: (caseId: string, instalment: number) => Promise<void>;
  /** Counters for Prometheus (the worker's /metrics); none in tests that do not read them. */
  metrics?: WorkerMetrics;
  /** Starts a benefit's workflow with its state (worker-setup.ts); idempotent on the benefit id. */
  startBenefit?: (state: BenefitState, catchUp?: BenefitCatchUp) => Promise<void>;
  /** Asks case workflows what they say of their instalments (worker-setup.ts): reconciliation's Temporal side. */
  caseInstalments?: CaseProbe;
}

/**
 * Activities bind the repositories to Temporal. Each is idempotent: reads, or writes keyed so that a
 * retry (or a replay after a worker crash) changes nothing the first attempt already did.
 */
export const createActivities = ({ db, afterReservePayout, metrics, startBenefit, caseInstalments }: ActivityDeps) => withScrubbedFailures({
  /** The region policy in force on the acceptance date; the case keeps it for its whole life. */
  async loadCasePolicy(input: { countyCode: string; type: CaseType; asOf: IsoDate }): Promise<CasePolicy> {
    return casePolicy(db, input.countyCode, input.type, input.asOf);
  },

  /**
   * The calendar is data (packaged years plus database overrides), so deadlines are computed here, on
   * the case's region's calendar (national, then its province's; a case recorded before regions: national).
   */
  async computeDeadline(input: DeadlineTerms & { orgCode?: string }): Promise<ComputedDeadline> {
    const { orgCode, ...terms } = input;
    return computeDeadline(await loadWorkingCalendar(db, orgCode), terms);
  },

  async resumeDeadline(input: {
    dueDate: IsoDate;
    suspendedOn: IsoDate;
    resumedOn: IsoDate;
    reminderWorkingDays: number;
    orgCode?: string;
  }): Promise<ComputedDeadline> {
    const calendar = await loadWorkingCalendar(db, input.orgCode);
    return resumeDeadline(calendar, input.dueDate, input.suspendedOn, input.resumedOn, input.reminderWorkingDays);
  },

  /** Read model, audit entries and notifications of one step, in one transaction. */
  async recordCase(step: CaseStep): Promise<void> {
    const v = step.view;
    const recorded = await writeOrSanitize((s) => recordCaseStep(db, s), step, () =>
      insertNotifications(db, [readModelAlert(v.caseId, v.countyCode, stored(msg('alert.caseSanitised', { id: v.caseId, version: v.version })))]),
    );
    countRecorded(metrics, recorded);
  },

  /**
   * 居住地申办: the cooperation request's deadline — the accepting county's policy (`cooperation`) in
   * force on the acceptance day, counted in working days on the 户籍 county's calendar (it answers).
   */
  async cooperationDeadline(input: { countyCode: string; hukouCounty: string; acceptedOn: IsoDate }): Promise<ComputedDeadline> {
    const workingDays = await cooperationWorkingDays(db, input.countyCode, input.acceptedOn);
    return computeDeadline(await loadWorkingCalendar(db, input.hukouCounty), { startDate: input.acceptedOn, workingDays, reminderWorkingDays: 0 });
  },

  /** 受灾人员救助: the months 过渡期生活救助 may last, by the policy in force on the acceptance day. */
  async disasterMonths(input: { countyCode: string; asOf: IsoDate }): Promise<number> {
    return disasterTransitionMonths(db, input.countyCode, input.asOf);
  },

  async loadTemporaryPolicy(input: { countyCode: string; asOf: IsoDate }): Promise<TemporaryPolicy> {
    return temporaryPolicy(db, input.countyCode, input.asOf);
  },

  /**
   * Pays an instalment from the street's reserve, or reports the reserve short. Keyed by (case,
   * instalment): a retry after a crash between the debit and this activity's completion pays nothing
   * more and returns the first payment.
   */
  async payFromReserve(p: Omit<PayoutInput, 'at' | 'payee'> & { at: string }): Promise<{ status: 'paid'; paidAt: string; balanceAfterFen: number; duplicate: boolean } | { status: 'insufficient'; balanceFen: number }> {
    const result = await payFromReserve(db, { ...p, at: new Date(p.at) }).catch(nonRetryableConflict);
    if (result.status === 'insufficient') return result;
    if (!result.duplicate) countPayout(metrics, 'reserve', p.amountFen);
    await afterReservePayout?.(p.caseId, p.instalment);
    return { status: 'paid', paidAt: result.paidAt.toISOString(), balanceAfterFen: result.balanceAfterFen, duplicate: result.duplicate };
  },

  /**
   * 急难型 within the street's authority, since the workflow's `emergency-one-transaction`: the filing,
   * the payout from the reserve and the case's read model (the paid instalment, the paperwork then due)
   * in one PostgreSQL transaction, where they were five activities in a row. `step` is the case as the
   * workflow holds it, its unsaved entries included; the activity writes it settled with the payout
   * (settleReservePayout) and the workflow settles its own state the same way with the answer. Keyed
   * like payFromReserve: a retry after the commit pays nothing more and answers the first payment.
   */
  async payEmergency(p: {
    filing: { caseId: string; orgCode: string; kind: string; amountFen: number; approvedBy: string; approvedAt: string };
    payout: Omit<PayoutInput, 'at' | 'payee'> & { at: string };
    paperworkWorkingDays: number;
    late: boolean;
    step: CaseStep;
  }): Promise<{ status: 'paid'; paidAt: string; balanceAfterFen: number; duplicate: boolean; paperwork: { dueDate: IsoDate; dueAt: string } } | { status: 'insufficient'; balanceFen: number }> {
    // The paperwork's due date, a read of the calendar, before the transaction takes the fund's lock.
    const paidOn = shanghaiDate(Date.parse(p.payout.at));
    const due = computeDeadline(await loadWorkingCalendar(db), { startDate: paidOn, workingDays: p.paperworkWorkingDays, reminderWorkingDays: 1 });
    const paperwork = { dueDate: due.dueDate, dueAt: due.dueAt };
    const v = p.step.view;
    const { payout, recorded } = await writeOrSanitize(
      (step) =>
        payAndRecord(db, {
          filing: { ...p.filing, approvedAt: new Date(p.filing.approvedAt) },
          payout: { ...p.payout, at: new Date(p.payout.at) },
          step: (paidAt) => {
            const view = structuredClone(step.view);
            const entries = settleReservePayout(view, { paidAt: paidAt.toISOString(), paperwork, late: p.late });
            return { ...step, view, entries: [...step.entries, ...entries] };
          },
        }),
      p.step,
      () => insertNotifications(db, [readModelAlert(v.caseId, v.countyCode, stored(msg('alert.caseSanitised', { id: v.caseId, version: v.version + 2 })))]),
    ).catch(nonRetryableConflict);
    if (payout.status === 'insufficient') return payout;
    countRecorded(metrics, recorded);
    if (!payout.duplicate) countPayout(metrics, 'reserve', p.payout.amountFen);
    await afterReservePayout?.(p.payout.caseId, p.payout.instalment);
    return { status: 'paid', paidAt: payout.paidAt.toISOString(), balanceAfterFen: payout.balanceAfterFen, duplicate: payout.duplicate, paperwork };
  },

  /** An amount above the street's reserve rules is disbursed by the county; recorded once per instalment. */
  async recordCountyDisbursement(p: { caseId: string; instalment: number; amountFen: number; orgCode: string; at: string }): Promise<{ paidAt: string }> {
    const result = await recordCountyDisbursement(db, { ...p, at: new Date(p.at) }).catch(nonRetryableConflict);
    if (!result.duplicate) countPayout(metrics, 'county', p.amountFen);
    return { paidAt: result.paidAt.toISOString() };
  },

  /** 备案: a street approval within its authority, filed with the county. */
  async recordFiling(f: { caseId: string; orgCode: string; kind: string; amountFen: number; approvedBy: string; approvedAt: string }): Promise<void> {
    await recordFiling(db, { ...f, approvedAt: new Date(f.approvedAt) });
  },

  async recordDeliberation(view: DeliberationView): Promise<void> {
    await writeOrSanitize((v) => recordDeliberation(db, v), view, () =>
      insertNotifications(db, [readModelAlert(view.caseId, view.countyCode, stored(msg('alert.deliberationSanitised', { id: view.deliberationId })))]),
    );
  },

  async notify(notes: NotificationInput[]): Promise<void> {
    await insertNotifications(db, notes);
  },

  /** 低保 and 特困 exclude each other: the unique claim refuses the second approval, even a racing one. */
  async claimBasicLiving(c: { applicantIdHash: string; caseId: string; type: CaseType }): Promise<ClaimResult> {
    return claimBasicLiving(db, c);
  },

  /**
   * The gate before a 低保/特困 decision: the household as registered that day (a 核对 report applied)
   * or the figures the case recorded, the standard and the policy in force, what the register finds
   * elsewhere — decided by the domain. A read: retried freely.
   */
  async assessDecision(g: DecisionRequest): Promise<GateOutcome> {
    return decideOnFacts(db, { caseId: g.caseId, countyCode: g.countyCode, on: g.on }, (facts) => gateDecision({
      type: g.type,
      decision: g.decision,
      on: g.on,
      standardFen: facts.standardFen,
      policy: facts.policy,
      household: facts.household ? { members: facts.household } : { declared: g.declared },
      coverage: facts.coverage,
      ...(g.checkedOn ? { checkedOn: g.checkedOn } : {}),
      ...(g.requestedAmountFen !== undefined ? { requestedAmountFen: g.requestedAmountFen } : {}),
    }));
  },

  /** 低收入 recognised on the case's household: it then counts as a recipient for 医疗/教育/公租房. */
  async recogniseLowIncome(c: { caseId: string; since: IsoDate; applicantIdHash?: string }): Promise<void> {
    await recogniseLowIncomeOfCase(db, c);
    if (c.applicantIdHash) await claimLowIncome(db, { applicantIdHash: c.applicantIdHash, caseId: c.caseId });
  },

  async recordRevocation(r: Revocation): Promise<RevocationResult> {
    return recordRevocation(db, r);
  },

  async recordReferral(r: Parameters<typeof recordReferral>[1]): Promise<void> {
    await recordReferral(db, r);
  },

  /** Intake checks from our own records: the dishonesty list and existing 低保/特困. */
  async intakeChecks(c: { applicantIdHash: string; asOf: IsoDate }): Promise<IntakeChecks> {
    return intakeChecks(db, c);
  },

  /** What acceptance reads, in one activity (src/db/acceptance.ts). Reads only: retried freely. */
  async acceptanceFacts(a: AcceptanceRequest): Promise<AcceptanceFacts> {
    return readAcceptanceFacts(db, a);
  },

  async assessApplication(input: { countyCode: string; asOf: IsoDate; household: HouseholdRecord; assessment: AssessmentInput; requested: CaseType[]; recipientOf: Recipience[] }): Promise<Assessment> {
    const standard = await dibaoStandardFen(db, input.countyCode, input.asOf);
    return assess({ ...input, dibaoStandardFen: standard });
  },

  async recordApplication(a: { view: ApplicationView; applicantIdHash: string }): Promise<void> {
    await writeOrSanitize((v) => recordApplication(db, v, a.applicantIdHash), a.view, () =>
      insertNotifications(db, [readModelAlert(null, a.view.countyCode, stored(msg('alert.applicationSanitised', { id: a.view.applicationId })))]),
    );
  },

  /**
   * An approval of a monthly aid opens its benefit in PostgreSQL (so it reads at once, and the
   * approval's answer can name it) and starts its workflow with that state; both once, whatever retries.
   */
  async startBenefit(opening: BenefitOpening): Promise<void> {
    if (!startBenefit) throw new Error('this worker was built without a way to start benefits');
    await startBenefit(await openBenefit(db, opening), opening.household);
  },

  /** The household changes a benefit's decision did not see (recorded after the version it took). */
  async householdChangesSince(c: BenefitCatchUp): Promise<HouseholdChangeStep[]> {
    return changeStepsSince(db, c.householdId, c.version);
  },

  /** A benefit from its case's approval; idempotent on the benefit id. */
  async openBenefit(o: BenefitOpening): Promise<BenefitState> {
    return openBenefit(db, o);
  },

  /**
   * One step of a benefit, written once (keyed by its version). A review opening gets its working-day
   * deadline here, on the county's calendar; a recount counts it again from the review's due date and
   * writes nothing when the calendar did not move it.
   */
  async applyBenefitStep(input: Omit<StepInput, 'reviewDeadline'> & { countyCode: string }): Promise<BenefitState> {
    const { countyCode, ...step } = input;
    const action = step.step.action;
    if (action !== 'open-review' && action !== 'recount-review') return applyBenefitStep(db, step);
    const current = action === 'recount-review' ? await benefitState(db, step.benefitId) : undefined;
    if (current && (current.version !== step.version || !current.reviewDeadline || current.reviewOverdue)) return current;
    const startDate = current ? current.reviewDueDate : shanghaiDate(input.at);
    const [calendar, policy] = await Promise.all([loadWorkingCalendar(db, countyCode), benefitsPolicy(db, countyCode, startDate)]);
    const { dueDate: reviewDeadline } = computeDeadline(calendar, { startDate, workingDays: policy.reviewWorkingDays, reminderWorkingDays: 0 });
    if (current?.reviewDeadline === reviewDeadline) return current;
    return applyBenefitStep(db, { ...step, reviewDeadline });
  },

  async preparePayroll(input: { payrollId: string }): Promise<PayrollView> {
    return payrollView(await preparePayroll(db, input.payrollId));
  },

  async releasePayroll(input: { payrollId: string; actor: Actor; at: string }): Promise<PayrollView> {
    return payrollView(await releasePayroll(db, input.payrollId, input.actor, new Date(input.at)));
  },

  async markPayrollSent(input: { payrollId: string; at: string }): Promise<PayrollView> {
    return payrollView(await markPayrollSent(db, input.payrollId, new Date(input.at)));
  },

  /** The counties the daily reconciliation covers: those with any money on record. */
  async countiesToReconcile(): Promise<string[]> {
    return countiesWithMoney(db);
  },

  /**
   * A county's day reconciled and stored once (a retry returns what the first stored), its supervisors
   * told of any difference in the same transaction; the metric reads the stored result.
   */
  async reconcileCountyDay(input: { countyCode: string; date: IsoDate }): Promise<{ ok: boolean; differences: number }> {
    if (!caseInstalments) throw new Error('this worker was built without a way to ask case workflows');
    const stored = await recordReconciliation(db, await reconcileCounty(db, { ...input, now: new Date() }, caseInstalments));
    return { ok: stored.ok, differences: stored.differences };
  },

  /** The county's audit chains anchored for the day, once. */
  async anchorAuditDay(input: { countyCode: string; date: IsoDate }): Promise<{ heads: number }> {
    const anchor = await anchorAuditDay(db, input.countyCode, input.date);
    return { heads: anchor.heads };
  },

  /** The counties the daily care watch covers. */
  async careWatchCounties(): Promise<string[]> {
    return countiesToWatch(db);
  },

  /**
   * A county's care watch for a day: the discoveries unvisited after their due date and the benefits
   * past their next contact as the day begins (the county's `contact` policy in force that day), each
   * street's caseworkers told once per deadline missed, the supervisors the counts.
   */
  async watchCountyCare(input: { countyCode: string; date: IsoDate }): Promise<CareWatchCounts> {
    const { countyCode, date } = input;
    const policy = await contactPolicy(db, countyCode, date);
    const everyDaysOf = (type: BenefitType, alone: boolean) => contactEveryDays(type, alone, policy);
    const discoveries = await overdueDiscoveriesOf(db, countyCode, date);
    const benefits = await listBenefits(db, { orgCode: countyCode, contactDue: contactOverdueWhere(date, nextContactOn(everyDaysOf)), limit: MAX_WATCHED });
    const facts = await contactFacts(db, benefits);
    const at = new Date().toISOString();
    return recordCareWatch(db, {
      countyCode,
      date,
      at,
      visitNotes: discoveries.map((d) => visitOverdueNote({ discoveryId: d.discoveryId!, orgCode: d.orgCode, personName: d.personName, address: d.address, foundOn: d.foundOn, visitDueDate: d.visitDueDate }, at)),
      contactNotes: benefits.map((b) => {
        const f = facts.get(b.benefitId)!;
        const standing = contactStanding({ everyDays: everyDaysOf(b.type as BenefitType, f.livesAlone), lastOn: f.lastOn, openedOn: shanghaiDate(b.openedAt), stopped: false, today: date });
        return contactOverdueNote({ benefitId: b.benefitId, orgCode: b.orgCode, applicantName: b.applicantName, lastOn: f.lastOn, nextDueOn: standing.nextDueOn }, at);
      }),
    });
  },
}, (activity) => metrics?.activityFailures.inc({ activity }));

/** A bound on one day's watch of a county (a county has some thousands of benefits, not this many overdue). */
const MAX_WATCHED = 50_000;

const payrollView = (r: PayrollRow): PayrollView => ({ payrollId: r.payrollId, countyCode: r.countyCode, month: r.month, status: r.status as PayrollView['status'] });

/** The county's supervisors hear of every read-model write that had to be sanitised. */
/** A notification's text is stored for people to read: in Chinese. */
const stored = (m: Message) => render(m, 'zh');

function readModelAlert(caseId: string | null, countyCode: string, message: string): NotificationInput {
  return { eventKey: `${caseId ?? countyCode}:read-model-sanitised:${message}`, caseId, kind: 'read-model-data-error', recipientRole: 'supervisor', recipientOrg: countyCode, message, createdAt: new Date().toISOString() };
}

export type Activities = ReturnType<typeof createActivities>;
