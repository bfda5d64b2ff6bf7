import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { householdChanges, households } from '../src/db/schema.js';
import { addCalendarDays, shanghaiDate } from '../src/domain/dates.js';
import type { Actor } from '../src/domain/roles.js';
import { AUDITOR, SUPERVISOR, SYSTEM, YIBAO, approver, cw, member } from './support/actors.js';
import { expectError, expectStatus, fieldsOf, get, getCase, json, post, type Json, type Who } from './support/api.js';
import { startCase, submitApplication } from './support/cases.js';
import { eventually, residentId, useHarness } from './support/harness.js';

// The household register over HTTP: members at intake (size and income computed, IDs masked), every
// refusal of a household that cannot be, the household and what it qualifies for on a day, dated
// changes and who may read and make them. The figures are the seeded placeholders of 武昌区: the 低保
// standard 1,000 元; the national `eligibility` policy (就业成本 200 元 per employed member, 补差 to the
// fen, at least 30 元; 低收入 up to 1.5 × the standard; 特困 own income at most 800 元).

const h = useHarness('households');

const STREET = '420106004';
const CW = cw(STREET);
const NEXT_STREET = cw('420106005');
const MINZHENG: Who = approver('420106');
const STANDARD = 100_000;
const WORK_COST = 20_000;

let seq = 100;
/** A person no other test uses, born on the day given. */
const person = (birth = '19800101') => residentId('420106', birth, String(seq++));
const masked = (id: string) => `*****************${id.slice(17)}`;
const today = () => shanghaiDate(Date.now());

const self = (name: string, idNumber: string, m: Json = {}): Json => ({ name, idNumber, relation: 'self', workAbility: 'full', employed: true, incomes: [{ kind: 'wage', monthlyFen: 150_000 }], ...m });
const spouse = (idNumber: string, m: Json = {}): Json => ({ name: '李强', idNumber, relation: 'spouse', workAbility: 'partial', employed: false, incomes: [], ...m });
const child = (idNumber: string): Json => ({ name: '王小明', idNumber, relation: 'child', workAbility: 'none', employed: false, incomes: [] });
const ASSETS = { depositsFen: 1_000_000, securitiesFen: 0, vehicles: 0, homes: 1, businessRegistered: false };
const COMMITMENTS = { economicCheckAuthorized: true, truthfulnessPledged: true };

/** A family of three: the applicant in work (1,500 元 wage), a spouse and a child without income. */
function family(): { applicant: Json; household: Json; ids: string[] } {
  const ids = [person('19800101'), person('19820202'), person('20150505')];
  return { applicant: { name: '王芳', idNumber: ids[0] }, household: { members: [self('王芳', ids[0]!), spouse(ids[1]!), child(ids[2]!)], assets: { ...ASSETS } }, ids };
}

const dibaoCase = (body: Json) => ({ type: 'dibao', orgCode: STREET, ...body });
const household = (id: string, who: Who = CW, on?: string) => get(h.app, `/v1/households/${id}${on ? `?on=${on}` : ''}`, who);
const change = (id: string, body: Json, who: Who = CW, headers: Record<string, string> = {}) => post(h.app, `/v1/households/${id}/changes`, who, body, headers);
const finding = (v: Json, type: string) => (v.eligibility as Json[]).find((e) => e.type === type);

