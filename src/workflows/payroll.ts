import { allHandlersFinished, condition, setHandler } from '@temporalio/workflow';
import { msg, roleName, statusName } from '../domain/catalogue.js';
import { departmentOf, type Actor } from '../domain/roles.js';
import type { PayrollView } from '../domain/views.js';
import { acts } from './activities.js';
import { reject } from './failures.js';
import { CaseFailure, payrollReleaseUpdate, payrollStateQuery } from './messages.js';
import { nowIso } from './time.js';

/**
 * A county's monthly payroll: prepared in one set-based activity (one payment per benefit, month and
 * payee, so a retry or a second run pays nothing twice), released by the county's civil-affairs
 * approver, then sent — the bank file is produced from the payments it marks sent.
 */
export async function payrollWorkflow(input: { payrollId: string }): Promise<PayrollView> {
  let view: PayrollView | undefined;
  let releasing = false;
  setHandler(payrollStateQuery, () => view!);
  setHandler(
    payrollReleaseUpdate,
    async ({ actor }: { actor: Actor }) => {
      releasing = true;
      view = await acts.releasePayroll({ payrollId: input.payrollId, actor, at: nowIso() });
      await condition(() => view!.status === 'sent');
      return view;
    },
    {
      validator: ({ actor }: { actor: Actor }) => {
        if (actor.role !== 'approver' || departmentOf(actor) !== 'minzheng') throw reject(CaseFailure.Forbidden, msg('auth.roleMayNot', { role: roleName(actor.role, actor.dept), what: msg('what.releasePayroll') }));
        if (!view || actor.org !== view.countyCode) throw reject(CaseFailure.Forbidden, msg('action.outsideScope', { noun: msg('noun.payroll') }));
        if (view.status !== 'prepared' || releasing) throw reject(CaseFailure.InvalidTransition, msg('payroll.is', { status: statusName(releasing ? 'releasing' : view.status) }));
      },
    },
  );
  view = await acts.preparePayroll({ payrollId: input.payrollId });
  // A run started again for a payroll already sent (its first run long closed) has nothing to do.
  await condition(() => view!.status === 'released' || view!.status === 'sent');
  if (view.status === 'released') view = await acts.markPayrollSent({ payrollId: input.payrollId, at: nowIso() });
  await condition(allHandlersFinished);
  return view;
}
