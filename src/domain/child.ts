// 孤儿 and 事实无人抚养儿童 (001 §二(一)): who is a child for them, which parents' situations qualify, who
// is paid, and when the support ends. Pure; safe in the workflow sandbox.
import { msg } from './catalogue.js';
import type { IsoDate } from './dates.js';
import { list, object, oneOf, optional, phone, text, titled, type Infer, type Problem } from './fields.js';
import { monthOf, type Month } from './months.js';

export const CHILD_TYPES = ['orphan', 'defacto-orphan'] as const;
export type ChildType = (typeof CHILD_TYPES)[number];
export const isChildType = (t: string): t is ChildType => (CHILD_TYPES as readonly string[]).includes(t);

/** 18: a child until the 18th birthday (未满 18 周岁). */
const ADULT_AGE = 18;

/** The age on `on` of someone born on `birthDate` (whole years). */
function ageOn(birthDate: IsoDate, on: IsoDate): number {
  const years = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return on.slice(5) >= birthDate.slice(5) ? years : years - 1;
}

export const isMinorOn = (birthDate: IsoDate, on: IsoDate) => ageOn(birthDate, on) < ADULT_AGE;

/** The month in which someone born on `birthDate` turns `age`: the last month the support pays. */
function monthOfBirthday(birthDate: IsoDate, age: number): Month {
  return monthOf(`${String(Number(birthDate.slice(0, 4)) + age).padStart(4, '0')}${birthDate.slice(4)}`);
}

/** The support ends after the month of the 18th birthday, or of the policy's study age for a child in full-time study. */
export const endsAfterMonthOf = (birthDate: IsoDate, fullTimeStudy: boolean, studyAge: number): Month => monthOfBirthday(birthDate, fullTimeStudy ? Math.max(studyAge, ADULT_AGE) : ADULT_AGE);

/** 重残、重病、服刑在押、强制隔离戒毒 — and 死亡, 失踪. */
export const PARENT_SITUATIONS = ['severe-disability', 'serious-illness', 'imprisoned', 'compulsory-rehab', 'deceased', 'missing'] as const;
export type ParentSituation = (typeof PARENT_SITUATIONS)[number];
const GONE: readonly ParentSituation[] = ['deceased', 'missing'];
const UNABLE: readonly ParentSituation[] = ['severe-disability', 'serious-illness', 'imprisoned', 'compulsory-rehab'];

export const parentField = object({
  relation: titled(oneOf(['father', 'mother'], { father: '父亲', mother: '母亲' }), '关系'),
  situation: titled(
    oneOf(PARENT_SITUATIONS, { 'severe-disability': '重残', 'serious-illness': '重病', imprisoned: '服刑在押', 'compulsory-rehab': '强制隔离戒毒', deceased: '死亡', missing: '失踪' }),
    '情形',
  ),
});
export type Parent = Infer<typeof parentField>;
export const parentsField = titled(list(parentField, 2, 2), '父母情况');

/** Both parents dead or missing: an orphan (孤儿), what the one-door assessment proposes. */
export const bothParentsGone = (parents: readonly Parent[]) => parents.length === 2 && parents.every((p) => GONE.includes(p.situation));

/**
 * 事实无人抚养儿童 (001 §二(一)): both parents severely disabled, seriously ill, imprisoned or in compulsory
 * rehabilitation; or one dead or missing and the other one of those. The problem with `parents`, if any.
 */
export function defactoParentsProblem(parents: readonly Parent[]): Problem | undefined {
  const relations = new Set(parents.map((p) => p.relation));
  if (parents.length !== 2 || relations.size !== 2) return { path: 'parents', message: msg('child.bothParents') };
  if (bothParentsGone(parents)) return { path: 'parents', message: msg('child.parentsOrphan') };
  // Every situation listed is either gone or unable: what is left — both unable, or one gone and one
  // unable — qualifies. A situation outside the list is refused by the field itself.
  const unable = parents.filter((p) => UNABLE.includes(p.situation)).length;
  return unable >= 1 ? undefined : { path: 'parents', message: msg('child.parentsOrphan') };
}

/** The guardian (监护人) as the window records them; the payee of the child's support. */
const guardianField = object({
  name: titled(text(64), '监护人姓名'),
  idNumber: titled(text(18), '监护人身份证号码'),
  relation: titled(text(32), '与儿童关系', '如祖父母、外祖父母、兄姐、其他亲属、村（居）委会'),
  phone: optional(titled(phone(), '监护人电话')),
});

/** What a case and its benefit keep of a guardian: the ID only masked. */
export type GuardianRecord = { name: string; idNumberMasked: string; relation: string; phone?: string };

/** A child case's own facts: the birth date (from the ID), the guardian, and the parents (事实无人抚养). */
export type ChildDetails = { birthDate: IsoDate; guardian: GuardianRecord; parents?: Parent[] };

/** `change-guardian`: the new guardian from next month (the benefit action's payload). */
export const changeGuardianFields = { guardian: titled(guardianField, '新监护人'), reason: optional(titled(text(2000), '变更理由')) };
