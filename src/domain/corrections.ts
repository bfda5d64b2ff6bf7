// 容错纠错 (001 §十三(三)): an error in a case's record corrected with its reason and evidence, the
// original kept. The street's caseworker proposes; the county's 民政 approver (never the proposer)
// approves or refuses; an approved correction applies from then. Pure: the repository and the benefit's
// plan apply what these rules decide.
import { msg, type Message } from './catalogue.js';
import { fen, int, phone, problemIn, text, type Field } from './fields.js';
import { formatFen } from './money.js';
import type { Month } from './months.js';
import { canRead, decidesOwnProposal, isCountyCivilAffairsApprover, type Actor } from './roles.js';
import type { CaseView } from './views.js';

/** What may be corrected: the applicant's particulars, the household's facts, the decided monthly amount. */
export const CORRECTION_PATHS = ['applicant.name', 'applicant.phone', 'applicant.address', 'household.monthlyIncomeFen', 'household.size', 'decision.monthlyAmountFen'] as const;
export type CorrectionPath = (typeof CORRECTION_PATHS)[number];

export const CORRECTION_STATUSES = ['proposed', 'approved', 'refused'] as const;
export type CorrectionStatus = (typeof CORRECTION_STATUSES)[number];

export const CORRECTION_ACTIONS = ['approve', 'refuse'] as const;
export type CorrectionAction = (typeof CORRECTION_ACTIONS)[number];

export type CorrectionValue = string | number;

/** Each path's value, as intake takes the same field (a name as the applicant's, a phone as any phone). */
const VALUE_FIELDS: Record<CorrectionPath, Field> = {
  'applicant.name': text(64),
  'applicant.phone': phone(),
  'applicant.address': text(200),
  'household.monthlyIncomeFen': fen(),
  'household.size': int(1, 20),
  'decision.monthlyAmountFen': fen(),
};

/**
 * The paths whose value is a number (money in fen, a count), as their fields say: the console (web/, which
 * knip does not read) sends these as numbers.
 * @public
 */
export const NUMERIC_CORRECTION_PATHS: readonly CorrectionPath[] = CORRECTION_PATHS.filter((p) => VALUE_FIELDS[p].kind === 'fen' || VALUE_FIELDS[p].kind === 'int');

/** The paths' names as caseworkers say them (the console's labels, the history's summaries). */
export const CORRECTION_PATH_LABELS: Record<CorrectionPath, string> = {
  'applicant.name': '申请人姓名',
  'applicant.phone': '联系电话',
  'applicant.address': '住址',
  'household.monthlyIncomeFen': '家庭月收入',
  'household.size': '家庭人口',
  'decision.monthlyAmountFen': '核定月补助金额',
};

/** What is wrong with a proposed value (400 at `value`), or undefined. */
export function valueProblem(path: CorrectionPath, value: unknown): Message | undefined {
  return problemIn(VALUE_FIELDS[path], value, 'value')?.message;
}

/** A value as a summary says it: money in yuan, a value the record did not hold as （无）. */
export function describeValue(path: CorrectionPath, value: CorrectionValue | null): string {
  if (value === null) return '（无）';
  return VALUE_FIELDS[path].kind === 'fen' ? formatFen(value as number) : String(value);
}

/** A value kept as text, read back as its path's kind. */
export const valueFromText = (path: CorrectionPath, kept: string): CorrectionValue => (VALUE_FIELDS[path].kind === 'text' || VALUE_FIELDS[path].kind === 'phone' ? kept : Number(kept));

/** A text value as it is kept (trimmed, as intake keeps its text). */
export const normalisedValue = (value: CorrectionValue): CorrectionValue => (typeof value === 'string' ? value.trim() : value);

/** A caseworker of the case's own street proposes. */
export const mayPropose = (actor: Actor, caseOrgCode: string): boolean => actor.role === 'caseworker' && actor.org === caseOrgCode;

/** Corrections of a street are read by its caseworkers and by its county's 民政 approvers, supervisors and auditors. */
export const mayReadCorrections = (actor: Actor, orgCode: string): boolean => canRead(actor, 'corrections', orgCode);

/** One step of a correction's life, kept on it: who, when, what, why — and the two values it concerned. */
export interface CorrectionStep {
  action: 'propose' | CorrectionAction;
  at: string;
  by: { sub: string; role: string; name?: string };
  before: CorrectionValue | null;
  after: CorrectionValue;
  note?: string;
  reason?: string;
}

/** What the action rules read of a correction. */
export interface CorrectionFacts {
  status: CorrectionStatus;
  countyCode: string;
  proposedBy: string;
}