describe('intake with members', () => {
  it('computes size and income, registers the household of an application for every case it opens, and shows it with masked IDs and computed eligibility', async () => {
    const { applicant, household: hh, ids } = family();
    const app = await submitApplication(h.app, CW, { orgCode: STREET, applicant, household: hh, requested: ['dibao', 'tekun'], commitments: COMMITMENTS });
    const householdId = `hh-${app.applicationId}`;
    expect(app.cases.length).toBeGreaterThanOrEqual(2);
    for (const c of app.cases as Json[]) {
      const v = await getCase(h.app, CW, c.caseId);
      expect(v.householdId).toBe(householdId);
      expect(v.household).toEqual({ size: 3, monthlyIncomeFen: 150_000 });
    }

    const res = await household(householdId);
    const v = expectStatus(res, 200);
    for (const id of ids) expect(res.body).not.toContain(id.slice(0, 14));
    const perCapita = Math.floor((150_000 - WORK_COST) / 3);
    expect(v).toMatchObject({ householdId, orgCode: STREET, on: today(), version: 1, size: 3, monthlyIncomeFen: 150_000, perCapitaIncomeFen: perCapita, dibaoStandardFen: STANDARD, assets: ASSETS, supporters: [] });
    expect(v.members).toEqual([
      { memberId: `${householdId}-m1`, name: '王芳', idNumberMasked: masked(ids[0]!), relation: 'self', livesTogether: true, workAbility: 'full', employed: true, disabilityLevel: null, incomes: [{ kind: 'wage', monthlyFen: 150_000 }] },
      { memberId: `${householdId}-m2`, name: '李强', idNumberMasked: masked(ids[1]!), relation: 'spouse', livesTogether: true, workAbility: 'partial', employed: false, disabilityLevel: null, incomes: [] },
      { memberId: `${householdId}-m3`, name: '王小明', idNumberMasked: masked(ids[2]!), relation: 'child', livesTogether: true, workAbility: 'none', employed: false, disabilityLevel: null, incomes: [] },
    ]);
    // 补差: (standard − countable per capita) × members, under the seeded placeholders.
    expect(finding(v, 'dibao')).toMatchObject({ eligible: true, reasons: [], monthlyAmountFen: (STANDARD - perCapita) * 3 });
    expect(finding(v, 'tekun')).toMatchObject({ eligible: false, reasons: ['has_work_ability', 'has_income'], monthlyAmountFen: null });
    expect(finding(v, 'low-income')).toMatchObject({ eligible: false, reasons: ['income_below_standard'] });
    expect(v.recognitions).toEqual([]);
    expect([...v.caseIds].sort()).toEqual((app.cases as Json[]).map((c) => c.caseId).sort());
    expect(v.changes).toEqual([{ changeId: `${householdId}-intake`, effectiveOn: today(), reason: '受理登记', actor: { sub: CW.sub, role: 'caseworker' }, at: expect.any(String), sets: ['members', 'assets'] }]);
  });

  it('registers a case started alone as its own household, with 特困’s supporters', async () => {
    const idNumber = person('19500303');
    const son = person('19750505');
    const c = await startCase(
      h.app,
      CW,
      dibaoCase({
        type: 'tekun',
        applicant: { name: '赵老', idNumber },
        household: {
          size: 1,
          members: [self('赵老', idNumber, { workAbility: 'partial', employed: false, incomes: [{ kind: 'pension', monthlyFen: 30_000 }] })],
          supporters: [{ name: '赵子', idNumber: son, relation: 'child', monthlyIncomeFen: 120_000, ableToSupport: false }],
        },
      }),
    );
    expect(c.householdId).toBe(`hh-${c.caseId}`);
    expect(c.household).toEqual({ size: 1, monthlyIncomeFen: 30_000 });
    const v = expectStatus(await household(c.householdId), 200);
    expect(v.supporters).toEqual([{ name: '赵子', idNumberMasked: masked(son), relation: 'child', monthlyIncomeFen: 120_000, ableToSupport: false }]);
    // 76 on the day: the age rule stands in for 无劳动能力; the basic support standard is the seeded one's.
    expect(finding(v, 'tekun')).toMatchObject({ eligible: true, reasons: [], monthlyAmountFen: 130_000 });
  });

  it('keeps the old two-number form: a household without members, its per capita the income ÷ size', async () => {
    const c = await startCase(h.app, CW, dibaoCase({ applicant: { name: '钱二', idNumber: person() }, household: { size: 2, monthlyIncomeFen: 50_000 } }));
    expect(c.household).toEqual({ size: 2, monthlyIncomeFen: 50_000 });
    const v = expectStatus(await household(c.householdId), 200);
    expect(v).toMatchObject({ size: 2, monthlyIncomeFen: 50_000, perCapitaIncomeFen: 25_000, members: [], assets: null });
    expect(v.eligibility).toEqual([
      { type: 'dibao', eligible: true, reasons: [], details: [], monthlyAmountFen: (STANDARD - 25_000) * 2 },
      { type: 'low-income', eligible: false, reasons: ['income_below_standard'], details: [{ path: 'monthlyIncomeFen', code: 'income_below_standard' }], monthlyAmountFen: null },
    ]);
    expect(v.changes.map((x: Json) => x.sets)).toEqual([['members']]);
  });

  it('creates nothing new for a re-sent request with the same Idempotency-Key', async () => {
    const { applicant, household: hh } = family();
    const body = { orgCode: STREET, applicant, household: hh, requested: ['dibao'], commitments: COMMITMENTS };
    const first = await submitApplication(h.app, CW, body, { 'idempotency-key': 'hh-once' });
    const again = await submitApplication(h.app, CW, body, { 'idempotency-key': 'hh-once' });
    expect(again.applicationId).toBe(first.applicationId);
    const householdId = `hh-${first.applicationId}`;
    expect(await h.database.db.select().from(households).where(eq(households.householdId, householdId))).toHaveLength(1);
    expect(await h.database.db.select().from(householdChanges).where(eq(householdChanges.householdId, householdId))).toHaveLength(1);

    const caseBody = dibaoCase({ applicant: { name: '孙三', idNumber: person() }, household: { size: 1, monthlyIncomeFen: 0 } });
    const c1 = await startCase(h.app, CW, caseBody, { 'idempotency-key': 'hh-case-once' });
    const c2 = await startCase(h.app, CW, caseBody, { 'idempotency-key': 'hh-case-once' });
    expect(c2.householdId).toBe(c1.householdId);
    expect(expectStatus(await household(c1.householdId), 200).changes).toHaveLength(1);
  });
});

