import { ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import { checkAction } from '../domain/cases.js';
import type { Actor } from '../domain/roles.js';
import type { CaseRecord } from './case-record.js';
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
  type CaseFailureType,
} from './messages.js';

export const reject = (type: CaseFailureType, message: string) => ApplicationFailure.create({ type, message, nonRetryable: true });

export interface CaseHandlers<R extends CaseActionRequest> {
  /** False until the case is registered, and while a step is mid-way (the next validator must wait). */
  ready: () => boolean;
  /** Payload and invariant checks beyond role, scope and step; throw `reject(...)`. */
  validate: (actor: Actor, request: R) => void;
  /** Applies a validated action; state changes before the first await, so the next validator sees them. */
  apply: (actor: Actor, request: R) => Promise<void>;
}

/**
 * The query, the registration update and the action update every case workflow has. The validator
 * rejects a wrong role or street (Forbidden) or step (InvalidTransition) before anything is recorded.
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
      await h.apply(actor, request as R);
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
        h.validate(actor, request as R);
      },
    },
  );
  return calendar;
}
