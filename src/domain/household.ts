// A household as the window declares it (members, assets, 特困's supporters), described once as fields
// (fields.ts): the API derives its schema and the workflows their checks from these. The rules that
// span fields — one `self`, IDs valid and not repeated, size and income agreeing with the members —
// are `householdProblems`. Pure; safe in the workflow sandbox.
import { msg, type Message } from './catalogue.js';
import type { IsoDate } from './dates.js';
import { bool, date, describe, fen, int, list, object, oneOf, optional, text, type Infer, type Problem } from './fields.js';
import { MAX_FEN, formatFen } from './money.js';
import { bornBy, isValidResidentId, normaliseResidentId, residentIdBirthDate } from './resident-id.js';

export const RELATIONS = ['self', 'spouse', 'child', 'parent', 'sibling', 'grandparent', 'grandchild', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];
const WORK_ABILITIES = ['full', 'partial', 'none'] as const;
export const INCOME_KINDS = ['wage', 'business', 'property', 'transfer', 'pension', 'other'] as const;
export type IncomeKind = (typeof INCOME_KINDS)[number];

/** A resident ID as typed; its checksum and birth date are checked by `householdProblems`. */
const idNumber = () => describe(text(18), '18-digit resident ID; stored hashed and masked, never in full');

export const incomeField = object({ kind: oneOf(INCOME_KINDS), monthlyFen: describe(fen(), 'monthly, integer fen') });
const incomesField = list(incomeField, 0, 20);

export const memberField = object({
  name: text(64),
  idNumber: idNumber(),
  relation: describe(oneOf(RELATIONS), 'to the applicant; exactly one member is self'),
  livesTogether: optional(describe(bool(), '共同生活; true if absent: only members living together count')),
  workAbility: oneOf(WORK_ABILITIES),
  employed: bool(),
  disabilityLevel: optional(describe(int(1, 4), '残疾等级 1–4')),
  incomes: incomesField,
});

export const assetsField = object({
  depositsFen: fen(),
  securitiesFen: fen(),
  vehicles: int(0, 100),
  homes: int(0, 100),
  businessRegistered: describe(bool(), '名下登记有工商企业'),
});

/** 特困: the 法定赡养/抚养/扶养义务人 and whether they can meet the duty (001 §二(一)). */
export const supporterField = object({
  name: text(64),
  idNumber: optional(idNumber()),
  relation: oneOf(RELATIONS.filter((r) => r !== 'self') as Exclude<Relation, 'self'>[]),
  monthlyIncomeFen: fen(),
  ableToSupport: bool(),
});

/**
 * The household at intake: the old two numbers (`size`, `monthlyIncomeFen`), or the members they are
 * computed from (given as well, they must agree).
 */
export const householdField = object({
  size: optional(describe(int(1, 50), 'members living together; computed from members when they are given')),
  monthlyIncomeFen: optional(describe(fen(), 'the sum of all incomes before exclusions; computed from members when they are given')),
  assetsFen: optional(fen()),
  address: optional(text(200)),
  members: optional(list(memberField, 1, 50)),
  assets: optional(assetsField),
  supporters: optional(list(supporterField, 0, 20)),
});

/**
 * What the economic-check (核对) system reports for `record-economic-check`: its reference and date, the
 * incomes it found per member (by ID number) and the assets. Applied by `applyEconomicCheck`.
 */
export const economicCheckReportField = object({
  reference: text(100),
  checkedOn: describe(date(), 'the day the 核对 system checked; too old on the decision day → check_expired'),
  members: list(object({ idNumber: idNumber(), incomes: incomesField }), 0, 50),
  assets: optional(assetsField),
});

/**
 * The report as `record-economic-check` carries it: the API applies its members and assets to the
 * register (hashing the IDs) and hands the workflow only its reference and date.
 */
export const economicCheckReportPayload = object({ ...economicCheckReportField.fields, members: optional(economicCheckReportField.fields.members) });

export type Income = Infer<typeof incomeField>;
export type MemberPayload = Infer<typeof memberField>;
export type Assets = Infer<typeof assetsField>;
export type SupporterPayload = Infer<typeof supporterField>;
export type HouseholdPayload = Infer<typeof householdField>;
export type EconomicCheckReport = Infer<typeof economicCheckReportField>;

