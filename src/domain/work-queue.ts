import type { CaseAction } from './action-payloads.js';
import { actionContextOf } from './action-rules.js';
import { allowedActions } from './aid/index.js';
import type { Actor } from './roles.js';
import type { CaseView } from './views.js';

/**
 * Actions a role may take at many steps without the case waiting for it: recording an objection while
 * publicity runs, a supplement request, withdrawal, referrals, stopping instalments. A case is in
 * someone's work queue when one of the other actions is theirs now.
 */
const ALWAYS_AVAILABLE: ReadonlySet<CaseAction> = new Set<CaseAction>([
  'record-objection',
  'request-supplement',
  'withdraw',
  'refer-to-employment',
  'refer-to-charity',
  'stop-installments',
  'escalate',
  'forward-to-county',
]);

/** The actions by which the case waits on this caller now (empty: it is not the caller's turn). */
export function waitingActions(actor: Actor, view: CaseView): CaseAction[] {
  return allowedActions(actor, actionContextOf(view)).filter((a) => !ALWAYS_AVAILABLE.has(a));
}
