import type { CaseType, Recipience } from './cases.js';
import { formatFen } from './money.js';

/** 综合评估 (000; 001 §七; 003 §六): what the window records about the household's hardship. */
export type AssessmentInput = {
  householdStructure?: { elderly?: number; children?: number; students?: number; disabled?: number; singleParent?: boolean; livesAlone?: boolean };
  health?: { seriousIllness?: boolean; disability?: boolean; note?: string };
  workAbility?: 'full' | 'partial' | 'none';
  causeOfHardship?: string;
  rigidExpensesFen?: { medical?: number; education?: number; other?: number };
  /** A child applicant (the API reads the age from the ID): both parents dead or missing, and a guardian named. */
  child?: { parentsGone: boolean; guardianNamed: boolean };
};

export type MeasureKind = CaseType | 'employment' | 'charity';

export type Measure = {
  kind: MeasureKind;
  /** requested by the applicant, or proposed by the assessment. */
  source: 'requested' | 'proposed';
  reason: string;
  /** Whether a case is opened for it now (a referral or an aid that needs more data is not). */
  opensCase: boolean;
};

export type Assessment = {
  perCapitaIncomeFen: number;
  dibaoStandardFen: number;
  input: AssessmentInput;
  measures: Measure[];
};

/** Types the assessment may open a case for by itself: they need nothing more than the window has. */
const PROPOSABLE: readonly CaseType[] = ['dibao', 'tekun', 'education'];

/**
 * Proposes the package of measures (ours, conservative): each with its reason, so a caseworker can see
 * why. Requested types always open a case; proposals open one only where no further data is needed.
 */
export function assess(a: {
  household: { size: number; monthlyIncomeFen: number };
  assessment: AssessmentInput;
  requested: CaseType[];
  recipientOf: Recipience[];
  dibaoStandardFen: number;
}): Assessment {
  const { household, assessment: x } = a;
  const perCapita = Math.floor(household.monthlyIncomeFen / Math.max(household.size, 1));
  const belowStandard = perCapita < a.dibaoStandardFen;
  const proposals: Array<{ kind: MeasureKind; reason: string }> = [];
  const s = x.householdStructure ?? {};
  const noSupport = (s.livesAlone ?? household.size === 1) && x.workAbility === 'none';
  if (noSupport && !a.recipientOf.includes('tekun')) {
    proposals.push({ kind: 'tekun', reason: 'no work ability and no one to support them: 特困供养' });
  } else if (belowStandard && !a.recipientOf.includes('dibao') && !a.recipientOf.includes('tekun')) {
    proposals.push({ kind: 'dibao', reason: `per-capita income ${formatFen(perCapita)} below the 低保 standard ${formatFen(a.dibaoStandardFen)}` });
  }
  if (x.health?.seriousIllness || (x.rigidExpensesFen?.medical ?? 0) > 0) {
    proposals.push({ kind: 'medical', reason: 'serious illness or medical expenses: 医疗救助 (needs the hospital bills)' });
  }
  if ((s.students ?? 0) > 0 || (x.rigidExpensesFen?.education ?? 0) > 0) {
    proposals.push({ kind: 'education', reason: 'students in the household: 教育救助' });
  }
  // 孤儿 (001 §二(一)): a minor whose parents are both dead or missing; the case opens once a guardian is named.
  if (x.child?.parentsGone && !a.requested.includes('defacto-orphan')) {
    proposals.push({ kind: 'orphan', reason: 'a minor whose parents are both dead or missing: 孤儿基本生活保障' });
  }
  if ((x.workAbility === 'full' || x.workAbility === 'partial') && belowStandard) {
    proposals.push({ kind: 'employment', reason: 'able to work and below the standard: 就业 referral' });
  }
  const measures: Measure[] = a.requested.map((kind) => ({ kind, source: 'requested', reason: 'requested at the window', opensCase: true }));
  for (const p of proposals) {
    if (measures.some((m) => m.kind === p.kind)) continue;
    // 低保 and 特困 exclude each other: do not propose one beside a request for the other.
    if ((p.kind === 'dibao' && a.requested.includes('tekun')) || (p.kind === 'tekun' && a.requested.includes('dibao'))) continue;
    const opensCase = (PROPOSABLE as readonly string[]).includes(p.kind) || (p.kind === 'orphan' && x.child?.guardianNamed === true);
    measures.push({ ...p, source: 'proposed', opensCase });
  }
  return { perCapitaIncomeFen: perCapita, dibaoStandardFen: a.dibaoStandardFen, input: x, measures };
}
