import { z } from 'zod';
import { msg, typeName } from '../../domain/catalogue.js';
import { ownIssue, says } from '../validation.js';
import { shanghaiDate } from '../../domain/dates.js';
import { bornBy, isValidResidentId, normaliseResidentId, residentIdBirthDate } from '../../domain/resident-id.js';
import { installmentsField } from '../../domain/action-payloads.js';
import { householdField, householdProblems, type HouseholdPayload } from '../../domain/household.js';
import { TEMPORARY_KINDS, emergencyScheduleProblem } from '../../domain/aid/temporary.js';
import { CountyCode, Fen, IsoDateString, Phone, PositiveFen, Text } from './common.js';
import { appliesAwayFromHukou, hukouCountyOf, type ResidenceRequest } from '../../domain/residence.js';
import { countyOf } from '../../domain/org.js';
import { LEGAL_AID_KINDS } from '../../domain/aid/legal-aid.js';
import type { CaseType } from '../../domain/cases.js';
import { defactoParentsProblem, isChildType, isMinorOn, parentsField, type Parent } from '../../domain/child.js';
import { schemaOf } from './from-fields.js';

// What a window records at intake, for one case (POST /cases) or an application (POST /applications).

export const ResidentIdNumber = z
  .string()
  .refine(isValidResidentId, says('field.residentId'))
  .refine((id) => !isValidResidentId(id) || bornBy(id, shanghaiDate(Date.now())), says('field.bornInFuture'));

export const Applicant = z.strictObject({
  name: Text(64),
  idNumber: ResidentIdNumber.describe('18-digit resident ID; stored and shown masked'),
  phone: Phone.optional(),
  hukouRegion: CountyCode.optional().describe('户籍: the county of the household register, when it is not the one the ID number names (its first six digits)'),
});

/** 居住地申办: the residence permit (居住证) of an applicant whose 户籍 is in another county. */
export const Residence = z.strictObject({ permitNumber: Text(64).describe('居住证号码') }).describe('居住地申办: required when the 户籍 (applicant.hukouRegion, else the ID’s first six digits) is in another county than the street');

/** The 户籍 county of a valid applicant, and whether this is a residence-based application. */
function awayFromHukou(b: { orgCode: string; applicant: { idNumber: string; hukouRegion?: string | undefined } }): string | undefined {
  // Only of a valid street and a valid ID (or register) — a field that is wrong is said at its own path.
  if (!/^\d{9}$/.test(b.orgCode) || !isValidResidentId(b.applicant.idNumber) || (b.applicant.hukouRegion !== undefined && !/^\d{6}$/.test(b.applicant.hukouRegion))) return undefined;
  const hukou = hukouCountyOf(b.applicant);
  return appliesAwayFromHukou(b.orgCode, hukou) ? hukou : undefined;
}

/** 居住地申办: an applicant registered in another county gives their residence permit (400 naming `residence.permitNumber`). */
export function checkResidence(b: { orgCode: string; applicant: { idNumber: string; hukouRegion?: string | undefined }; residence?: unknown }, ctx: z.RefinementCtx): void {
  const hukou = awayFromHukou(b);
  if (hukou !== undefined && b.residence === undefined) {
    ctx.addIssue({ code: 'custom', path: ['residence', 'permitNumber'], ...ownIssue(msg('field.permitRequired', { county: hukou, here: countyOf(b.orgCode) })) });
  }
}

