// Monthly benefits (待遇) after an approval of 低保, 特困 or 公租房租赁补贴: what each payee is paid,
// computed from a stored basis and the standards in force for the month, and how a benefit moves
// (change, suspension, 渐退期, review, stop). Pure; safe in the workflow sandbox.
import { checkScoped, type ActionCheck, type ActionRule, type ActionRules } from './action-rules.js';
import { ASSESSED } from './aid/index.js';
import { msg, statusName, typeName, type Bilingual } from './catalogue.js';
import { fen, int, object, oneOf, optional, positiveFen, tagged, text, titled, type Field, type Infer, type Problem } from './fields.js';
import { addMonths, monthOf, type Month } from './months.js';
import type { IsoDate } from './dates.js';
import type { PolicyValueOf } from './policy-values.js';
import { SELF_CARE, type SelfCare } from './self-care.js';
import { STOP_REASONS, STOP_REASON_NAMES } from './stop-reasons.js';
import { changeGuardianFields, isChildType, type ChildType } from './child.js';
import type { Actor, Department, Role } from './roles.js';

export const BENEFIT_TYPES = ['dibao', 'tekun', 'housing', 'defacto-orphan', 'orphan'] as const;
export type BenefitType = (typeof BENEFIT_TYPES)[number];
export const isBenefitType = (t: string): t is BenefitType => (BENEFIT_TYPES as readonly string[]).includes(t);

export const BENEFIT_STATUSES = ['active', 'suspended', 'phasing-out', 'stopped'] as const;
export type BenefitStatus = (typeof BENEFIT_STATUSES)[number];

/** 低保 and 特困 are basic living assistance: a person has one of them at a time, never both in a month. */
export const BASIC_LIVING_TYPES: readonly BenefitType[] = ['dibao', 'tekun'];
export const isBasicLiving = (t: BenefitType): boolean => BASIC_LIVING_TYPES.includes(t);



/** 渐退期: at most one year (001 §二(一)); a county's `benefits` policy sets its length within it. */
export const MAX_PHASE_OUT_MONTHS = 12;

/**
 * Region policy `benefits` (ours, per county with a national default): when the first month is, the
 * 低保 minimum, the work costs deducted from an employed member's income, the 渐退期 length (at most
 * MAX_PHASE_OUT_MONTHS), the review cycles and the working days a review may take.
 */
export type BenefitsPolicyValue = PolicyValueOf<'benefits'>;

/** Region policy `tekun-standard`: basic support per month, and the care standard by self-care ability. */
export type TekunStandardValue = PolicyValueOf<'tekun-standard'>;

/** Region policy `child-standard`: 孤儿 and 事实无人抚养儿童 per child per month, and the study age. */
export type ChildStandardValue = PolicyValueOf<'child-standard'>;

/** A child's benefit is reviewed yearly unless the county's `benefits` policy says otherwise (ours). */
const CHILD_REVIEW_MONTHS = 12;

/** The standards a month's amounts are computed from, resolved for one county and month. */
export interface Standards {
  dibaoStandardFen: number;
  tekun: TekunStandardValue;
  child: ChildStandardValue;
  dibaoMinimumFen: number;
  workCostFen: number;
}

/** What one payee's monthly amount follows. */
export type Component =
  | { kind: 'dibao-gap' }
  | { kind: 'tekun-basic' }
  | { kind: 'tekun-care'; selfCare: SelfCare }
  | { kind: 'child'; type: ChildType }
  | { kind: 'fixed'; amountFen: number };

/** A child's guardian is `guardian`, each later one `guardian-2`, `guardian-3`, …: every payee keeps its own months and account. */
export type PayeeKey = 'applicant' | 'carer' | 'guardian' | `guardian-${number}`;

/**
 * A payee's line: its component, plus the adjustment the approver's amount made to it (分类施保 or
 * rounding) — kept, so a new standard moves the amount by exactly what the standard moved.
 */
export interface PayeeLine {
  payee: PayeeKey;
  name: string;
  component: Component;
  adjustmentFen: number;
}

/** What a benefit's amounts are computed from, as of a month (benefit_bases keeps one per change). */
export interface BenefitBasis {
  householdSize: number;
  perCapitaIncomeFen: number;
  employedMembers: number;
  payees: PayeeLine[];
}

export interface PayeeAmount {
  payee: PayeeKey;
  name: string;
  monthlyAmountFen: number;
}

