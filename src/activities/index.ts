import { ApplicationFailure } from '@temporalio/common';
import type { CaseType } from '../domain/cases.js';
import type { IsoDate } from '../domain/dates.js';
import { computeDeadline, resumeDeadline, type ComputedDeadline, type DeadlineTerms } from '../domain/deadline.js';
import type { CasePolicy } from '../domain/policy.js';
import { loadWorkingCalendar } from '../db/calendar.js';
import { insertNotifications, recordCaseStep, type CaseStep, type NotificationInput } from '../db/case-records.js';
import type { Db } from '../db/client.js';
import { recordDeliberation } from '../db/deliberations.js';
import {
  activeDishonestyEntries,
  claimBasicLiving,
  recipientOf,
  recordApplication,
  recordReferral,
  recordRevocation,
  type ClaimResult,
  type Revocation,
} from '../db/eligibility.js';
import { assess, type Assessment, type AssessmentInput } from '../domain/assessment.js';
import { casePolicy, dibaoStandardFen, temporaryPolicy } from '../db/policies.js';
import { ReserveConflictError, payFromReserve, recordCountyDisbursement, recordFiling, type PayoutInput } from '../db/reserve-fund.js';
import type { TemporaryPolicy } from '../domain/temporary.js';
import type { ApplicationView, DeliberationView, DishonestyEntryRef, HouseholdRecord } from '../workflows/messages.js';

/** The same payment key with another amount or source is a bug, not a retry: retrying cannot help. */
function nonRetryableConflict(err: unknown): never {
  if (err instanceof ReserveConflictError) throw ApplicationFailure.create({ type: 'ReserveConflict', message: err.message, nonRetryable: true });
  throw err;
}

export interface ActivityDeps {
  db: Db;
  /** Test seam: runs after a reserve payout has committed and before the activity reports it. */
  afterReservePayout?: (caseId: string, instalment: number) => Promise<void>;
}

/**
 * Activities bind the repositories to Temporal. Each is idempotent: reads, or writes keyed so that a
 * retry (or a replay after a worker crash) changes nothing the first attempt already did.
 */
export const createActivities = ({ db, afterReservePayout }: ActivityDeps) => ({
  /** The region policy in force on the acceptance date; the case keeps it for its whole life. */
  async loadCasePolicy(input: { countyCode: string; type: CaseType; asOf: IsoDate }): Promise<CasePolicy> {
    return casePolicy(db, input.countyCode, input.type, input.asOf);
  },

  /** The calendar is data (packaged years plus database overrides), so deadlines are computed here. */
  async computeDeadline(terms: DeadlineTerms): Promise<ComputedDeadline> {
    return computeDeadline(await loadWorkingCalendar(db), terms);
  },

  async resumeDeadline(input: {
    dueDate: IsoDate;
    suspendedOn: IsoDate;
    resumedOn: IsoDate;
    reminderWorkingDays: number;
  }): Promise<ComputedDeadline> {
    const calendar = await loadWorkingCalendar(db);
    return resumeDeadline(calendar, input.dueDate, input.suspendedOn, input.resumedOn, input.reminderWorkingDays);
  },

  /** Read model, audit entries and notifications of one step, in one transaction. */
  async recordCase(step: CaseStep): Promise<void> {
    await recordCaseStep(db, step);
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
    await afterReservePayout?.(p.caseId, p.instalment);
    return { status: 'paid', paidAt: result.paidAt.toISOString(), balanceAfterFen: result.balanceAfterFen, duplicate: result.duplicate };
  },

  /** An amount above the street's reserve rules is disbursed by the county; recorded once per instalment. */
  async recordCountyDisbursement(p: { caseId: string; instalment: number; amountFen: number; orgCode: string; at: string }): Promise<{ paidAt: string }> {
    const result = await recordCountyDisbursement(db, { ...p, at: new Date(p.at) }).catch(nonRetryableConflict);
    return { paidAt: result.paidAt.toISOString() };
  },

  /** 备案: a street approval within its authority, filed with the county. */
  async recordFiling(f: { caseId: string; orgCode: string; kind: string; amountFen: number; approvedBy: string; approvedAt: string }): Promise<void> {
    await recordFiling(db, { ...f, approvedAt: new Date(f.approvedAt) });
  },

  async recordDeliberation(view: DeliberationView): Promise<void> {
    await recordDeliberation(db, view);
  },

  async notify(notes: NotificationInput[]): Promise<void> {
    await insertNotifications(db, notes);
  },

  /** 低保 and 特困 exclude each other: the unique claim refuses the second approval, even a racing one. */
  async claimBasicLiving(c: { applicantIdHash: string; caseId: string; type: CaseType }): Promise<ClaimResult> {
    return claimBasicLiving(db, c);
  },

  async recordRevocation(r: Revocation): Promise<{ recoveryFen: number; listedUntil: IsoDate }> {
    return recordRevocation(db, r);
  },

  async recordReferral(r: Parameters<typeof recordReferral>[1]): Promise<void> {
    await recordReferral(db, r);
  },

  /** Intake checks from our own records: the dishonesty list and existing 低保/特困. */
  async intakeChecks(c: { applicantIdHash: string; asOf: IsoDate }): Promise<{ dishonesty: DishonestyEntryRef[]; recipientOf: CaseType[] }> {
    const [dishonesty, recipients] = await Promise.all([activeDishonestyEntries(db, c.applicantIdHash, c.asOf), recipientOf(db, c.applicantIdHash)]);
    return { dishonesty, recipientOf: recipients };
  },

  async assessApplication(input: { countyCode: string; asOf: IsoDate; household: HouseholdRecord; assessment: AssessmentInput; requested: CaseType[]; recipientOf: CaseType[] }): Promise<Assessment> {
    const standard = await dibaoStandardFen(db, input.countyCode, input.asOf);
    return assess({ ...input, dibaoStandardFen: standard });
  },

  async recordApplication(a: { view: ApplicationView; applicantIdHash: string }): Promise<void> {
    await recordApplication(db, a.view, a.applicantIdHash);
  },
});

export type Activities = ReturnType<typeof createActivities>;