/** What a residence-based case starts with (nothing for an applicant of this county). */
export function residenceOf(b: { orgCode: string; applicant: { idNumber: string; hukouRegion?: string | undefined }; residence?: { permitNumber: string } | undefined }): ResidenceRequest | undefined {
  const hukou = awayFromHukou(b);
  return hukou !== undefined && b.residence ? { permitNumber: b.residence.permitNumber, hukouCounty: hukou } : undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The household as the domain describes it: the old two numbers, or the members they are computed
 * from. Without members the two numbers are required (the domain's rule, which reads nothing else then),
 * said beside another field's problem as the old form said it — short of a wrong type, after which
 * zod runs no check at all.
 */
export const Household = schemaOf(householdField).superRefine(
  (h, ctx) => {
    const numbers = { ...(h.size !== undefined ? { size: h.size } : {}), ...(h.monthlyIncomeFen !== undefined ? { monthlyIncomeFen: h.monthlyIncomeFen } : {}) };
    for (const p of householdProblems({ name: '', idNumber: '' }, numbers)) ctx.addIssue({ code: 'custom', path: p.path.split('.'), ...ownIssue(p.message) });
  },
  { when: (payload) => isRecord(payload.value) && payload.value.members === undefined },
);

/** The household's rules across its fields (householdProblems), each problem at its path under `household`. */
export function checkHousehold(b: { applicant: { name: string; idNumber: string }; household: HouseholdPayload }, ctx: z.RefinementCtx): void {
  for (const p of householdProblems(b.applicant, b.household, shanghaiDate(Date.now()))) {
    ctx.addIssue({ code: 'custom', path: ['household', ...p.path.split('.')], ...ownIssue(p.message) });
  }
}

/** `checkHousehold` runs once the applicant and the household have their shapes, whatever else in the body is wrong. */
export const householdCheckable = { when: (payload: { value: unknown }) => isRecord(payload.value) && Applicant.safeParse(payload.value.applicant).success && Household.safeParse(payload.value.household).success };

/** An instalment schedule: explicit dates and amounts, or a count and an interval in days. */
const Installments = schemaOf(installmentsField);

/** 临时救助 at intake: which kind, how much is asked for and why. */
export const TemporaryRequest = z.strictObject({
  kind: z.enum(TEMPORARY_KINDS).describe('emergency (急难型) or expense (支出型)'),
  amountFen: PositiveFen.describe('requested amount'),
  reason: Text(2000).optional().describe('the emergency or the expense'),
  installments: Installments.optional().describe('expense only: the proposed schedule'),
});

export const TekunIntake = z.strictObject({ livesAlone: z.boolean().optional(), disabilityLevel: Text(50).optional() });
export const MedicalIntake = z.strictObject({
  billFen: PositiveFen.describe('the hospital bill'),
  hospital: Text(200),
  admittedOn: IsoDateString,
  dischargedOn: IsoDateString.optional(),
  category: z.enum(['general', 'serious']).describe('一般住院 or 大病住院'),
});
export const EducationIntake = z.strictObject({ studentName: Text(64), school: Text(200), grade: Text(50).optional() });
export const HousingIntake = z.strictObject({ currentRentFen: Fen.optional(), address: Text(200).optional() });
export const EmploymentIntake = z.strictObject({ wish: Text(500).describe('the work or training wished for'), skills: Text(500).optional() });
export const LegalAidIntake = z.strictObject({ matter: Text(2000), kind: z.enum(LEGAL_AID_KINDS).describe('labour, family, education, medical, criminal-defence or other') });

/** 孤儿, 事实无人抚养儿童: the guardian (监护人), who is paid the child's support. */
export const Guardian = z
  .strictObject({ name: Text(64), idNumber: ResidentIdNumber.describe('the guardian’s resident ID; kept masked'), relation: Text(32).describe('e.g. 祖父母, 兄姐, 村（居）委会'), phone: Phone.optional() })
  .describe('孤儿, 事实无人抚养儿童: the guardian, the payee of the child’s support');
/** 事实无人抚养儿童 (and facts for the assessment's 孤儿 proposal): both parents and their situations. */
export const Parents = schemaOf(parentsField).describe('both parents (father and mother) and their situations, 001 §二(一)');

/** 一证两书: the household economic check authorised and the truthfulness commitment signed (001 §八). */
export const Commitments = z
  .strictObject({
    economicCheckAuthorized: z.literal(true, 'the household economic check must be authorised (家庭经济状况核对授权书)'),
    truthfulnessPledged: z.literal(true, 'the truthfulness commitment must be signed (信息填报真实性承诺书)'),
  })
  .describe('一证两书: both must be true');

/** 告知承诺: the proofs a commitment stands in for; verified after the fact. */
export const Pledged = z.array(Text(200)).max(20).describe('告知承诺: proofs the applicant’s commitment stands in for');

/** Each type-specific field and the types it belongs to. */
const TYPE_FIELDS = {
  temporary: ['temporary'],
  tekun: ['tekun'],
  medical: ['medical'],
  education: ['education'],
  housing: ['housing'],
  employment: ['employment'],
  legalAid: ['legal-aid'],
  guardian: ['orphan', 'defacto-orphan'],
  parents: ['defacto-orphan', 'orphan'],
} as const satisfies Record<string, readonly CaseType[]>;
/** The fields a type cannot run without. */
const NEEDED: ReadonlyArray<[keyof typeof TYPE_FIELDS, CaseType]> = [
  ['temporary', 'temporary'],
  ['medical', 'medical'],
  ['employment', 'employment'],
  ['legalAid', 'legal-aid'],
  ['guardian', 'orphan'],
  ['guardian', 'defacto-orphan'],
  ['parents', 'defacto-orphan'],
];

type IntakeFields = Partial<Record<keyof typeof TYPE_FIELDS, unknown>> & {
  temporary?: z.infer<typeof TemporaryRequest>;
  applicant?: { idNumber: string };
  guardian?: z.infer<typeof Guardian>;
  parents?: Parent[];
  acceptedAt?: string;
  requested?: readonly string[];
};

/**
 * Type-specific fields: required where a type cannot run without them, refused on other types. An
 * emergency payout is paid at once, so it has no schedule.
 */
export function checkIntake(b: IntakeFields, types: readonly string[], ctx: z.RefinementCtx, requested: readonly string[] = types): void {
  // 受灾人员救助 is opened per disaster event, by 应急, not at the window.
  if (types.includes('disaster')) ctx.addIssue({ code: 'custom', path: [b.requested ? 'requested' : 'type'], ...ownIssue(msg('disaster.throughEvents')) });
  for (const [field, of] of Object.entries(TYPE_FIELDS) as Array<[keyof typeof TYPE_FIELDS, readonly CaseType[]]>) {
    if (b[field] !== undefined && !of.some((t) => types.includes(t))) ctx.addIssue({ code: 'custom', path: [field], ...ownIssue(msg('field.onlyWithType', { type: typeName(of[0]!) })) });
  }
  for (const [field, type] of NEEDED) {
    if (requested.includes(type) && b[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], ...ownIssue(msg('field.requiredForType', { type: typeName(type) })) });
  }
  const once = b.temporary && emergencyScheduleProblem(b.temporary.kind, b.temporary.installments);
  if (once) ctx.addIssue({ code: 'custom', path: ['temporary', 'installments'], ...ownIssue(once) });
  if (requested.some(isChildType)) checkChild(b, requested, ctx);
}

/**
 * 孤儿, 事实无人抚养儿童 (001 §二(一)): the applicant is the child, under 18 on acceptance; the guardian is
 * someone else; a 事实无人抚养儿童's parents qualify.
 */
function checkChild(b: IntakeFields, requested: readonly string[], ctx: z.RefinementCtx): void {
  const id = b.applicant?.idNumber;
  if (id !== undefined && isValidResidentId(id)) {
    const birthDate = residentIdBirthDate(id);
    if (!isMinorOn(birthDate, shanghaiDate(b.acceptedAt ?? Date.now()))) ctx.addIssue({ code: 'custom', path: ['applicant', 'idNumber'], ...ownIssue(msg('child.notMinor', { birthDate })) });
    if (b.guardian && isValidResidentId(b.guardian.idNumber) && normaliseResidentId(b.guardian.idNumber) === normaliseResidentId(id)) {
      ctx.addIssue({ code: 'custom', path: ['guardian', 'idNumber'], ...ownIssue(msg('child.guardianIsChild')) });
    }
  }
  const problem = requested.includes('defacto-orphan') && b.parents ? defactoParentsProblem(b.parents) : undefined;
  if (problem) ctx.addIssue({ code: 'custom', path: problem.path.split('.'), ...ownIssue(problem.message) });
}