/** Per-capita income after the work costs of employed members (001 §二(一)). */
export function countableIncomeFen(b: Pick<BenefitBasis, 'householdSize' | 'perCapitaIncomeFen' | 'employedMembers'>, s: Pick<Standards, 'workCostFen'>): number {
  return Math.max(0, b.perCapitaIncomeFen - Math.floor((s.workCostFen * b.employedMembers) / b.householdSize));
}

/**
 * The household's countable income takes it off 低保 (into the 渐退期 or out): at or above the
 * standard. The one comparison — the gap below and a change's 渐退期 both read it.
 */
export const incomeLeavesDibao = (b: BenefitBasis, s: Standards): boolean => countableIncomeFen(b, s) >= s.dibaoStandardFen;

/** 低保 补差: (standard − countable per-capita income) × household size, at least the minimum; nothing once income leaves 低保. */
export function dibaoGapFen(b: BenefitBasis, s: Standards): number {
  if (incomeLeavesDibao(b, s)) return 0;
  return Math.max((s.dibaoStandardFen - countableIncomeFen(b, s)) * b.householdSize, s.dibaoMinimumFen);
}

function componentFen(c: Component, b: BenefitBasis, s: Standards): number {
  switch (c.kind) {
    case 'dibao-gap':
      return dibaoGapFen(b, s);
    case 'tekun-basic':
      return s.tekun.basicFen;
    case 'tekun-care':
      return s.tekun.careFen[c.selfCare];
    case 'child':
      return c.type === 'orphan' ? s.child.orphanFen : s.child.defactoOrphanFen;
    case 'fixed':
      return c.amountFen;
  }
}

/** Each payee's amount for a month under these standards; never negative. */
export function amountsOf(b: BenefitBasis, s: Standards): PayeeAmount[] {
  return b.payees.map((p) => ({ payee: p.payee, name: p.name, monthlyAmountFen: Math.max(0, componentFen(p.component, b, s) + p.adjustmentFen) }));
}

export const totalOf = (amounts: readonly PayeeAmount[]): number => amounts.reduce((sum, a) => sum + a.monthlyAmountFen, 0);

/** A basis and the month it governs from (benefit_bases keeps one per change). */
export interface DatedBasis {
  fromMonth: Month;
  basis: BenefitBasis;
}

/** The basis in force for a month: the latest from that month or before; before its first month, the first (the one it will pay). */
export function basisAt(bases: readonly DatedBasis[], month: Month): BenefitBasis {
  const sorted = [...bases].sort((a, b) => (a.fromMonth < b.fromMonth ? -1 : 1));
  const inForce = sorted.filter((b) => b.fromMonth <= month).at(-1) ?? sorted[0];
  if (!inForce) throw new Error('a benefit has at least one basis');
  return inForce.basis;
}

/** The month a benefit's amounts are shown (and a 渐退期 freezes): this month, or its first if it has not begun. */
export const shownMonthOf = (firstMonth: Month, today: IsoDate): Month => (monthOf(today) < firstMonth ? firstMonth : monthOf(today));

/** What an approval hands the benefit: the case's decision and household, as the case recorded them. */
/** Where a newly opened benefit catches up with its household: changes after the version its decision took. */
export type BenefitCatchUp = { householdId: string; version: number };

export interface BenefitOpening {
  benefitId: string;
  caseId: string;
  type: BenefitType;
  orgCode: string;
  applicantIdHash: string;
  applicantName: string;
  approvedAt: string;
  approvedBy: Actor;
  householdSize: number;
  perCapitaIncomeFen: number;
  employedMembers: number;
  monthlyAmountFen: number;
  /** 特困 dispersed support: the carer and the care fee approved. */
  carer?: { name: string; careFeeFen: number };
  selfCare?: SelfCare;
  /** The register's household as the decision took it: changes recorded after it reach the benefit once open. */
  household?: BenefitCatchUp;
  /** 孤儿, 事实无人抚养儿童: the guardian is paid, and the benefit ends by itself after this month. */
  guardian?: { name: string };
  endsAfterMonth?: Month;
}