describe('a household that cannot be', () => {
  /** POSTs a case whose household is the family's as `edit` leaves it: 400, and the paths it names. */
  async function refused(edit: (f: { applicant: Json; household: Json; ids: string[] }) => void, path = '/v1/cases'): Promise<string[]> {
    const f = family();
    edit(f);
    const before = (await h.database.db.select().from(households)).length;
    const body = path === '/v1/cases' ? dibaoCase({ applicant: f.applicant, household: f.household }) : { orgCode: STREET, applicant: f.applicant, household: f.household, requested: ['dibao'], commitments: COMMITMENTS };
    const res = await post(h.app, path, CW, body);
    const error = expectError(res, 400, 'validation_failed');
    for (const id of f.ids) expect(res.body).not.toContain(id);
    expect((await h.database.db.select().from(households)).length).toBe(before);
    // zod may name one path twice (an integer's bound and the number's): each path once.
    return [...new Set(fieldsOf(error))];
  }

  it('refuses two self members', async () => {
    expect(await refused((f) => (f.household.members[1].relation = 'self'))).toEqual(['household.members.1.relation']);
  });

  it('refuses a household without its applicant as self: none, another name, another ID', async () => {
    expect(await refused((f) => (f.household.members[0].relation = 'parent'))).toEqual(['household.members']);
    expect(await refused((f) => (f.household.members[0].name = '王芬'))).toEqual(['household.members.0.name']);
    expect(await refused((f) => (f.household.members[0].idNumber = person()), '/v1/applications')).toEqual(['household.members.0.idNumber']);
  });

  it('refuses an invalid or repeated ID', async () => {
    expect(await refused((f) => (f.household.members[1].idNumber = `${f.ids[1]!.slice(0, 17)}${f.ids[1]!.endsWith('0') ? '1' : '0'}`))).toEqual(['household.members.1.idNumber']);
    expect(await refused((f) => (f.household.members[2].idNumber = f.ids[1]))).toEqual(['household.members.2.idNumber']);
    expect(await refused((f) => (f.household.supporters = [{ name: '某人', idNumber: '123456789012345678', relation: 'other', monthlyIncomeFen: 0, ableToSupport: true }]))).toEqual([
      'household.supporters.0.idNumber',
    ]);
  });

  it('refuses size or income disagreeing with the members, and names every problem at once', async () => {
    expect(await refused((f) => (f.household.size = 2))).toEqual(['household.size']);
    expect(await refused((f) => (f.household.monthlyIncomeFen = 100_000), '/v1/applications')).toEqual(['household.monthlyIncomeFen']);
    expect(
      await refused((f) => {
        f.household.size = 4;
        f.household.members[1].relation = 'self';
        f.household.members[2].idNumber = f.ids[0];
      }),
    ).toEqual(['household.members.1.relation', 'household.members.2.idNumber', 'household.size']);
  });

  it('refuses negative and 2^53 fen, and NUL in text', async () => {
    expect(await refused((f) => (f.household.members[0].incomes[0].monthlyFen = -1))).toEqual(['household.members.0.incomes.0.monthlyFen']);
    expect(await refused((f) => (f.household.members[0].incomes[0].monthlyFen = 2 ** 53))).toEqual(['household.members.0.incomes.0.monthlyFen']);
    // Incomes each within bounds whose sum is not.
    expect(await refused((f) => (f.household.members[1].incomes = [{ kind: 'pension', monthlyFen: 2 ** 53 - 1 }]))).toEqual(['household.members']);
    expect(await refused((f) => (f.household.assets.depositsFen = 2 ** 53))).toEqual(['household.assets.depositsFen']);
    expect(await refused((f) => (f.household.members[1].name = '李\u0000强'))).toEqual(['household.members.1.name']);
    expect(await refused((f) => delete f.household.members[2].incomes)).toEqual(['household.members.2.incomes']);
  });

  it('refuses the old form without its numbers, beside any other problem of the body', async () => {
    expect(await refused((f) => (f.household = { monthlyIncomeFen: 0 }))).toEqual(['household.size']);
    expect(await refused((f) => (f.household = { monthlyIncomeFen: -1 }))).toEqual(['household.monthlyIncomeFen', 'household.size']);
    // The household's own rules are said even when another part of the body is wrong.
    const f = family();
    f.household.size = 2;
    const res = await post(h.app, '/v1/cases', CW, dibaoCase({ orgCode: '4201', applicant: f.applicant, household: f.household }));
    expect(fieldsOf(expectError(res, 400, 'validation_failed'))).toEqual(['orgCode', 'household.size']);
  });
});

