import { sql } from 'drizzle-orm';
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
// values of the simulated keys. Set-based — one query for the households with their members, one for
// their benefits, one for the policy rows — inside one READ ONLY transaction: a simulation can write
// nothing, and sees one snapshot.

type PolicyRowOf<K extends SimulatedKey> = DatedValue<PolicyValueOf<K>>;

export interface SimulationInputs {
  households: SimulatedHousehold[];
  /** Every row of each simulated key for the region's counties and the nation, checked against its key. */
  policies: SimulatedRows;
}

type MemberTuple = [relation: MemberFacts['relation'], livesTogether: boolean, workAbility: MemberFacts['workAbility'], employed: boolean, birthDate: IsoDate, incomes: Income[], coveredBy: 'dibao' | 'tekun' | null];

interface HouseholdRow extends Record<string, unknown> {
  household_id: string;
  org_code: string;
  county_code: string;
  members: MemberTuple[] | null;
  deposits_fen: string | null;
  securities_fen: string | null;
  vehicles: number | null;
  homes: number | null;
  business_registered: boolean | null;
  low_income: boolean;
}

/**
 * The households of the region (a county, or every county for 000000) with a 低保 case, each with its
 * members and assets as the latest change effective on or before `on` set them (governingChanges, in
 * SQL) and, per member, whether the register finds them covered elsewhere as coverageOf does: an
 * active 特困 of theirs, a 低保 of theirs not of this household, or membership on the day of another
 * household with an active 低保 (active: claimed, or a benefit not stopped).
 */
