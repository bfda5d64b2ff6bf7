import { sql } from 'drizzle-orm';
import { render } from '../domain/catalogue.js';
import { amountsOf, totalOf, type BenefitBasis, type Standards } from '../domain/benefits.js';
import type { IsoDate } from '../domain/dates.js';
import type { Coverage } from '../domain/eligibility.js';
import type { Income, MemberFacts } from '../domain/household.js';
import type { Month } from '../domain/months.js';
import { NATIONAL_REGION } from '../domain/policy.js';
import { checkedPolicyValue, type PolicyValueOf } from '../domain/policy-values.js';
import type { DatedValue, SimulatedHousehold, SimulatedKey, SimulatedRows } from '../domain/simulation.js';
import type { Db, DbOrTx } from './client.js';
import { standardsFor } from './policies.js';

// What a policy simulation reads: the caseload of a region (every household with a 低保 case, its
// members and assets on the day, what its members hold elsewhere, its benefit in the month) and the
// values of the simulated keys. Set-based — one query for the households (assets, 低收入), one for all
// their members, one for their benefits, one per key for the policy rows — inside one READ ONLY
// transaction: a simulation can write nothing, and sees one snapshot.

type PolicyRowOf<K extends SimulatedKey> = DatedValue<PolicyValueOf<K>>;

export interface SimulationInputs {
  households: SimulatedHousehold[];
  /** Every row of each simulated key for the region's counties and the nation, checked against its key. */
  policies: SimulatedRows;
}

interface HouseholdRow extends Record<string, unknown> {
  household_id: string;
  org_code: string;
  county_code: string;
  deposits_fen: string | null;
  securities_fen: string | null;
  vehicles: number | null;
  homes: number | null;
  business_registered: boolean | null;
  low_income: boolean;
}

interface MemberRow extends Record<string, unknown> {
  household_id: string;
  position: number;
  relation: MemberFacts['relation'];
  lives_together: boolean;
  work_ability: MemberFacts['workAbility'];
  employed: boolean;
  birth_date: IsoDate;
  incomes: Income[];
  covered_by: Coverage['by'] | null;
}

/** The region's households with a 低保 case (a county, or every county for 000000). */
const regionHouseholds = (regionCode: string) => sql`
  select h.household_id, h.org_code, h.county_code
    from households h
   where (${regionCode} = ${NATIONAL_REGION} or h.county_code = ${regionCode})
     and exists (select 1 from household_cases c where c.household_id = h.household_id and c.type = 'dibao')`;

/** Per household, the latest change effective on or before `on` that set `part` (governingChanges, in SQL). */
const governing = (part: 'sets_members' | 'sets_assets', on: IsoDate) => sql`
  select distinct on (c.household_id) c.household_id, c.change_id
    from household_changes c
   where c.${sql.raw(part)} and c.effective_on <= ${on}
   order by c.household_id, c.effective_on desc, c.seq desc`;

/** The households with their assets on the day, and whether they are recognised 低收入 then. */
async function householdRows(tx: DbOrTx, regionCode: string, on: IsoDate): Promise<HouseholdRow[]> {
  return tx.execute<HouseholdRow>(sql`
    with hh as (${regionHouseholds(regionCode)}), ac as (${governing('sets_assets', on)})
    select hh.household_id, hh.org_code, hh.county_code,
           a.deposits_fen, a.securities_fen, a.vehicles, a.homes, a.business_registered,
           r.household_id is not null as low_income
      from hh
      left join ac on ac.household_id = hh.household_id
      left join household_assets a on a.change_id = ac.change_id
      left join (select distinct household_id from household_recognitions where since <= ${on}) r on r.household_id = hh.household_id`);
}

/**
 * Their members on the day, one row each (flat: grouping 250,000 members into JSON costs the server
 * more than the client's Map), and whether the register finds each covered elsewhere as coverageOf
 * does: an active 特困 of theirs, a 低保 of theirs not of this household, or membership on the day of
 * another household with an active 低保 (active: claimed, or a benefit not stopped). Set-based: the
 * people covered anywhere are gathered once and hash-joined to the members, never probed one by one.
 */
