import type { ActionRequest, ApprovalField } from '../action-payloads.js';
import type { ActionRules } from '../action-rules.js';
import type { AssessedStep, AssessedType, CaseType } from '../cases.js';
import type { Field, Problem } from '../fields.js';
import type { PolicyKey } from '../policy.js';
import type { Department } from '../roles.js';
import type { CaseView } from '../views.js';

export type ApproveRequest = Extract<ActionRequest<'decide'>, { decision: 'approve' }>;

/** One aid type as its policy states it: who decides, what its steps are, what an approval carries. */
export interface AidDeclaration {
  type: CaseType;
  /** Its short name, as the window and the history say it. */
  name: string;
  /** 一门受理: the department the window routes it to; that department's approvers decide it. */
  department: Department;
  /** The Temporal workflow type that runs it. */
  workflowType: string;
  /** Who may take each of the type's own actions, and when (the actions every case has are added). */
  actions: ActionRules;
  /**
   * What its approval carries: the fields it requires and those it allows (any other field is
   * refused, 400 naming it), and any check against the case (e.g. not more than the bill).
   */
  approval: {
    requires: readonly ApprovalField[];
    allows: readonly ApprovalField[];
    /** 低保 may also be decided `low-income` (低保边缘: recognised, no allowance). */
    lowIncome?: boolean;
    /** The type's own shape for a field it shares by name with other types (就业/法律援助 measures from a closed list). */
    shapes?: Partial<Record<ApprovalField, Field>>;
    check?: (r: ApproveRequest, c: CaseView) => Problem | undefined;
  };
  /** The policy values (rows of the `policies` table) its lifecycle reads. */
  policyKeys: readonly PolicyKey[];
}

/** An aid type decided after assessment steps, under a working-day deadline. */
export interface AssessedDeclaration extends AidDeclaration {
  type: AssessedType;
  steps: readonly AssessedStep[];
  /** Where an upheld publicity objection sends the case back to. */
  publicityReturnsTo?: AssessedStep;
  /** 公租房: the clock runs from the end of publicity without objection, not from acceptance. */
  clockFrom: 'acceptance' | 'publicity-end';
  /** Steps our own records make unnecessary for an existing 低保/特困 recipient. */
  skippedForRecipients?: readonly AssessedStep[];
}

/** The problem an approval's own check finds against the case (its fields are the payload's to check). */
export function approvalProblems(decl: AidDeclaration, r: ApproveRequest, c: CaseView): Problem[] {
  const problem = decl.approval.check?.(r, c);
  return problem ? [problem] : [];
}

/** The steps this case takes, given whether our records show it as an existing recipient. */
export function stepsFor(decl: AssessedDeclaration, isRecipient: boolean): AssessedStep[] {
  return decl.steps.filter((s) => !(isRecipient && decl.skippedForRecipients?.includes(s)));
}

/** The step after `current` in this case's path. */
export function stepAfter(steps: readonly AssessedStep[], current: AssessedStep): AssessedStep {
  const i = steps.indexOf(current);
  return i >= 0 && i + 1 < steps.length ? steps[i + 1]! : 'closed';
}
