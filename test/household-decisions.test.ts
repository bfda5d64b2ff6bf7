import { describe, expect, it } from 'vitest';
import { addCalendarDays, shanghaiDate } from '../src/domain/dates.js';
import { addMonths, monthOf } from '../src/domain/months.js';
import { cw } from './support/actors.js';
import { act, actOk, expectError, expectStatus, fieldsOf, get, getCase, json, post, type Json } from './support/api.js';
import { startCase } from './support/cases.js';
import { DAY, eventually, recordHistory, residentId, useHarness } from './support/harness.js';

// A household from intake to a computed payment, over HTTP with time skipping: members registered at
// the window, the 核对 report replacing what was declared, the decision computed from the household and
// the standard (武昌区: 1,000 元; the national eligibility placeholders: 就业成本 200 元, 补差 to the fen),
// 特困's conditions, and a later change of the household reaching the benefit.

const h = useHarness('household-decisions');

const STREET = '420106006';
const CW = cw(STREET);
const STANDARD = 100_000;
const WORK_COST = 20_000;

let seq = 500;
const person = (birth: string) => residentId('420106', birth, String(seq++));
const today = () => shanghaiDate(Date.now());

/** 王芳 in work (a wage), her husband and their son without income; deposits within the limits. */
function family(wageFen: number) {
  const ids = { self: person('19800101'), spouse: person('19820202'), child: person('20150505') };
  return {
    ids,
    applicant: { name: '王芳', idNumber: ids.self },
    household: {
      members: [
        { name: '王芳', idNumber: ids.self, relation: 'self', workAbility: 'full', employed: true, incomes: [{ kind: 'wage', monthlyFen: wageFen }] },
        { name: '李强', idNumber: ids.spouse, relation: 'spouse', workAbility: 'partial', employed: false, incomes: [] },
        { name: '王小明', idNumber: ids.child, relation: 'child', workAbility: 'none', employed: false, incomes: [] },
      ],
      assets: { depositsFen: 500_000, securitiesFen: 0, vehicles: 0, homes: 1, businessRegistered: false },
    },
  };
}

/** The gap to the standard for three, under the placeholders: (standard − ⌊(income − 就业成本) ÷ 3⌋) × 3. */
const gapFor = (incomeFen: number) => (STANDARD - Math.floor((incomeFen - WORK_COST) / 3)) * 3;

async function toDecision(caseId: string, check: Json): Promise<void> {
  await actOk(h.app, CW, caseId, { action: 'record-economic-check', ...check });
  await actOk(h.app, CW, caseId, { action: 'record-home-visit', findings: '入户核实' });
  await h.env.sleep(7 * DAY + 60_000);
  await eventually(async () => expect((await getCase(h.app, CW, caseId)).step).toBe('decision'));
}