async function memberRows(tx: DbOrTx, regionCode: string, on: IsoDate): Promise<MemberRow[]> {
  // Narrow sets (ids and hashes) are joined first; the wide rows (incomes) are read once, at the end.
  return tx.execute<MemberRow>(sql`
    with hh as (${regionHouseholds(regionCode)}),
    g as materialized (${governing('sets_members', on)}),
    mine as (select g.household_id, g.change_id from g join hh on hh.household_id = g.household_id),
    dibao_paid as (
      select hc.household_id from household_cases hc
       where hc.type = 'dibao'
         and (hc.case_id in (select case_id from benefit_claims where type = 'dibao')
              or hc.case_id in (select case_id from benefits where type = 'dibao' and status <> 'stopped'))
    ),
    -- Who is covered, and by which household's 低保 ('': a case of no household; null: 特困, whoever asks).
    covered (id_hash, household_id, by) as (
      select applicant_id_hash, null::text, 'tekun' from benefits where type = 'tekun' and status <> 'stopped'
      union all select applicant_id_hash, null::text, 'tekun' from benefit_claims where type = 'tekun'
      union all select d.applicant_id_hash, coalesce(o.household_id, ''), 'dibao' from benefits d left join household_cases o on o.case_id = d.case_id
                 where d.type = 'dibao' and d.status <> 'stopped'
      union all select d.applicant_id_hash, coalesce(o.household_id, ''), 'dibao' from benefit_claims d left join household_cases o on o.case_id = d.case_id
                 where d.type = 'dibao'
      union all select y.id_hash, g.household_id, 'dibao' from g join dibao_paid p on p.household_id = g.household_id join household_members y on y.change_id = g.change_id
    ),
    cover as (
      select x.change_id, x.position, max(c.by) as by
        from mine join household_members x on x.change_id = mine.change_id
        join covered c on c.id_hash = x.id_hash and (c.household_id is null or c.household_id <> mine.household_id)
       group by x.change_id, x.position
    )
    select mine.household_id, x.position, x.relation, x.lives_together, x.work_ability, x.employed, x.birth_date, x.incomes, v.by as covered_by
      from mine join household_members x on x.change_id = mine.change_id
      left join cover v on v.change_id = x.change_id and v.position = x.position`);
}

interface BenefitRow extends Record<string, unknown> {
  household_id: string;
  county_code: string;
  status: 'active' | 'phasing-out' | 'suspended';
  basis: BenefitBasis;
}

/** The 低保 benefits of those households not stopped and not ended before `month`, each with its basis in that month. */
async function benefitRows(tx: DbOrTx, regionCode: string, month: Month): Promise<BenefitRow[]> {
  return tx.execute<BenefitRow>(sql`
    with paid as (
      select hc.household_id, b.benefit_id, b.county_code, b.status
        from household_cases hc
        join households h on h.household_id = hc.household_id
        join benefits b on b.case_id = hc.case_id
       where hc.type = 'dibao' and b.type = 'dibao' and b.status <> 'stopped' and (b.last_month is null or b.last_month >= ${month})
         and (${regionCode} = ${NATIONAL_REGION} or h.county_code = ${regionCode})
    ),
    -- The basis in force in the month: the latest from it or before; before its first month, the first (basisAt).
    basis as (
      select distinct on (x.benefit_id) x.benefit_id, x.basis
        from benefit_bases x join paid p on p.benefit_id = x.benefit_id
       order by x.benefit_id, x.from_month <= ${month} desc, case when x.from_month <= ${month} then x.from_month end desc, x.from_month
    )
    select p.household_id, p.county_code, p.status, basis.basis from paid p join basis on basis.benefit_id = p.benefit_id`);
}

