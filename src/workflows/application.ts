import { ParentClosePolicy, allHandlersFinished, condition, setHandler, startChild, type ChildWorkflowHandle } from '@temporalio/workflow';
import { AID } from '../domain/aid/index.js';
import type { CaseType } from '../domain/cases.js';
import { isChildType } from '../domain/child.js';
import { shanghaiDate } from '../domain/dates.js';
import { countyOf } from '../domain/org.js';
import type { ApplicationView, CaseView } from '../domain/views.js';
import { acts } from './activities.js';
import { applicationRegisteredUpdate, applicationViewQuery, type ApplicationInput, type CaseInput } from './messages.js';
import { nowIso } from './time.js';

type CaseChild = ChildWorkflowHandle<(i: CaseInput) => Promise<CaseView>>;

/** One application at the window, its checks and assessment, and the cases it opened. */
class Application {
  readonly a: ApplicationView;
  private registered = false;

  constructor(private readonly input: ApplicationInput) {
    this.a = {
      applicationId: input.applicationId,
      orgCode: input.orgCode,
      countyCode: countyOf(input.orgCode),
      applicant: { name: input.applicant.name, idNumberMasked: input.applicant.idNumberMasked, ...(input.applicant.phone ? { phone: input.applicant.phone } : {}) },
      household: input.household,
      acceptedAt: input.acceptedAt ?? nowIso(),
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
  }

  listen(): void {
    setHandler(applicationViewQuery, () => this.a);
    setHandler(applicationRegisteredUpdate, async () => {
      await condition(() => this.registered);
      return this.a;
    });
  }

  private async save(): Promise<void> {
    this.a.version++;
    await acts.recordApplication({ view: this.a, applicantIdHash: this.input.applicant.idHash });
  }

  /** Our own records (the dishonesty list, existing 低保/特困), then the 综合评估 and its measures. */
  async checkAndAssess(): Promise<CaseType[]> {
    const { a, input } = this;
    const asOf = shanghaiDate(a.acceptedAt);
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
    return a.assessment.measures.filter((m) => m.opensCase).map((m) => m.kind as CaseType);
  }

  /** One case per aid type, routed to its department; each outlives this workflow if it is ever terminated. */
  async openCases(types: CaseType[]): Promise<CaseChild[]> {
    const children: CaseChild[] = [];
    for (const type of types) {
      const input = this.caseInput(type);
      children.push(await startChild<(i: CaseInput) => Promise<CaseView>>(AID[type].workflowType, { workflowId: input.caseId, args: [input], parentClosePolicy: ParentClosePolicy.ABANDON }));
      this.a.cases.push({ caseId: input.caseId, type, department: input.intake!.department! });
    }
    await this.save();
    this.registered = true;
    return children;
  }

  /** What a case of this type starts with: the application's checks, and the type's own fields. */
  private caseInput(type: CaseType): CaseInput {
    const { input, a } = this;
    return {
      caseId: `${input.applicationId}-${type}`,
      applicationId: input.applicationId,
      type,
      orgCode: input.orgCode,
      applicant: input.applicant,
      household: input.household,
      ...(input.householdId ? { householdId: input.householdId } : {}),
      acceptedAt: a.acceptedAt,
      acceptedBy: input.acceptedBy,
      ...(type === 'temporary' && input.temporary ? { temporary: input.temporary } : {}),
      ...(input.residence ? { residence: input.residence } : {}),
      intake: {
        checked: true,
        department: AID[type].department,
        dishonesty: a.dishonesty,
        pledgedInsteadOfProof: input.pledgedInsteadOfProof,
        recipientOf: a.recipientOf,
        ...(type === 'tekun' && input.tekun ? { tekun: input.tekun } : {}),
        ...(type === 'medical' && input.medical ? { medical: input.medical } : {}),
        ...(type === 'education' && input.education ? { education: input.education } : {}),
        ...(type === 'housing' && input.housing ? { housing: input.housing } : {}),
        ...(type === 'employment' && input.employment ? { employment: input.employment } : {}),
        ...(type === 'legal-aid' && input.legalAid ? { legalAid: input.legalAid } : {}),
        ...(isChildType(type) && input.child ? { child: input.child } : {}),
      },
    };
  }

  /** Closed once every case is; a case that failed is a bug to fix, not a reason to stay open forever. */
  async closeAfter(children: CaseChild[]): Promise<ApplicationView> {
    await Promise.allSettled(children.map((c) => c.result()));
    this.a.status = 'closed';
    this.a.closedAt = nowIso();
    await this.save();
    await condition(allHandlersFinished);
    return this.a;
  }
}

/**
 * 一门受理、协同办理: one application at the street window. Records the 一证两书, checks our own records
 * (the dishonesty list, existing 低保/特困), records the comprehensive assessment (综合评估), and opens one
 * case per requested or proposed aid type, each routed to its department and running on its own clock.
 * The application stays open until every case is closed.
 */
export async function applicationWorkflow(input: ApplicationInput): Promise<ApplicationView> {
  const application = new Application(input);
  application.listen();
  const types = await application.checkAndAssess();
  const children = await application.openCases(types);
  return application.closeAfter(children);
}