/**
 * A member as the rules need them: no name, no ID number — the birth date (for 特困's age rule) is all
 * the rules read of the ID. The register keeps members in this shape with their hash and mask.
 */
export type MemberFacts = Omit<MemberPayload, 'name' | 'idNumber'> & { birthDate: IsoDate };
export type SupporterFacts = Pick<SupporterPayload, 'relation' | 'monthlyIncomeFen' | 'ableToSupport'>;
export interface HouseholdFacts {
  members: readonly MemberFacts[];
  assets?: Assets;
  supporters?: readonly SupporterFacts[];
}

/** A member as the register keeps them: the facts and the name, the ID only as its keyed hash and mask. */
export type MemberRecord = MemberFacts & { name: string; idHash: string; idNumberMasked: string; livesTogether: boolean };
export type SupporterRecord = SupporterFacts & { name: string; idHash?: string; idNumberMasked?: string };

export const HOUSEHOLD_PARTS = ['members', 'assets', 'supporters'] as const;
export type HouseholdPart = (typeof HOUSEHOLD_PARTS)[number];

/**
 * The change that governs each part on a day: of the changes that set the part, the latest effective
 * on or before it (the later recorded of two on the same day). A part no change had set by then is
 * absent. Each change replaces a part whole, so a later change of assets leaves the members as set.
 */
export function governingChanges<C extends { changeId: string; seq: number; effectiveOn: IsoDate; sets: readonly HouseholdPart[] }>(
  changes: readonly C[],
  on: IsoDate,
): Partial<Record<HouseholdPart, C>> {
  const out: Partial<Record<HouseholdPart, C>> = {};
  for (const c of changes) {
    if (c.effectiveOn > on) continue;
    for (const part of c.sets) {
      const held = out[part];
      if (!held || c.effectiveOn > held.effectiveOn || (c.effectiveOn === held.effectiveOn && c.seq > held.seq)) out[part] = c;
    }
  }
  return out;
}

/** 共同生活: a member counts unless declared as not living together. */
export const livesTogether = (m: Pick<MemberFacts, 'livesTogether'>): boolean => m.livesTogether !== false;

/** The household size: its members living together (001 §二(一) "共同生活的家庭成员"). */
export const sizeOf = (members: readonly Pick<MemberFacts, 'livesTogether'>[]): number => members.filter(livesTogether).length;

/** `monthlyIncomeFen`: every income of the members living together, before any exclusion or deduction. */
export const monthlyIncomeOf = (members: readonly Pick<MemberFacts, 'livesTogether' | 'incomes'>[]): number =>
  members.filter(livesTogether).reduce((sum, m) => sum + m.incomes.reduce((s, i) => s + i.monthlyFen, 0), 0);

/** What the rules read of a declared household: each member’s birth date instead of their name and ID (IDs already valid: see householdProblems). */
export function factsOf(h: Required<Pick<HouseholdPayload, 'members'>> & Pick<HouseholdPayload, 'assets' | 'supporters'>): HouseholdFacts {
  return {
    members: h.members.map(({ name: _n, idNumber: id, ...m }) => ({ ...m, birthDate: residentIdBirthDate(id) })),
    ...(h.assets ? { assets: h.assets } : {}),
    ...(h.supporters ? { supporters: h.supporters.map(({ relation, monthlyIncomeFen, ableToSupport }) => ({ relation, monthlyIncomeFen, ableToSupport })) } : {}),
  };
}

/** The index of the `self` member (the applicant); -1 when there is none. */
export const selfIndex = (members: readonly Pick<MemberFacts, 'relation'>[]): number => members.findIndex((m) => m.relation === 'self');

const exceedsMax = (amounts: readonly number[]): boolean => amounts.reduce((s, a) => s + BigInt(a), 0n) > BigInt(MAX_FEN);

/**
 * Every problem of a declared household beyond its fields' own shapes, each at its path. Without
 * members the old form needs `size` and `monthlyIncomeFen`. With members: exactly one `self`, with the
 * applicant's name and ID and living in the household; every ID valid (born by `today`, when given) and
 * none repeated — a person declared twice is 多报家庭成员 (004 三(四)); `size` and `monthlyIncomeFen`,
 * when given, equal to what the members make them; the incomes summing to an amount the service can
 * carry exactly.
 */