/** Every stored row of a simulated key for these counties and the nation, checked as any reader checks it. */
async function policyRowsOf<K extends SimulatedKey>(tx: DbOrTx, key: K, counties: readonly string[]): Promise<PolicyRowOf<K>[]> {
  const regions = [...new Set([NATIONAL_REGION, ...counties])];
  const rows = await tx.execute<{ region_code: string; effective_from: string; value: unknown }>(sql`
    select region_code, to_char(effective_from, 'YYYY-MM-DD') as effective_from, value from policies
     where key = ${key} and region_code in (${sql.join(regions.map((r) => sql`${r}`), sql`, `)})`);
  return rows.map((r) => {
    const checked = checkedPolicyValue(key, r.value);
    if ('problem' in checked) throw new Error(`policy ${key} of region ${r.region_code} from ${r.effective_from} is invalid at ${checked.problem.path}: ${render(checked.problem.message, 'en')}`);
    return { regionCode: r.region_code, effectiveFrom: r.effective_from, value: checked.value };
  });
}

/** The members of each household, in their order. */
function byHousehold(members: readonly MemberRow[]): Map<string, MemberRow[]> {
  const out = new Map<string, MemberRow[]>();
  for (const m of members) {
    const of = out.get(m.household_id);
    if (of) of.push(m);
    else out.set(m.household_id, [m]);
  }
  for (const of of out.values()) of.sort((a, b) => a.position - b.position);
  return out;
}

/**
 * The caseload and policy rows a simulation of `regionCode` on `on` runs over, read in one READ ONLY,
 * REPEATABLE READ transaction. A benefit's monthly amount is what it pays in `month` under the
 * standards in force then (a 渐退期 its frozen amount); several of one household add up.
 */
export async function simulationInputs(db: Db, q: { regionCode: string; on: IsoDate; month: Month }): Promise<SimulationInputs> {
  return db.transaction(
    async (tx) => {
      // One analytical read over the whole caseload: its sorts and hashes in memory, not spilled to disk.
      await tx.execute(sql`set local work_mem = '64MB'`);
      const rows = await householdRows(tx, q.regionCode, q.on);
      const membersOf = byHousehold(await memberRows(tx, q.regionCode, q.on));
      const benefits = await benefitRows(tx, q.regionCode, q.month);
      const counties = [...new Set(rows.map((r) => r.county_code))];
      const standards = new Map<string, Standards>();
      for (const county of new Set(benefits.map((b) => b.county_code))) standards.set(county, await standardsFor(tx, county, q.month));
      const dibao = new Map<string, NonNullable<SimulatedHousehold['dibao']>>();
      for (const b of benefits) {
        const amount = totalOf(amountsOf(b.basis, standards.get(b.county_code)!));
        const held = dibao.get(b.household_id);
        // A paying benefit outranks a suspended one; two paying add up.
        if (!held || held.status === 'suspended') dibao.set(b.household_id, { status: b.status, monthlyAmountFen: b.status === 'suspended' ? 0 : amount });
        else if (b.status !== 'suspended') held.monthlyAmountFen += amount;
      }
      const households = rows.map((r): SimulatedHousehold => {
        const members = membersOf.get(r.household_id) ?? [];
        const held = dibao.get(r.household_id);
        return {
          householdId: r.household_id,
          orgCode: r.org_code,
          countyCode: r.county_code,
          facts: {
            members: members.map((m) => ({ relation: m.relation, livesTogether: m.lives_together, workAbility: m.work_ability, employed: m.employed, birthDate: m.birth_date, incomes: m.incomes })),
            ...(r.deposits_fen !== null
              ? { assets: { depositsFen: Number(r.deposits_fen), securitiesFen: Number(r.securities_fen), vehicles: r.vehicles!, homes: r.homes!, businessRegistered: r.business_registered! } }
              : {}),
          },
          coverage: members.flatMap((m, member) => (m.covered_by ? [{ member, by: m.covered_by }] : [])),
          ...(held ? { dibao: held } : {}),
          lowIncome: r.low_income,
        };
      });
      const [standardRows, eligibilityRows] = [await policyRowsOf(tx, 'dibao-standard', counties), await policyRowsOf(tx, 'eligibility', counties)];
      return { households, policies: { 'dibao-standard': standardRows, eligibility: eligibilityRows } };
    },
    { accessMode: 'read only', isolationLevel: 'repeatable read' },
  );
}
