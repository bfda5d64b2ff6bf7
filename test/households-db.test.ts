import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { memberRecord, personKey, supporterRecord } from '../src/api/applicant.js';
import { claimBasicLiving } from '../src/db/benefit-claims.js';
import { applyBenefitStep, openBenefit } from '../src/db/benefits.js';
import { appendHouseholdChange, coverageOf, createHousehold, householdOfCase, householdOn, linkCase, recogniseLowIncome, type ChangeInput } from '../src/db/households.js';
import { policies } from '../src/db/schema.js';
import { eligibilityPolicyProblems, type EligibilityPolicyValue } from '../src/domain/eligibility.js';
import type { MemberPayload } from '../src/domain/household.js';
import type { Actor } from '../src/domain/roles.js';
import { TEST_PII_HASH_KEY, residentId, useDatabase } from './support/harness.js';

// The household register against PostgreSQL (src/db/households.ts): dated changes kept, the state on a
// day read back part by part, IDs only hashed and masked, and what the members hold elsewhere.

const d = useDatabase('households');

const STREET = '420106003';
const CW: Actor = { sub: 'cw-hh', role: 'caseworker', org: STREET };
const AT = new Date('2027-03-01T02:00:00Z');

const ZHANG = residentId('420106', '19800101', '311');
const LI = residentId('420106', '19820202', '322');
const CHILD = residentId('420106', '20150505', '333');
const GRAN = residentId('420106', '19400404', '344');

const payload = (name: string, idNumber: string, m: Partial<MemberPayload> = {}): MemberPayload => ({
  name,
  idNumber,
  relation: 'spouse',
  workAbility: 'full',
  employed: false,
  incomes: [],
  ...m,
});
const rec = (name: string, idNumber: string, m: Partial<MemberPayload> = {}) => memberRecord(TEST_PII_HASH_KEY, payload(name, idNumber, m));
const hash = (idNumber: string) => personKey(TEST_PII_HASH_KEY, idNumber);
const assets = (depositsFen: number) => ({ depositsFen, securitiesFen: 0, vehicles: 0, homes: 1, businessRegistered: false });
const change = (householdId: string, changeId: string, effectiveOn: string, parts: Partial<ChangeInput> = {}): ChangeInput => ({
  householdId,
  changeId,
  effectiveOn,
  reason: '家庭情况变化',
  actor: CW,
  at: AT,
  ...parts,
});
const create = (householdId: string, effectiveOn: string, members: ReturnType<typeof rec>[], parts: Partial<ChangeInput> = {}) =>
  createHousehold(d.db, { ...change(householdId, `${householdId}-c1`, effectiveOn, parts), orgCode: STREET, members, reason: '受理登记' });