/** The basis at approval: each payee's component, with the adjustment that makes it the approved amount today. */
export function openingBasis(o: BenefitOpening, s: Standards): BenefitBasis {
  const household = { householdSize: o.householdSize, perCapitaIncomeFen: o.perCapitaIncomeFen, employedMembers: o.employedMembers };
  const line = (payee: PayeeKey, name: string, component: Component, approvedFen: number): PayeeLine => {
    const computed = componentFen(component, { ...household, payees: [] }, s);
    return { payee, name, component, adjustmentFen: approvedFen - computed };
  };
  switch (o.type) {
    case 'dibao':
      return { ...household, payees: [line('applicant', o.applicantName, { kind: 'dibao-gap' }, o.monthlyAmountFen)] };
    case 'tekun': {
      const payees = [line('applicant', o.applicantName, { kind: 'tekun-basic' }, o.monthlyAmountFen)];
      if (o.carer) payees.push(line('carer', o.carer.name, { kind: 'tekun-care', selfCare: o.selfCare ?? 'full' }, o.carer.careFeeFen));
      return { ...household, payees };
    }
    case 'housing':
      return { ...household, payees: [{ payee: 'applicant', name: o.applicantName, component: { kind: 'fixed', amountFen: o.monthlyAmountFen }, adjustmentFen: 0 }] };
    case 'orphan':
    case 'defacto-orphan':
      // The guardian is paid the child's support (the standard, or the amount approved).
      return { ...household, payees: [line('guardian', o.guardian?.name ?? o.applicantName, { kind: 'child', type: o.type }, o.monthlyAmountFen)] };
  }
}

/** The first month paid: by policy the approval's month or the next, never one an earlier 低保/特困 of the person paid. */
export function firstMonthOf(approvalMonth: Month, policy: Pick<BenefitsPolicyValue, 'firstMonth'>, lastPaidBasicLiving: Month | null): Month {
  const byPolicy = policy.firstMonth === 'next-month' ? addMonths(approvalMonth, 1) : approvalMonth;
  return lastPaidBasicLiving && lastPaidBasicLiving >= byPolicy ? addMonths(lastPaidBasicLiving, 1) : byPolicy;
}

/** The review cycle: 低保 households with members able to work are reviewed sooner (动态管理). */
export function reviewMonthsFor(type: BenefitType, b: Pick<BenefitBasis, 'employedMembers'>, p: BenefitsPolicyValue): number {
  if (type === 'dibao') return b.employedMembers > 0 ? p.reviewMonths.dibaoWithWorkers : p.reviewMonths.dibao;
  return p.reviewMonths[type] ?? CHILD_REVIEW_MONTHS;
}

// ---- Actions --------------------------------------------------------------------------------------

// Each field with its Chinese name: the benefit's `actionForms` draw them as the console's form labels.
const reason = titled(text(2000), '理由');
const findings = titled(text(4000), '调查情况');
const note = optional(titled(text(2000), '备注'));
const stopReason = titled(oneOf(STOP_REASONS, STOP_REASON_NAMES), '停止原因');
const change = {
  perCapitaIncomeFen: optional(titled(fen(), '家庭人均月收入')),
  householdSize: optional(titled(int(1, 50), '家庭人口')),
  employedMembers: optional(titled(int(0, 50), '就业人数')),
  selfCare: optional(titled(oneOf(SELF_CARE, { full: '完全自理', partial: '部分失能', none: '完全失能' }), '生活自理能力')),
  monthlyAmountFen: optional(titled(positiveFen(), '月补贴金额')),
};
/** 复核's outcomes as caseworkers name them. */
const REVIEW_OUTCOMES = { continue: '继续享受', change: '调整待遇', stop: '停止发放' } as const;

/** What each benefit action carries, stated once: the API's schemas and the workflow's checks derive from it. */
export const BENEFIT_ACTIONS = {
  'record-change': { summary: '家庭情况变化: recomputes the amount from next month', payload: object({ ...change, reason }) },
  suspend: { summary: '暂停发放 (e.g. unreachable): no month is paid while suspended', payload: object({ reason }) },
  resume: { summary: '恢复发放 from the next payroll', payload: object({ note }) },
  stop: { summary: '停止发放: no month after the stop is paid', payload: object({ reason: stopReason, note }) },
  'change-guardian': { summary: '变更监护人 (孤儿, 事实无人抚养儿童): the new guardian is paid from next month', payload: object(changeGuardianFields) },
  'record-review': {
    summary: '复核: continue, change or stop; sets the next review',
    payload: tagged(
      'outcome',
      {
        continue: { findings },
        change: { findings, ...change },
        stop: { findings, reason: stopReason },
      },
      REVIEW_OUTCOMES,
    ),
  },
} as const;
export type BenefitAction = keyof typeof BENEFIT_ACTIONS;
export const BENEFIT_ACTION_NAMES = Object.keys(BENEFIT_ACTIONS) as BenefitAction[];

