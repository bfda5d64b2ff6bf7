import type { AcceptanceFacts, AcceptanceRequest, IntakeChecks } from '../domain/acceptance.js';
import type { IsoDate } from '../domain/dates.js';
import { computeDeadline } from '../domain/deadline.js';
import { recipientOf } from './benefit-claims.js';
import { loadWorkingCalendar } from './calendar.js';
import type { Db } from './client.js';
import { activeDishonestyEntries } from './dishonesty-list.js';
import { casePolicy } from './policies.js';

/** Our records on the applicant on a day: the dishonesty entries in force and existing 低保/特困. */
export async function intakeChecks(db: Db, c: { applicantIdHash: string; asOf: IsoDate }): Promise<IntakeChecks> {
  const [dishonesty, recipients] = await Promise.all([activeDishonestyEntries(db, c.applicantIdHash, c.asOf), recipientOf(db, c.applicantIdHash)]);
  return { dishonesty, recipientOf: recipients };
}

/**
 * What acceptance reads (src/domain/acceptance.ts): our records, the policy in force on the day, and the
 * deadline it sets from that day on the case's region's calendar. Reads only, one after the other, so a
 * start holds at most two of the pool's connections.
 */
export async function readAcceptanceFacts(db: Db, a: AcceptanceRequest): Promise<AcceptanceFacts> {
  const checks = a.checks ? await intakeChecks(db, { applicantIdHash: a.checks.applicantIdHash, asOf: a.asOf }) : undefined;
  const policy = await casePolicy(db, a.countyCode, a.type, a.asOf);
  const calendar = a.deadline ? await loadWorkingCalendar(db, a.deadline.orgCode) : undefined;
  const deadline = calendar && computeDeadline(calendar, { startDate: a.asOf, workingDays: policy.deadlineWorkingDays, reminderWorkingDays: policy.reminderWorkingDays });
  return { policy, ...(checks ? { checks } : {}), ...(deadline ? { deadline } : {}) };
}