describe('who reads a household', () => {
  it('is the street’s caseworker and the county’s civil affairs, supervisors and auditors; a department only with a case of its own in it', async () => {
    const { applicant, household: hh } = family();
    const app = await submitApplication(h.app, CW, {
      orgCode: STREET,
      applicant,
      household: hh,
      requested: ['dibao', 'medical'],
      commitments: COMMITMENTS,
      medical: { billFen: 500_000, hospital: '武汉大学人民医院', admittedOn: '2026-01-05', category: 'serious' },
    });
    const householdId = `hh-${app.applicationId}`;
    for (const who of [CW, MINZHENG, SUPERVISOR, AUDITOR]) expectStatus(await household(householdId, who), 200);
    // 医保 has the medical case of the household: it reads the household, and sees only its own case in it.
    const medical = (app.cases as Json[]).find((c) => c.type === 'medical')!;
    expect(expectStatus(await household(householdId, YIBAO), 200).caseIds).toEqual([medical.caseId]);
    const jiaoyu: Actor = { sub: 'ap-jiaoyu-hh', role: 'approver', org: '420106', dept: 'jiaoyu' };
    const others: Who[] = [NEXT_STREET, jiaoyu, SYSTEM, member('420106', 1), approver('510121'), { role: 'policy', org: '420106' }];
    for (const who of others) expectError(await household(householdId, who), 404, 'not_found');
    expectError(await household('hh-none'), 404, 'not_found');
  });
});