type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type BenefitActionRequest<A extends BenefitAction = BenefitAction> = {
  [K in A]: Simplify<{ action: K } & Infer<(typeof BENEFIT_ACTIONS)[K]['payload']>>;
}[A];
/** Each benefit action's name as caseworkers say it: the benefit's `actionForms` and the console's buttons. */
export const BENEFIT_ACTION_LABELS: Record<BenefitAction, string> = {
  'record-change': '登记情况变化',
  suspend: '暂停发放',
  resume: '恢复发放',
  stop: '停止发放',
  'change-guardian': '变更监护人',
  'record-review': '录入复核',
};

const changeFields = object(change);
export type ChangeFields = Infer<typeof changeFields>;

/** Which fields of a change apply to which type; a field that does not apply is a bad request. */
const CHANGE_FIELDS: Record<BenefitType, ReadonlyArray<keyof typeof change>> = {
  dibao: ['perCapitaIncomeFen', 'householdSize', 'employedMembers'],
  tekun: ['selfCare'],
  housing: ['monthlyAmountFen'],
  orphan: ['monthlyAmountFen'],
  'defacto-orphan': ['monthlyAmountFen'],
};

/** A change's fields of one type only: what a form for this benefit asks (the API still refuses another type's). */
const changeOf = (type: BenefitType) => Object.fromEntries(CHANGE_FIELDS[type].map((k) => [k, change[k]]));

/** What an action carries for a benefit of this type: a change names only the type's own fields. */
export function benefitPayloadOf(type: BenefitType, action: BenefitAction): Field {
  switch (action) {
    case 'record-change':
      return object({ ...changeOf(type), reason });
    case 'record-review':
      return tagged('outcome', { continue: { findings }, change: { findings, ...changeOf(type) }, stop: { findings, reason: stopReason } }, REVIEW_OUTCOMES);
    default:
      return BENEFIT_ACTIONS[action].payload;
  }
}

/** The first field a change carries that its type does not have, or that it carries none. */
export function changeProblem(type: BenefitType, c: ChangeFields): Problem | undefined {
  const given = (Object.keys(change) as Array<keyof typeof change>).filter((k) => c[k] !== undefined);
  const foreign = given.find((k) => !CHANGE_FIELDS[type].includes(k));
  if (foreign) return { path: foreign, message: msg('benefit.foreignChange', { type: typeName(type) }) };
  if (given.length === 0) return { path: CHANGE_FIELDS[type][0]!, message: msg('benefit.changeNames', { fields: CHANGE_FIELDS[type].join(', ') }) };
  return undefined;
}

/** The basis after a change: the household's new facts; 特困's care level; 公租房's new subsidy. */
export function changedBasis(b: BenefitBasis, c: ChangeFields): BenefitBasis {
  return {
    householdSize: c.householdSize ?? b.householdSize,
    perCapitaIncomeFen: c.perCapitaIncomeFen ?? b.perCapitaIncomeFen,
    employedMembers: c.employedMembers ?? b.employedMembers,
    payees: b.payees.map((p) => {
      if (p.component.kind === 'tekun-care' && c.selfCare) return { ...p, component: { kind: 'tekun-care', selfCare: c.selfCare } };
      if ((p.component.kind === 'fixed' || p.component.kind === 'child') && c.monthlyAmountFen !== undefined) return { ...p, component: { kind: 'fixed', amountFen: c.monthlyAmountFen }, adjustmentFen: 0 };
      return p;
    }),
  };
}

/** 渐退期: the amounts paid now, frozen, for the phase-out months (no standard moves them any more). */
export function frozenBasis(b: BenefitBasis, s: Standards): BenefitBasis {
  const amounts = amountsOf(b, s);
  return { ...b, payees: b.payees.map((p, i) => ({ ...p, component: { kind: 'fixed', amountFen: amounts[i]!.monthlyAmountFen }, adjustmentFen: 0 })) };
}

/** Who acts on a benefit: the street's caseworker, or an approver of the county for the type's department. */
export const BENEFIT_ACTORS = ['caseworker', 'approver'] as const satisfies readonly Role[];

