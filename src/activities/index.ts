import type { CaseType } from '../domain/cases.js';
import type { IsoDate } from '../domain/dates.js';
import { computeDeadline, resumeDeadline, type ComputedDeadline, type DeadlineTerms } from '../domain/deadline.js';
import type { CasePolicy } from '../domain/policy.js';
import { loadWorkingCalendar } from '../db/calendar.js';
import { recordCaseStep, type CaseStep } from '../db/case-records.js';
import type { Db } from '../db/client.js';
import { casePolicy } from '../db/policies.js';

export interface ActivityDeps {
  db: Db;
}

/**
 * Activities bind the repositories to Temporal. Each is idempotent: reads, or writes keyed so that a
 * retry (or a replay after a worker crash) changes nothing the first attempt already did.
 */
export const createActivities = ({ db }: ActivityDeps) => ({
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
});

export type Activities = ReturnType<typeof createActivities>;