/** What stops `actor` deciding a correction: not the county's 民政 approver, or its proposer (403); decided already (409). */
export function correctionActionProblem(actor: Actor, c: CorrectionFacts, action: CorrectionAction): { status: 403 | 409; message: Message } | undefined {
  if (!isCountyCivilAffairsApprover(actor, c.countyCode)) return { status: 403, message: msg('correction.mayNot', { action: msg(`correction.action.${action}`) }) };
  if (decidesOwnProposal(actor, c.proposedBy)) return { status: 403, message: msg('correction.ownProposal') };
  if (c.status !== 'proposed') return { status: 409, message: msg('correction.wrongStatus', { action: msg(`correction.action.${action}`), status: msg(`correction.status.${c.status}`) }) };
  return undefined;
}

export const statusAfter = (action: CorrectionAction): CorrectionStatus => (action === 'approve' ? 'approved' : 'refused');

export const allowedCorrectionActions = (actor: Actor, c: CorrectionFacts): CorrectionAction[] => CORRECTION_ACTIONS.filter((a) => !correctionActionProblem(actor, c, a));

/** A decided amount changes the case's benefit (its money); every other path corrects the case's record. */
export const correctsBenefit = (path: CorrectionPath): boolean => path === 'decision.monthlyAmountFen';

/**
 * The value a path holds in a case's record, or null where it holds none (a phone never given);
 * undefined when there is nothing to correct — no decided amount on a case not approved with one (409).
 */
export function valueIn(view: Pick<CaseView, 'applicant' | 'household' | 'decision'>, path: CorrectionPath): CorrectionValue | null | undefined {
  switch (path) {
    case 'applicant.name':
      return view.applicant.name;
    case 'applicant.phone':
      return view.applicant.phone ?? null;
    case 'applicant.address':
      return view.household.address ?? null;
    case 'household.monthlyIncomeFen':
      return view.household.monthlyIncomeFen;
    case 'household.size':
      return view.household.size;
    case 'decision.monthlyAmountFen':
      return view.decision?.decision === 'approve' && view.decision.monthlyAmountFen !== undefined ? view.decision.monthlyAmountFen : undefined;
  }
}

/** An approved correction, as the case shows it beside the value it replaced. */
export interface AppliedCorrection {
  correctionId: string;
  path: CorrectionPath;
  before: CorrectionValue | null;
  after: CorrectionValue;
  approvedAt: string;
}

/**
 * The case's record with its approved corrections applied, in the order approved. The workflow's state
 * and the audit trail keep the original: the case shows both.
 */
export function correctedView<V extends Pick<CaseView, 'applicant' | 'household' | 'decision' | 'amountFen'>>(view: V, applied: readonly AppliedCorrection[]): V {
  let v = view;
  for (const { path, after } of applied) {
    switch (path) {
      case 'applicant.name':
        v = { ...v, applicant: { ...v.applicant, name: after as string } };
        break;
      case 'applicant.phone':
        v = { ...v, applicant: { ...v.applicant, phone: after as string } };
        break;
      case 'applicant.address':
        v = { ...v, household: { ...v.household, address: after as string } };
        break;
      case 'household.monthlyIncomeFen':
        v = { ...v, household: { ...v.household, monthlyIncomeFen: after as number } };
        break;
      case 'household.size':
        v = { ...v, household: { ...v.household, size: after as number } };
        break;
      case 'decision.monthlyAmountFen':
        v = { ...v, amountFen: after as number, ...(v.decision ? { decision: { ...v.decision, monthlyAmountFen: after as number } } : {}) };
        break;
    }
  }
  return v;
}

/** A month already sent to the decision's payee, at the amount it was sent. */
export interface SentMonth {
  month: Month;
  payee: string;
  amountFen: number;
}

/** What an amount correction settles for the months already sent: 补发 when it is higher, recovery when lower. */
export interface CorrectionEffect {
  backPayFen?: number;
  recoveryFen?: number;
  /** Each month sent at another amount: what was sent and what the corrected amount is. */
  months: Array<SentMonth & { correctedFen: number }>;
}

/**
 * The difference over the months already sent at the wrong amount, netted: the payments sent stay as
 * they were, and what is owed either way is one figure — 补发 (backPayFen) when the corrected amount
 * is higher, recovery (recoveryFen) when lower; neither when nothing was sent at another amount.
 */
export function correctionEffect(correctedFen: number, sent: readonly SentMonth[]): CorrectionEffect {
  const months = sent.filter((s) => s.amountFen !== correctedFen).map((s) => ({ ...s, correctedFen }));
  const net = months.reduce((sum, m) => sum + (m.correctedFen - m.amountFen), 0);
  return { ...(net > 0 ? { backPayFen: net } : {}), ...(net < 0 ? { recoveryFen: -net } : {}), months };
}

/**
 * The case's audit trail numbers the workflow's entries from 1; a correction's entries sit beside them,
 * written outside the workflow, in a range its own entries never reach (two per correction: proposed, decided).
 */
const AUDIT_SEQ_BASE = 1_000_000_000;
export const correctionAuditSeq = (seq: number, step: 'propose' | 'decide'): number => AUDIT_SEQ_BASE + seq * 2 + (step === 'decide' ? 1 : 0);
