import { ParentClosePolicy, allHandlersFinished, condition, setHandler, startChild, type ChildWorkflowHandle } from '@temporalio/workflow';
import type { CaseType } from '../domain/cases.js';
import { DEPARTMENT_OF } from '../domain/departments.js';
import { shanghaiDate } from '../domain/dates.js';
import { countyOf } from '../domain/org.js';
import { acts } from './activities.js';
import {
  WORKFLOW_TYPES,
  applicationRegisteredUpdate,
  applicationViewQuery,
  type ApplicationInput,
  type ApplicationView,
  type CaseInput,
  type CaseView,
} from './messages.js';
import { nowIso } from './time.js';

/**
 * 一门受理、协同办理: one application at the street window. Records the 一证两书, checks our own records
 * (the dishonesty list, existing 低保/特困), records the comprehensive assessment (综合评估), and opens one
 * case per requested or proposed aid type, each routed to its department and running on its own clock.
 * The application stays open until every case is closed.
 */
export async function applicationWorkflow(input: ApplicationInput): Promise<ApplicationView> {
  const acceptedAt = input.acceptedAt ?? nowIso();
  const a: ApplicationView = {
    applicationId: input.applicationId,
    orgCode: input.orgCode,
    countyCode: countyOf(input.orgCode),
    applicant: { name: input.applicant.name, idNumberMasked: input.applicant.idNumberMasked, ...(input.applicant.phone ? { phone: input.applicant.phone } : {}) },
    household: input.household,
    acceptedAt,
    acceptedBy: { sub: input.acceptedBy.sub, role: input.acceptedBy.role, org: input.acceptedBy.org },
    commitments: input.commitments,
    pledgedInsteadOfProof: input.pledgedInsteadOfProof,
    flagged: false,
    dishonesty: [],
    recipientOf: [],
    assessment: null,
    cases: [],
    status: 'open',
    closedAt: null,
    version: 0,
  };
  let registered = false;
  setHandler(applicationViewQuery, () => a);
  setHandler(applicationRegisteredUpdate, async () => {
    await condition(() => registered);
    return a;
  });
  const save = async () => {
    a.version++;
    await acts.recordApplication({ view: a, applicantIdHash: input.applicant.idHash });
  };

  const asOf = shanghaiDate(acceptedAt);
  const checks = await acts.intakeChecks({ applicantIdHash: input.applicant.idHash, asOf });
  a.dishonesty = checks.dishonesty;
  a.flagged = checks.dishonesty.length > 0;
  a.recipientOf = checks.recipientOf;
  a.assessment = await acts.assessApplication({
    countyCode: a.countyCode,
    asOf,
    household: input.household,
    assessment: input.assessment,
    requested: input.requested,
    recipientOf: checks.recipientOf,
  });

  const types = a.assessment.measures.filter((m) => m.opensCase).map((m) => m.kind as CaseType);
  const children: Array<ChildWorkflowHandle<(i: CaseInput) => Promise<CaseView>>> = [];
  for (const type of types) {
    const caseId = `${input.applicationId}-${type}`;
    const department = DEPARTMENT_OF[type];
    const caseInput: CaseInput = {
      caseId,
      applicationId: input.applicationId,
      type,
      orgCode: input.orgCode,
      applicant: input.applicant,
      household: input.household,
      acceptedAt,
      acceptedBy: input.acceptedBy,
      ...(type === 'temporary' && input.temporary ? { temporary: input.temporary } : {}),
      intake: {
        checked: true,
        department,
        dishonesty: checks.dishonesty,
        pledgedInsteadOfProof: input.pledgedInsteadOfProof,
        recipientOf: checks.recipientOf,
        ...(type === 'tekun' && input.tekun ? { tekun: input.tekun } : {}),
        ...(type === 'medical' && input.medical ? { medical: input.medical } : {}),
        ...(type === 'education' && input.education ? { education: input.education } : {}),
        ...(type === 'housing' && input.housing ? { housing: input.housing } : {}),
      },
    };
    // Each case outlives this workflow if it is ever terminated: people wait on those decisions.
    children.push(
      await startChild<(i: CaseInput) => Promise<CaseView>>(WORKFLOW_TYPES[type], {
        workflowId: caseId,
        args: [caseInput],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      }),
    );
    a.cases.push({ caseId, type, department });
  }
  await save();
  registered = true;

  // A case that failed is a bug to fix, not a reason to leave the application open forever.
  await Promise.allSettled(children.map((c) => c.result()));
  a.status = 'closed';
  a.closedAt = nowIso();
  await save();
  await condition(allHandlersFinished);
  return a;
}