async function householdRows(tx: DbOrTx, regionCode: string, on: IsoDate): Promise<HouseholdRow[]> {
  const governing = (part: 'sets_members' | 'sets_assets') => sql`
    select distinct on (c.household_id) c.household_id, c.change_id
      from household_changes c join hh on hh.household_id = c.household_id
     where c.${sql.raw(part)} and c.effective_on <= ${on}
     order by c.household_id, c.effective_on desc, c.seq desc`;
  const activeDibaoCase = (caseId: ReturnType<typeof sql.raw>) => sql`
    (exists (select 1 from benefit_claims bc where bc.case_id = ${caseId} and bc.type = 'dibao')
     or exists (select 1 from benefits bb where bb.case_id = ${caseId} and bb.type = 'dibao' and bb.status <> 'stopped'))`;
  return tx.execute<HouseholdRow>(sql`
    with hh as (
      select h.household_id, h.org_code, h.county_code
        from households h
       where (${regionCode} = ${NATIONAL_REGION} or h.county_code = ${regionCode})
         and exists (select 1 from household_cases c where c.household_id = h.household_id and c.type = 'dibao')
    ),
    mc as (${governing('sets_members')}),
    ac as (${governing('sets_assets')})
    select hh.household_id, hh.org_code, hh.county_code, m.members,
           a.deposits_fen, a.securities_fen, a.vehicles, a.homes, a.business_registered,
           exists (select 1 from household_recognitions r where r.household_id = hh.household_id and r.since <= ${on}) as low_income
      from hh
      left join mc on mc.household_id = hh.household_id
      left join lateral (
        select json_agg(json_build_array(x.relation, x.lives_together, x.work_ability, x.employed, x.birth_date, x.incomes,
          case
            when exists (select 1 from benefits t where t.applicant_id_hash = x.id_hash and t.type = 'tekun' and t.status <> 'stopped')
              or exists (select 1 from benefit_claims t where t.applicant_id_hash = x.id_hash and t.type = 'tekun') then 'tekun'
            when exists (select 1 from benefits d where d.applicant_id_hash = x.id_hash and d.type = 'dibao' and d.status <> 'stopped'
                           and not exists (select 1 from household_cases o where o.case_id = d.case_id and o.household_id = hh.household_id))
              or exists (select 1 from benefit_claims d where d.applicant_id_hash = x.id_hash and d.type = 'dibao'
                           and not exists (select 1 from household_cases o where o.case_id = d.case_id and o.household_id = hh.household_id))
              or exists (
                select 1 from household_members y join household_changes yc on yc.change_id = y.change_id
                 where y.id_hash = x.id_hash and yc.household_id <> hh.household_id and yc.effective_on <= ${on}
                   and yc.change_id = (select z.change_id from household_changes z
                                        where z.household_id = yc.household_id and z.sets_members and z.effective_on <= ${on}
                                        order by z.effective_on desc, z.seq desc limit 1)
                   and exists (select 1 from household_cases hc where hc.household_id = yc.household_id and hc.type = 'dibao'
                                 and ${activeDibaoCase(sql.raw('hc.case_id'))})) then 'dibao'
          end) order by x.position) as members
          from household_members x where x.change_id = mc.change_id
      ) m on true
      left join ac on ac.household_id = hh.household_id
      left join household_assets a on a.change_id = ac.change_id
     order by hh.household_id`);
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
    select hc.household_id, b.county_code, b.status,
           coalesce(
             (select x.basis from benefit_bases x where x.benefit_id = b.benefit_id and x.from_month <= ${month} order by x.from_month desc limit 1),
             (select x.basis from benefit_bases x where x.benefit_id = b.benefit_id order by x.from_month limit 1)) as basis
      from household_cases hc
      join households h on h.household_id = hc.household_id
      join benefits b on b.case_id = hc.case_id
     where hc.type = 'dibao' and b.type = 'dibao' and b.status <> 'stopped' and (b.last_month is null or b.last_month >= ${month})
       and (${regionCode} = ${NATIONAL_REGION} or h.county_code = ${regionCode})`);
}

/** Every stored row of a simulated key for these counties and the nation, checked as any reader checks it. */
async function policyRowsOf<K extends SimulatedKey>(tx: DbOrTx, key: K, counties: readonly string[]): Promise<PolicyRowOf<K>[]> {
  const regions = [...new Set([NATIONAL_REGION, ...counties])];
  const rows = await tx.execute<{ region_code: string; effective_from: string; value: unknown }>(sql`
    select region_code, to_char(effective_from, 'YYYY-MM-DD') as effective_from, value from policies
     where key = ${key} and region_code in (${sql.join(regions.map((r) => sql`${r}`), sql`, `)})`);
  return rows.map((r) => {
    const checked = checkedPolicyValue(key, r.value);
    if ('problem' in checked) throw new Error(`policy ${key} of region ${r.region_code} from ${r.effective_from} is invalid at ${checked.problem.path}: ${checked.problem.message}`);
    return { regionCode: r.region_code, effectiveFrom: r.effective_from, value: checked.value };
  });
}

const coverageOfMembers = (members: readonly MemberTuple[]): Coverage[] => members.flatMap((m, member) => (m[6] ? [{ member, by: m[6] }] : []));

/**
 * The caseload and policy rows a simulation of `regionCode` on `on` runs over, read in one READ ONLY,
 * REPEATABLE READ transaction. A benefit's monthly amount is what it pays in `month` under the
 * standards in force then (a 渐退期 its frozen amount); several of one household add up.
 */
export async function simulationInputs(db: Db, q: { regionCode: string; on: IsoDate; month: Month }): Promise<SimulationInputs> {
  return db.transaction(
    async (tx) => {
      const [rows, benefits] = [await householdRows(tx, q.regionCode, q.on), await benefitRows(tx, q.regionCode, q.month)];
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
        const members = r.members ?? [];
        const held = dibao.get(r.household_id);
        return {
          householdId: r.household_id,
          orgCode: r.org_code,
          countyCode: r.county_code,
          facts: {
            members: members.map(([relation, livesTogether, workAbility, employed, birthDate, incomes]) => ({ relation, livesTogether, workAbility, employed, birthDate, incomes })),
            ...(r.deposits_fen !== null
              ? { assets: { depositsFen: Number(r.deposits_fen), securitiesFen: Number(r.securities_fen), vehicles: r.vehicles!, homes: r.homes!, businessRegistered: r.business_registered! } }
              : {}),
          },
          coverage: coverageOfMembers(members),
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