describe('dated changes', () => {
  async function registered(): Promise<{ householdId: string; ids: string[] }> {
    const f = family();
    const c = await startCase(h.app, CW, dibaoCase({ applicant: f.applicant, household: f.household }));
    return { householdId: c.householdId, ids: f.ids };
  }

  it('applies from its day: before it the household as it was, from it the new members and amount; kept beside the first', async () => {
    const { householdId, ids } = await registered();
    const from = addCalendarDays(today(), 10);
    // The spouse finds work at 2,000 元: countable income leaves 低保 and falls within 低收入.
    const members = [self('王芳', ids[0]!), spouse(ids[1]!, { employed: true, incomes: [{ kind: 'wage', monthlyFen: 200_000 }] }), child(ids[2]!)];
    const changed = expectStatus(await change(householdId, { effectiveOn: from, members, reason: '配偶就业' }), 201);
    const perCapitaAfter = Math.floor((350_000 - 2 * WORK_COST) / 3);
    expect(changed).toMatchObject({ on: from, version: 2, monthlyIncomeFen: 350_000, perCapitaIncomeFen: perCapitaAfter });
    // The same people keep their member ids.
    expect(changed.members.map((m: Json) => m.memberId)).toEqual([`${householdId}-m1`, `${householdId}-m2`, `${householdId}-m3`]);
    expect(finding(changed, 'dibao')).toMatchObject({ eligible: false, reasons: ['income_above_standard'], monthlyAmountFen: null });
    expect(finding(changed, 'low-income')).toMatchObject({ eligible: true, reasons: [] });

    const before = expectStatus(await household(householdId, CW, addCalendarDays(from, -1)), 200);
    expect(before).toMatchObject({ monthlyIncomeFen: 150_000, version: 2 });
    expect(finding(before, 'dibao')).toMatchObject({ eligible: true, monthlyAmountFen: (STANDARD - Math.floor((150_000 - WORK_COST) / 3)) * 3 });
    const after = expectStatus(await household(householdId, CW, from), 200);
    expect(after.monthlyIncomeFen).toBe(350_000);
    expect(after.assets).toEqual(ASSETS);
    expect(after.changes.map((c: Json) => [c.effectiveOn, c.reason, c.sets])).toEqual([
      [today(), '受理登记', ['members', 'assets']],
      [from, '配偶就业', ['members']],
    ]);
    // Before the household was registered the register knows nothing.
    expect(fieldsOf(expectError(await household(householdId, CW, addCalendarDays(today(), -1)), 400, 'validation_failed'))).toEqual(['on']);
  });

  it('refuses a change before the first case, without parts, or with members that cannot be', async () => {
    const { householdId, ids } = await registered();
    const assets = { ...ASSETS, depositsFen: 0 };
    expect(fieldsOf(expectError(await change(householdId, { effectiveOn: addCalendarDays(today(), -1), assets, reason: '补录' }), 400, 'validation_failed'))).toEqual(['effectiveOn']);
    expect(fieldsOf(expectError(await change(householdId, { effectiveOn: today(), reason: '无内容' }), 400, 'validation_failed'))).toEqual(['members']);
    const twoSelves = [self('王芳', ids[0]!), self('李强', ids[1]!)];
    expect(fieldsOf(expectError(await change(householdId, { effectiveOn: today(), members: twoSelves, reason: '错误' }), 400, 'validation_failed'))).toEqual(['members.1.relation']);
    const stranger = person();
    expect(fieldsOf(expectError(await change(householdId, { effectiveOn: today(), members: [self('王芳', stranger)], reason: '错误' }), 400, 'validation_failed'))).toEqual(['members.0.idNumber']);
    const res = await change(householdId, { effectiveOn: today(), members: [self('王芳', ids[0]!), child(ids[0]!)], reason: '错误' });
    expect(fieldsOf(expectError(res, 400, 'validation_failed'))).toEqual(['members.1.idNumber']);
    expect(res.body).not.toContain(ids[0]!);
    expect(expectStatus(await household(householdId), 200).version).toBe(1);
  });

  it('is the street caseworker’s: another street’s is 404, other readers 403, the rest 404', async () => {
    const { householdId } = await registered();
    const body = { effectiveOn: today(), assets: ASSETS, reason: '核实' };
    expectError(await change(householdId, body, NEXT_STREET), 404, 'not_found');
    for (const who of [MINZHENG, SUPERVISOR, AUDITOR]) expectError(await change(householdId, body, who), 403, 'forbidden');
    for (const who of [SYSTEM, member('420106', 1), YIBAO]) expectError(await change(householdId, body, who), 404, 'not_found');
    expect(expectStatus(await household(householdId), 200).version).toBe(1);
  });

  it('records a change once per Idempotency-Key; the key with another body is 409', async () => {
    const { householdId } = await registered();
    const body = { effectiveOn: today(), assets: { ...ASSETS, vehicles: 1 }, reason: '购车' };
    const first = expectStatus(await change(householdId, body, CW, { 'idempotency-key': 'car' }), 201);
    const again = expectStatus(await change(householdId, body, CW, { 'idempotency-key': 'car' }), 201);
    expect(again.changes).toEqual(first.changes);
    expect(first.changes).toHaveLength(2);
    expect(finding(first, 'dibao')).toMatchObject({ eligible: false, reasons: ['assets_above_limit'], details: [{ path: 'assets.vehicles', code: 'assets_above_limit' }] });
    expectError(await change(householdId, { ...body, reason: '另一辆' }, CW, { 'idempotency-key': 'car' }), 409, 'idempotency_key_reused');
  });

  it('lets one of two concurrent changes win; the other is 409 conflict', async () => {
    const { householdId } = await registered();
    const send = (reason: string) => change(householdId, { effectiveOn: today(), assets: ASSETS, reason });
    // Both read version 1 while the household's row is held, then race for it.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const holding = h.database.sql.begin(async (tx) => {
      await tx`select 1 from households where household_id = ${householdId} for update`;
      await held;
    });
    const racing = Promise.all([send('甲'), send('乙')]);
    await eventually(async () => {
      const [row] = await h.database.sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
      expect(row!.n).toBe(2);
    });
    release();
    await holding;
    const statuses = (await racing).map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, 409]);
    const lost = (await racing).find((r) => r.statusCode === 409)!;
    expect(json(lost).error.code).toBe('conflict');
    expect(expectStatus(await household(householdId), 200).changes).toHaveLength(2);
  });
});