/** What the action rules read of a benefit (the workflow's state or the read model's row). */
export interface BenefitContext {
  type: BenefitType;
  orgCode: string;
  department: Department;
  status: BenefitStatus;
}

export const benefitContextOf = (b: { type: BenefitType; orgCode: string; status: BenefitStatus }): BenefitContext => ({
  type: b.type,
  orgCode: b.orgCode,
  status: b.status,
  department: ASSESSED[b.type].department,
});

/** Each of the benefit's actors, in these statuses. */
const actorsWhen = (...statuses: BenefitStatus[]): ActionRule<BenefitContext> => {
  const when = (c: BenefitContext) => statuses.includes(c.status);
  return Object.fromEntries(BENEFIT_ACTORS.map((role) => [role, when]));
};

/** Who may take each action, and from which statuses (else 409): the cases' language (action-rules.ts). */
const BENEFIT_RULES: Required<ActionRules<BenefitAction, BenefitContext>> = {
  'record-change': actorsWhen('active'),
  suspend: actorsWhen('active', 'phasing-out'),
  resume: actorsWhen('suspended'),
  stop: actorsWhen('active', 'suspended', 'phasing-out'),
  'change-guardian': Object.fromEntries(BENEFIT_ACTORS.map((role) => [role, (c: BenefitContext) => isChildType(c.type) && (c.status === 'active' || c.status === 'suspended')])),
  'record-review': actorsWhen('active', 'suspended', 'phasing-out'),
};

const benefitActionName = (a: string): Bilingual => ({ zh: BENEFIT_ACTION_LABELS[a as BenefitAction] ?? a, en: a });

/** Role and scope (403), then status (409): the route before calling the workflow, and the workflow's validator. */
export const checkBenefitAction = (action: BenefitAction, actor: Actor, c: BenefitContext): ActionCheck =>
  checkScoped(BENEFIT_RULES[action], action, actor, c, {
    noun: msg('noun.benefit'),
    state: (a, b) =>
      a === 'change-guardian' && !isChildType(b.type)
        ? msg('benefit.onlyChild')
        : b.status === 'stopped'
          ? msg('benefit.stopped')
          : msg('benefit.notWhile', { action: benefitActionName(a), status: statusName(b.status) }),
  });

/** The actions the actor may take on the benefit now, by the same check (the benefit's `allowedActions`). */
export const allowedBenefitActions = (actor: Actor, c: BenefitContext): BenefitAction[] => BENEFIT_ACTION_NAMES.filter((a) => checkBenefitAction(a, actor, c).ok);

/** The lifecycle facts the benefit workflow keeps; money lives in PostgreSQL. */
export interface BenefitState {
  benefitId: string;
  caseId: string;
  type: BenefitType;
  orgCode: string;
  status: BenefitStatus;
  /** The last month paid (a stop's month, or the 渐退期's end); null while open-ended. */
  lastMonth: Month | null;
  reviewDueDate: IsoDate;
  /** Set when the review opens: the working-day deadline to record it. */
  reviewDeadline: IsoDate | null;
  reviewOverdue: boolean;
  version: number;
}

/** Internal steps the benefit's own timers take, recorded like actions. */
/**
 * A change of the household register (POST /v1/households/:id/changes) as it reaches a 低保 benefit:
 * the household's facts from its effective day, recomputed from the month after it (or the next month
 * not yet sent: no back-pay, no recovery).
 */
export interface HouseholdChangeStep {
  action: 'household-change';
  changeId: string;
  effectiveOn: IsoDate;
  reason: string;
  householdSize: number;
  perCapitaIncomeFen: number;
  employedMembers: number;
}

/**
 * 容错纠错 (src/domain/corrections.ts): the decided monthly amount corrected — from the first month not
 * yet sent, with the 补发 or recovery the months already sent imply; no sent payment is rewritten.
 */
export interface AmountCorrectionStep {
  action: 'correct-amount';
  correctionId: string;
  monthlyAmountFen: number;
  reason: string;
}

export type ServiceStep = { action: 'age-out' } | { action: 'open-review' } | { action: 'recount-review' } | { action: 'review-overdue' } | { action: 'end-phase-out' } | { action: 'revoke'; reason: string } | HouseholdChangeStep | AmountCorrectionStep;
export type BenefitStep = BenefitActionRequest | ServiceStep;