export function householdProblems(applicant: { name: string; idNumber: string }, h: HouseholdPayload, today?: IsoDate): Problem[] {
  const problems: Problem[] = [];
  const { members } = h;
  if (!members) {
    if (h.size === undefined) problems.push({ path: 'size', message: msg('household.requiredWithoutMembers') });
    if (h.monthlyIncomeFen === undefined) problems.push({ path: 'monthlyIncomeFen', message: msg('household.requiredWithoutMembers') });
    supporterProblems(h, problems, today);
    return problems;
  }
  const selves = members.flatMap((m, i) => (m.relation === 'self' ? [i] : []));
  if (selves.length === 0) problems.push({ path: 'members', message: msg('household.oneSelf') });
  for (const i of selves.slice(1)) problems.push({ path: `members.${i}.relation`, message: msg('household.selfTwice', { first: selves[0]! }) });
  const self = selves.length > 0 ? members[selves[0]!]! : undefined;
  if (self) {
    const at = `members.${selves[0]!}`;
    if (self.name.trim() !== applicant.name.trim()) problems.push({ path: `${at}.name`, message: msg('household.selfName') });
    if (normaliseResidentId(self.idNumber) !== normaliseResidentId(applicant.idNumber)) problems.push({ path: `${at}.idNumber`, message: msg('household.selfId') });
    if (!livesTogether(self)) problems.push({ path: `${at}.livesTogether`, message: msg('household.selfLivesTogether') });
  }
  const seen = new Map<string, number>();
  members.forEach((m, i) => {
    const idProblem = residentIdProblem(m.idNumber, today);
    if (idProblem) return problems.push({ path: `members.${i}.idNumber`, message: idProblem });
    const id = normaliseResidentId(m.idNumber);
    const first = seen.get(id);
    if (first !== undefined) return problems.push({ path: `members.${i}.idNumber`, message: msg('household.repeats', { first }) });
    seen.set(id, i);
  });
  const size = sizeOf(members);
  if (h.size !== undefined && h.size !== size) problems.push({ path: 'size', message: msg('household.sizeDisagrees', { size }) });
  const incomes = members.filter(livesTogether).flatMap((m) => m.incomes.map((i) => i.monthlyFen));
  if (exceedsMax(incomes)) problems.push({ path: 'members', message: msg('household.incomesTooLarge') });
  else {
    const income = monthlyIncomeOf(members);
    if (h.monthlyIncomeFen !== undefined && h.monthlyIncomeFen !== income) problems.push({ path: 'monthlyIncomeFen', message: msg('household.incomeDisagrees', { income: formatFen(income) }) });
  }
  supporterProblems(h, problems, today);
  return problems;
}

/** Each supporter's ID, when given: valid and born by `today` (appended to `problems`). */
export function supporterProblems(h: Pick<HouseholdPayload, 'supporters'>, problems: Problem[], today: IsoDate | undefined): void {
  h.supporters?.forEach((s, i) => {
    const p = s.idNumber === undefined ? undefined : residentIdProblem(s.idNumber, today);
    if (p) problems.push({ path: `supporters.${i}.idNumber`, message: p });
  });
}

function residentIdProblem(id: string, today: IsoDate | undefined): Message | undefined {
  if (!isValidResidentId(id)) return msg('field.residentId');
  if (today !== undefined && !bornBy(id, today)) return msg('field.bornInFuture');
  return undefined;
}

/** A report's own problems: each ID valid and listed once, the check not dated after `today`. */
export function reportProblems(r: EconomicCheckReport, today?: IsoDate): Problem[] {
  const problems: Problem[] = [];
  if (today !== undefined && r.checkedOn > today) problems.push({ path: 'checkedOn', message: msg('field.notAfterToday') });
  const seen = new Map<string, number>();
  r.members.forEach((m, i) => {
    const p = residentIdProblem(m.idNumber, today);
    if (p) return problems.push({ path: `members.${i}.idNumber`, message: p });
    const id = normaliseResidentId(m.idNumber);
    const first = seen.get(id);
    if (first !== undefined) return problems.push({ path: `members.${i}.idNumber`, message: msg('household.repeats', { first }) });
    seen.set(id, i);
  });
  return problems;
}
