import { condition, setHandler } from '@temporalio/workflow';
import { checkAction } from '../domain/cases.js';
import type { Actor } from '../domain/roles.js';
import { applyCommon, isCommonAction, validateCommon } from './case-common.js';
import type { CaseRecord } from './case-record.js';
import { reject } from './failures.js';
import type { CalendarWatch } from './clock.js';
import {
  CaseFailure,
  actionContextOf,
  caseActionUpdate,
  caseRegisteredUpdate,
  caseViewQuery,
  calendarChangedSignal,
  type CaseActionArgs,
  type CaseActionRequest,
} from './messages.js';


export interface CaseHandlers<R extends CaseActionRequest> {
  /** False until the case is registered, and while a step is mid-way (the next validator must wait). */
  ready: () => boolean;
  /** Payload and invariant checks beyond role, scope and step; throw `reject(...)`. */
  validate: (actor: Actor, request: R) => void;
  /** Applies a validated action; state changes before the first await, so the next validator sees them. */
  apply: (actor: Actor, request: R) => Promise<void>;
  /** Ends the deadline clock (a refused review or a revocation closes the case); whether it was late. */
  stopClock: () => { late: boolean };
}

/**
 * The query, the registration update and the action update every case workflow has. The validator
 * rejects a wrong role or street (Forbidden) or step (InvalidTransition) before anything is recorded.
 * The actions every type shares (review, verification, referrals) are handled here; the rest by `h`.
 */
export function setCaseHandlers<R extends CaseActionRequest>(record: CaseRecord, h: CaseHandlers<R>, registered: () => boolean): CalendarWatch {
  const calendar: CalendarWatch = { changed: false };
  setHandler(calendarChangedSignal, () => {
    calendar.changed = true;
  });
  setHandler(caseViewQuery, () => record.view());
  setHandler(caseRegisteredUpdate, async () => {
    await condition(registered);
    return record.view();
  });
  setHandler(
    caseActionUpdate,
    async ({ actor, request }: CaseActionArgs) => {
      if (isCommonAction(request)) await applyCommon(record, actor, request, { stopClock: h.stopClock });
      else await h.apply(actor, request as R);
      await record.save();
      return record.view();
    },
    {
      validator: ({ actor, request }: CaseActionArgs) => {
        if (!h.ready()) throw reject(CaseFailure.InvalidTransition, 'case is busy; retry');
        const check = checkAction(request.action, actor, actionContextOf(record.state));
        if (!check.ok) {
          throw reject(check.reason === 'forbidden' ? CaseFailure.Forbidden : CaseFailure.InvalidTransition, check.message);
        }
        if (isCommonAction(request)) validateCommon(request);
        else h.validate(actor, request as R);
      },
    },
  );
  return calendar;
}