describe('a 低保 household from intake to a computed payment', () => {
  it('takes the 核对 report’s incomes over the declared ones, computes the amount, and the benefit pays it', async () => {
    const f = family(130_000);
    const c = await startCase(h.app, CW, { type: 'dibao', orgCode: STREET, applicant: f.applicant, household: f.household });
    expect(c.household).toEqual({ size: 3, monthlyIncomeFen: 130_000 });

    // Without a report, a household with members needs no figures; a bad report is refused at its field.
    const bad = expectError(
      await act(h.app, CW, c.caseId, { action: 'record-economic-check', report: { reference: 'HD-1', checkedOn: today(), members: [{ idNumber: '420106198001011234', incomes: [] }] } }),
      400,
      'validation_failed',
    );
    expect(fieldsOf(bad)).toEqual(['report.members.0.idNumber']);
    // The check found a higher wage: 1,800 元, not the 1,300 元 declared.
    const report = { reference: 'HD-2026-0001', checkedOn: today(), members: [{ idNumber: f.ids.self, incomes: [{ kind: 'wage', monthlyFen: 180_000 }] }] };
    await toDecision(c.caseId, { report });
    const checked = await getCase(h.app, CW, c.caseId);
    expect(checked.economicCheck).toMatchObject({ report: { reference: 'HD-2026-0001', checkedOn: report.checkedOn }, perCapitaIncomeFen: null });
    expect(JSON.stringify(checked)).not.toContain(f.ids.self.slice(0, 14));
    const hh = json(await get(h.app, `/v1/households/${c.householdId}`, CW));
    expect(hh.monthlyIncomeFen).toBe(180_000);
    expect(hh.changes.map((x: Json) => x.reason)).toContain('家庭经济状况核对 HD-2026-0001');

    const computed = gapFor(180_000);
    const mismatch = expectError(await act(h.app, CW, c.caseId, { action: 'decide', decision: 'approve', monthlyAmountFen: gapFor(130_000) }), 400, 'amount_mismatch');
    expect(mismatch.details).toEqual([{ path: 'monthlyAmountFen', computedFen: computed }]);
    const approved = await actOk(h.app, CW, c.caseId, { action: 'decide', decision: 'approve' });
    expect(approved).toMatchObject({ status: 'approved', amountFen: computed });
    const benefit = json(await get(h.app, `/v1/benefits/${approved.decision.benefitId}`, CW));
    expect(benefit).toMatchObject({ status: 'active', monthlyAmountFen: computed });
    await recordHistory(h, c.caseId, 'dibao-household-report-approved');

    // Her husband finds work at 3,000 元: income above the standard with members in work — the 渐退期 from next month.
    // The case's own day: earlier tests may have moved the server's clock on.
    const effectiveOn = shanghaiDate(c.acceptedAt);
    const members = f.household.members.map((m) =>
      m.relation === 'spouse' ? { ...m, workAbility: 'full', employed: true, incomes: [{ kind: 'wage', monthlyFen: 300_000 }] } : m.relation === 'self' ? { ...m, incomes: [{ kind: 'wage', monthlyFen: 180_000 }] } : m,
    );
    expectStatus(await post(h.app, `/v1/households/${c.householdId}/changes`, CW, { effectiveOn, members, reason: '配偶就业' }), 201);
    const phasing = await eventually(async () => {
      const b = json(await get(h.app, `/v1/benefits/${approved.decision.benefitId}`, CW));
      expect(b.status).toBe('phasing-out');
      return b;
    });
    expect(phasing.history.at(-1)).toMatchObject({ action: 'household-change' });
    // Newest version: the loop's timer kept across changes (patch benefit-timer-kept).
    await recordHistory(h, approved.decision.benefitId, 'benefit-household-change-v4');
    expect(phasing.history.at(-1).summary).toContain('渐退期');
    const from = addMonths(monthOf(effectiveOn), 1);
    expect(phasing.history.at(-1).details).toMatchObject({ phaseOutFrom: from > benefit.firstMonth ? from : benefit.firstMonth });
  });

  it('refuses a decision on a report older than the policy’s 90 days (check_expired), and 特困 without its conditions (not_eligible)', async () => {
    const f = family(60_000);
    const c = await startCase(h.app, CW, { type: 'dibao', orgCode: STREET, applicant: f.applicant, household: f.household });
    const old = { reference: 'HD-OLD', checkedOn: addCalendarDays(today(), -95), members: [{ idNumber: f.ids.self, incomes: [{ kind: 'wage', monthlyFen: 60_000 }] }] };
    await toDecision(c.caseId, { report: old });
    const expired = expectError(await act(h.app, CW, c.caseId, { action: 'decide', decision: 'approve' }), 409, 'check_expired');
    expect(expired.message).toContain('90');
    expect((await getCase(h.app, CW, c.caseId)).status).toBe('open');

    // 特困: a 46-year-old in full work ability with a wage is not 特困 — each condition coded at its path.
    const t = family(60_000);
    const tekun = await startCase(h.app, CW, { type: 'tekun', orgCode: STREET, applicant: t.applicant, household: { members: [t.household.members[0]], supporters: [{ name: '王大', relation: 'sibling', monthlyIncomeFen: 800_000, ableToSupport: true }] } });
    await toDecision(tekun.caseId, { perCapitaIncomeFen: 60_000, assetsWithinLimits: true });
    const refused = expectError(
      await act(h.app, CW, tekun.caseId, { action: 'decide', decision: 'approve', monthlyAmountFen: 90_000, support: { mode: 'centralised', institution: '武昌区社会福利院' } }),
      409,
      'not_eligible',
    );
    expect(refused.details.map((d: Json) => d.code).sort()).toEqual(['has_able_supporter', 'has_work_ability']);
  });

  it('a decision racing a household change: one goes first, a change read before the decision is 409, and the benefit pays what the decision computed', async () => {
    const f = family(130_000);
    const c = await startCase(h.app, CW, { type: 'dibao', orgCode: STREET, applicant: f.applicant, household: f.household });
    await toDecision(c.caseId, { report: { reference: 'HD-RACE', checkedOn: today(), members: [] } });
    const raised = f.household.members.map((m) => (m.relation === 'self' ? { ...m, incomes: [{ kind: 'wage', monthlyFen: 160_000 }] } : m));

    // Both read the household while its row is held, then race for it.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const holding = h.database.sql.begin(async (tx) => {
      await tx`select 1 from households where household_id = ${c.householdId} for update`;
      await held;
    });
    const racing = Promise.all([
      act(h.app, CW, c.caseId, { action: 'decide', decision: 'approve' }),
      post(h.app, `/v1/households/${c.householdId}/changes`, CW, { effectiveOn: shanghaiDate(c.acceptedAt), members: raised, reason: '工资上调' }),
    ]);
    await eventually(async () => {
      const [row] = await h.database.sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
      expect(row!.n).toBeGreaterThanOrEqual(1);
    });
    // The other request meets the held row too (or is still reading): either order must leave nothing lost.
    await new Promise((r) => setTimeout(r, 1_000));
    release();
    await holding;
    const [decided, changed] = await racing;
    const decision = expectStatus(decided, 200);
    // The decision went first (the change read a household it then took: 409), or the change did and the decision saw it.
    if (changed.statusCode === 409) {
      expect(json(changed).error.code).toBe('conflict');
      expect(decision.amountFen).toBe(gapFor(130_000));
    } else {
      expect(changed.statusCode).toBe(201);
      expect(decision.amountFen).toBe(gapFor(160_000));
    }
    const benefit = json(await get(h.app, `/v1/benefits/${decision.decision.benefitId}`, CW));
    expect(benefit.monthlyAmountFen).toBe(decision.amountFen);
  });

  it('with the README’s demo policy (no publicity) a case goes from its home visit straight to its decision', async () => {
    const from = shanghaiDate(await h.env.currentTimeMs());
    await h.database.sql`insert into policies (region_code, key, effective_from, value, source)
      values ('420106', 'dibao', ${from}, '{"publicityDays":0}'::jsonb, 'demo: no publicity') on conflict do nothing`;
    const f = family(130_000);
    const c = await startCase(h.app, CW, { type: 'dibao', orgCode: STREET, applicant: f.applicant, household: f.household });
    await actOk(h.app, CW, c.caseId, { action: 'record-economic-check', report: { reference: 'HD-DEMO', checkedOn: today(), members: [] } });
    await actOk(h.app, CW, c.caseId, { action: 'record-home-visit', findings: '入户核实' });
    await eventually(async () => expect((await getCase(h.app, CW, c.caseId)).step).toBe('decision'));
    expect(await actOk(h.app, CW, c.caseId, { action: 'decide', decision: 'approve' })).toMatchObject({ status: 'approved', amountFen: gapFor(130_000) });
  });
});