describe('the register', () => {
  it('keeps the first snapshot with IDs hashed and masked, never in full; created once per id', async () => {
    const zhang = rec('张三', ZHANG, { relation: 'self', employed: true, incomes: [{ kind: 'wage', monthlyFen: 150_000 }] });
    expect(await create('hh-1', '2027-03-01', [zhang, rec('李四', LI)], { assets: assets(1_000_000), supporters: [supporterRecord(TEST_PII_HASH_KEY, { name: '张老', idNumber: GRAN, relation: 'parent', monthlyIncomeFen: 0, ableToSupport: false })] })).toEqual({
      created: true,
      version: 1,
    });
    expect(await create('hh-1', '2027-03-02', [zhang])).toEqual({ created: false, version: 1 });

    const s = (await householdOn(d.db, 'hh-1', '2027-03-01'))!;
    expect(s).toMatchObject({ householdId: 'hh-1', orgCode: STREET, countyCode: '420106', createdOn: '2027-03-01', version: 1, assets: assets(1_000_000) });
    expect(s.members).toEqual([
      {
        memberId: 'hh-1-m1',
        name: '张三',
        idHash: hash(ZHANG),
        idNumberMasked: `*****************${ZHANG.slice(17)}`,
        birthDate: '1980-01-01',
        relation: 'self',
        livesTogether: true,
        workAbility: 'full',
        employed: true,
        incomes: [{ kind: 'wage', monthlyFen: 150_000 }],
      },
      expect.objectContaining({ memberId: 'hh-1-m2', name: '李四', idHash: hash(LI), birthDate: '1982-02-02' }),
    ]);
    expect(s.supporters).toEqual([{ name: '张老', idHash: hash(GRAN), idNumberMasked: `*****************${GRAN.slice(17)}`, relation: 'parent', monthlyIncomeFen: 0, ableToSupport: false }]);
    expect(s.changes).toEqual([{ changeId: 'hh-1-c1', seq: 1, effectiveOn: '2027-03-01', reason: '受理登记', actor: { sub: 'cw-hh', role: 'caseworker' }, at: AT.toISOString(), sets: ['members', 'assets', 'supporters'] }]);

    const dump = JSON.stringify(await d.sql`select row_to_json(t) from (select * from household_members) t union all select row_to_json(t) from (select * from household_supporters) t union all select row_to_json(t) from (select * from household_changes) t`);
    for (const id of [ZHANG, LI, GRAN]) {
      expect(dump).not.toContain(id);
      expect(dump).not.toContain(id.slice(0, 14));
    }
  });

  it('appends dated changes, each part from the latest change that set it on the day; the same change id is one change', async () => {
    await create('hh-2', '2027-01-01', [rec('王五', ZHANG, { relation: 'self' }), rec('赵六', LI)], { assets: assets(100) });
    // Assets from 1 May; the members stay as first set.
    expect(await appendHouseholdChange(d.db, change('hh-2', 'hh-2-c2', '2027-05-01', { assets: assets(200) }))).toEqual({ ok: true, version: 2, duplicate: false });
    expect(await appendHouseholdChange(d.db, change('hh-2', 'hh-2-c2', '2027-05-01', { assets: assets(999) }))).toEqual({ ok: true, version: 2, duplicate: true });
    // Recorded later, effective earlier: the spouse leaves and a child joins from 1 April, through May and on.
    await appendHouseholdChange(d.db, change('hh-2', 'hh-2-c3', '2027-04-01', { members: [rec('王五', ZHANG, { relation: 'self', employed: true }), rec('王小', CHILD, { relation: 'child' })] }));

    const on = async (day: string) => (await householdOn(d.db, 'hh-2', day))!;
    const march = await on('2027-03-31');
    expect(march.members.map((m) => [m.memberId, m.name])).toEqual([
      ['hh-2-m1', '王五'],
      ['hh-2-m2', '赵六'],
    ]);
    expect(march.assets).toEqual(assets(100));
    expect(march.governing).toEqual({ members: 'hh-2-c1', assets: 'hh-2-c1' });
    const april = await on('2027-04-01');
    expect(april.members.map((m) => [m.memberId, m.name, m.employed])).toEqual([
      ['hh-2-m1', '王五', true],
      ['hh-2-m3', '王小', false],
    ]);
    expect(april.assets).toEqual(assets(100));
    const may = await on('2027-05-01');
    expect(may.members.map((m) => m.memberId)).toEqual(['hh-2-m1', 'hh-2-m3']);
    expect(may.assets).toEqual(assets(200));
    expect(may.version).toBe(3);
    expect(may.changes.map((c) => [c.changeId, c.seq, c.effectiveOn, c.sets])).toEqual([
      ['hh-2-c1', 1, '2027-01-01', ['members', 'assets']],
      ['hh-2-c2', 2, '2027-05-01', ['assets']],
      ['hh-2-c3', 3, '2027-04-01', ['members']],
    ]);
    // Before the first change nothing is on record.
    const before = await on('2026-12-31');
    expect(before.members).toEqual([]);
    expect(before.assets).toBeUndefined();
  });

  it('lets the later recorded of two changes on one day govern, and clears supporters set to none', async () => {
    await create('hh-3', '2027-01-01', [rec('孙七', GRAN, { relation: 'self', workAbility: 'none' })], {
      supporters: [{ name: '孙大', relation: 'child', monthlyIncomeFen: 500_000, ableToSupport: true }],
    });
    await appendHouseholdChange(d.db, change('hh-3', 'hh-3-c2', '2027-02-01', { assets: assets(1) }));
    await appendHouseholdChange(d.db, change('hh-3', 'hh-3-c3', '2027-02-01', { assets: assets(2), supporters: [] }));
    const s = (await householdOn(d.db, 'hh-3', '2027-02-01'))!;
    expect(s.assets).toEqual(assets(2));
    expect(s.supporters).toEqual([]);
    expect((await householdOn(d.db, 'hh-3', '2027-01-31'))!.supporters).toEqual([{ name: '孙大', relation: 'child', monthlyIncomeFen: 500_000, ableToSupport: true }]);
  });

  it('keeps an economic check’s reference with the change it made', async () => {
    await create('hh-4', '2027-01-01', [rec('周八', ZHANG, { relation: 'self' })]);
    await appendHouseholdChange(d.db, {
      ...change('hh-4', 'hh-4-c2', '2027-02-10', { members: [rec('周八', ZHANG, { relation: 'self', incomes: [{ kind: 'pension', monthlyFen: 30_000 }] })], assets: assets(0) }),
      reason: '家庭经济状况核对',
      check: { reference: 'HD-2027-0042', checkedOn: '2027-02-09' },
    });
    const s = (await householdOn(d.db, 'hh-4', '2027-02-10'))!;
    expect(s.changes[1]).toMatchObject({ reason: '家庭经济状况核对', check: { reference: 'HD-2027-0042', checkedOn: '2027-02-09' } });
    expect(s.members[0]!.incomes).toEqual([{ kind: 'pension', monthlyFen: 30_000 }]);
  });

  it('refuses a change made on a version another change has passed, and a household that does not exist', async () => {
    await create('hh-5', '2027-01-01', [rec('吴九', ZHANG, { relation: 'self' })]);
    const [a, b] = await Promise.all([
      appendHouseholdChange(d.db, { ...change('hh-5', 'hh-5-a', '2027-02-01', { assets: assets(1) }), ifVersion: 1 }),
      appendHouseholdChange(d.db, { ...change('hh-5', 'hh-5-b', '2027-02-01', { assets: assets(2) }), ifVersion: 1 }),
    ]);
    expect([a, b].filter((r) => r.ok)).toHaveLength(1);
    expect([a, b].find((r) => !r.ok)).toEqual({ ok: false, reason: 'version-conflict', version: 2 });
    expect((await householdOn(d.db, 'hh-5', '2027-02-01'))!.version).toBe(2);
    expect(await appendHouseholdChange(d.db, change('hh-none', 'x', '2027-02-01', { assets: assets(1) }))).toEqual({ ok: false, reason: 'not-found' });
    expect(await householdOn(d.db, 'hh-none', '2027-02-01')).toBeUndefined();
  });

  it('refuses to edit or delete the history at the database', async () => {
    await expect(d.sql`update household_changes set reason = 'x' where change_id = 'hh-1-c1'`).rejects.toThrow(/append-only/);
    await expect(d.sql`delete from household_members where change_id = 'hh-1-c1'`).rejects.toThrow(/append-only/);
    await expect(d.sql`update household_assets set deposits_fen = 0 where change_id = 'hh-1-c1'`).rejects.toThrow(/append-only/);
    await expect(d.sql`delete from household_supporters`).rejects.toThrow(/append-only/);
  });

  it('links cases and records 低收入 recognitions once per case', async () => {
    await linkCase(d.db, { caseId: 'case-hh-4', householdId: 'hh-4', type: 'dibao' });
    await linkCase(d.db, { caseId: 'case-hh-4', householdId: 'hh-1', type: 'dibao' });
    expect(await householdOfCase(d.db, 'case-hh-4')).toBe('hh-4');
    expect(await householdOfCase(d.db, 'case-none')).toBeUndefined();
    await recogniseLowIncome(d.db, { householdId: 'hh-4', caseId: 'case-hh-4', since: '2027-03-01' });
    await recogniseLowIncome(d.db, { householdId: 'hh-4', caseId: 'case-hh-4', since: '2027-04-01' });
    expect((await householdOn(d.db, 'hh-4', '2027-03-01'))!.recognitions).toEqual([{ type: 'low-income', since: '2027-03-01', caseId: 'case-hh-4' }]);
  });

  it('seeds the eligibility policy nationally as a placeholder the rules can run on', async () => {
    const rows = await d.db.select().from(policies).where(and(eq(policies.key, 'eligibility')));
    expect(rows.map((r) => r.regionCode)).toEqual(['000000']);
    expect(rows[0]!.source).toContain('placeholder');
    const value = rows[0]!.value as EligibilityPolicyValue;
    expect(Object.keys(value).sort()).toEqual(
      ['amountRule', 'assetLimits', 'economicCheckValidDays', 'excludedIncomeKinds', 'lowIncomeFactor', 'tekunAge', 'tekunIncomeThresholdFen', 'workCostDeductionFen'].sort(),
    );
    expect(eligibilityPolicyProblems(value)).toEqual([]);
  });
});

