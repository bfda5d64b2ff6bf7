// What a case's acceptance reads from our data: the request, and the facts it gets back. The workflow
// asks for them in a local activity; the API, which starts most cases, reads them with the same request
// at the window and hands them in with the start (`CaseInput.acceptance`), so the workflow's first task
// need not ask again. Either way the facts come from one reader (src/db/acceptance.ts).
import type { CaseType, Recipience } from './cases.js';
import type { IsoDate } from './dates.js';
import type { ComputedDeadline } from './deadline.js';
import type { CasePolicy } from './policy.js';
import type { DishonestyEntryRef } from './views.js';

/** Our records on the applicant: the dishonesty list and existing 低保/特困. */
export interface IntakeChecks {
  dishonesty: DishonestyEntryRef[];
  recipientOf: Recipience[];
}

/** What acceptance reads: the policy in force on the day, our records (unless already read), the deadline (when the clock starts at acceptance). */
export interface AcceptanceRequest {
  countyCode: string;
  type: CaseType;
  asOf: IsoDate;
  checks?: { applicantIdHash: string };
  deadline?: { orgCode: string };
}

export interface AcceptanceFacts {
  policy: CasePolicy;
  checks?: IntakeChecks;
  deadline?: ComputedDeadline;
}

/** The facts read at the window, with the request they answer. */
export interface AcceptanceReading {
  request: AcceptanceRequest;
  facts: AcceptanceFacts;
}

/**
 * The request for a case accepted in `countyCode` on `asOf`: our records unless an application read them
 * (`recordsChecked`), the deadline when the type's clock starts at acceptance.
 */
export function acceptanceRequest(c: {
  countyCode: string;
  orgCode: string;
  type: CaseType;
  asOf: IsoDate;
  applicantIdHash: string;
  recordsChecked: boolean;
  clockFromAcceptance: boolean;
}): AcceptanceRequest {
  return {
    countyCode: c.countyCode,
    type: c.type,
    asOf: c.asOf,
    ...(c.recordsChecked ? {} : { checks: { applicantIdHash: c.applicantIdHash } }),
    ...(c.clockFromAcceptance ? { deadline: { orgCode: c.orgCode } } : {}),
  };
}

/** Whether facts read for `given` answer `wanted`: the same county, type, day, records and deadline asked. */
export function answersRequest(given: AcceptanceRequest, wanted: AcceptanceRequest): boolean {
  return (
    given.countyCode === wanted.countyCode &&
    given.type === wanted.type &&
    given.asOf === wanted.asOf &&
    given.checks?.applicantIdHash === wanted.checks?.applicantIdHash &&
    given.deadline?.orgCode === wanted.deadline?.orgCode
  );
}