describe('what the members hold elsewhere', () => {
  const P1 = residentId('420106', '19700101', '411');
  const P2 = residentId('420106', '19720202', '422');
  const P3 = residentId('420106', '19300303', '433');
  const P4 = residentId('420106', '19350303', '444');
  const opening = (caseId: string, type: 'dibao' | 'tekun', idNumber: string) => ({
    benefitId: `b-${caseId}`,
    caseId,
    type,
    orgCode: STREET,
    applicantIdHash: hash(idNumber),
    applicantName: '某人',
    approvedAt: '2027-02-01T02:00:00.000Z',
    approvedBy: CW,
    householdSize: 1,
    perCapitaIncomeFen: 0,
    employedMembers: 0,
    monthlyAmountFen: 50_000,
  });

  it('finds another household’s active 低保 for its members on the day, not the household asked about', async () => {
    // H-A holds a 低保 (P1 applicant, P2 member); P2 leaves it from 1 June.
    await create('hh-a', '2027-01-01', [rec('甲', P1, { relation: 'self' }), rec('乙', P2)]);
    await linkCase(d.db, { caseId: 'case-a', householdId: 'hh-a', type: 'dibao' });
    expect(await claimBasicLiving(d.db, { applicantIdHash: hash(P1), caseId: 'case-a', type: 'dibao' })).toEqual({ ok: true });
    await appendHouseholdChange(d.db, change('hh-a', 'hh-a-c2', '2027-06-01', { members: [rec('甲', P1, { relation: 'self' })] }));
    // H-B is where P2 now declares themself.
    await create('hh-b', '2027-05-01', [rec('乙', P2, { relation: 'self' })]);

    expect(await coverageOf(d.db, [hash(P2)], '2027-05-31', { householdId: 'hh-b' })).toEqual([{ idHash: hash(P2), by: 'dibao', caseId: 'case-a' }]);
    expect(await coverageOf(d.db, [hash(P2)], '2027-06-01', { householdId: 'hh-b' })).toEqual([]);
    // The 低保 of the household asked about is its own, not elsewhere; the applicant's too.
    expect(await coverageOf(d.db, [hash(P1), hash(P2)], '2027-05-31', { householdId: 'hh-a' })).toEqual([]);
    // Asked without a household (a first decision), the applicant's own 低保 is found — unless it is the case decided.
    expect(await coverageOf(d.db, [hash(P1)], '2027-05-31')).toEqual([{ idHash: hash(P1), by: 'dibao', caseId: 'case-a' }]);
    expect(await coverageOf(d.db, [hash(P1)], '2027-05-31', { caseId: 'case-a' })).toEqual([]);
    expect(await coverageOf(d.db, [], '2027-05-31')).toEqual([]);
  });

  it('finds an active 特困 wherever the person is, and nothing once it stopped', async () => {
    await openBenefit(d.db, opening('case-t3', 'tekun', P3));
    expect(await claimBasicLiving(d.db, { applicantIdHash: hash(P3), caseId: 'case-t3', type: 'tekun' })).toEqual({ ok: true });
    // A benefit paying without a claim on record still counts.
    await openBenefit(d.db, opening('case-t4', 'tekun', P4));
    await create('hh-c', '2027-01-01', [rec('丙', P1, { relation: 'self' }), rec('丁', P3, { relation: 'parent' })]);
    await linkCase(d.db, { caseId: 'case-t3', householdId: 'hh-c', type: 'tekun' });

    const found = await coverageOf(d.db, [hash(P3), hash(P4)], '2027-03-01', { householdId: 'hh-c' });
    expect(found).toEqual(
      expect.arrayContaining([
        { idHash: hash(P3), by: 'tekun', caseId: 'case-t3' },
        { idHash: hash(P4), by: 'tekun', caseId: 'case-t4' },
      ]),
    );
    expect(found).toHaveLength(2);

    await applyBenefitStep(d.db, { benefitId: 'b-case-t3', version: 1, actor: CW, step: { action: 'stop', reason: 'death' }, at: '2027-03-02T02:00:00.000Z' });
    expect(await d.db.execute(sql`select 1 from benefit_claims where case_id = 'case-t3'`)).toHaveLength(0);
    expect(await coverageOf(d.db, [hash(P3)], '2027-03-03')).toEqual([]);
  });
});
