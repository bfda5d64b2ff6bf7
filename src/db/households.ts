import { and, asc, eq, inArray, lte, ne, sql } from 'drizzle-orm';
import type { IsoDate } from '../domain/dates.js';
import { governingChanges, HOUSEHOLD_PARTS, type Assets, type HouseholdPart, type Income, type MemberRecord, type Relation, type SupporterRecord } from '../domain/household.js';
import { countyOf } from '../domain/org.js';
import type { Actor } from '../domain/roles.js';
import type { DbOrTx } from './client.js';
import type { HouseholdRecord } from '../domain/views.js';
import { benefitClaims, benefits, cases, householdAssets, householdCases, householdChanges, householdMembers, householdRecognitions, households, householdSupporters } from './schema.js';

// The household register: a household's dated changes, kept and never overwritten, and its state on a
// day read back from them. It applies what it is given; who qualifies is decided in src/domain.

export interface ChangeInput {
  householdId: string;
  /** The caller's id for the change: the same id again is the same change, never a second one. */
  changeId: string;
  effectiveOn: IsoDate;
  reason: string;
  actor: Pick<Actor, 'sub' | 'role'>;
  at: Date;
  /** Each part given replaces that part whole from `effectiveOn`. */
  members?: readonly MemberRecord[];
  assets?: Assets;
  supporters?: readonly SupporterRecord[];
  /** An economic check's report that these figures come from (核对). */
  check?: { reference: string; checkedOn: IsoDate };
}

export interface NewHousehold extends ChangeInput {
  orgCode: string;
  members: readonly MemberRecord[];
}

export type RegisteredMember = MemberRecord & { memberId: string };

export interface ChangeEntry {
  changeId: string;
  seq: number;
  effectiveOn: IsoDate;
  reason: string;
  actor: { sub: string; role: string };
  at: string;
  sets: HouseholdPart[];
  check?: { reference: string; checkedOn: IsoDate };
}

export interface HouseholdState {
  householdId: string;
  orgCode: string;
  countyCode: string;
  /** The first change's effectiveOn: before it, no part is on record. */
  createdOn: IsoDate;
  version: number;
  /** As on the day asked for; each part from the change that governs it then (absent: none yet). */
  members: RegisteredMember[];
  assets?: Assets;
  supporters: SupporterRecord[];
  /** The change each part comes from on that day. */
  governing: Partial<Record<HouseholdPart, string>>;
  /** Every change, in the order recorded. */
  changes: ChangeEntry[];
  recognitions: { type: 'low-income'; since: IsoDate; caseId: string }[];
}

export type AppendResult = { ok: true; version: number; duplicate: boolean } | { ok: false; reason: 'not-found' } | { ok: false; reason: 'version-conflict'; version: number };

const setsOf = (c: Pick<ChangeInput, 'members' | 'assets' | 'supporters'>) => ({ setsMembers: c.members !== undefined, setsAssets: c.assets !== undefined, setsSupporters: c.supporters !== undefined });

/**
 * Writes one change's rows. A person keeps the member id they first had in the household (found by
 * the hash); a newcomer gets the next one.
 */
async function writeChange(tx: DbOrTx, c: ChangeInput, seq: number): Promise<void> {
  await tx.insert(householdChanges).values({
    changeId: c.changeId,
    householdId: c.householdId,
    seq,
    effectiveOn: c.effectiveOn,
    reason: c.reason,
    actorSub: c.actor.sub,
    actorRole: c.actor.role,
    at: c.at,
    ...setsOf(c),
    checkReference: c.check?.reference ?? null,
    checkedOn: c.check?.checkedOn ?? null,
  });
  if (c.members && c.members.length > 0) {
    const known = await tx
      .selectDistinct({ idHash: householdMembers.idHash, memberId: householdMembers.memberId })
      .from(householdMembers)
      .innerJoin(householdChanges, eq(householdChanges.changeId, householdMembers.changeId))
      .where(eq(householdChanges.householdId, c.householdId));
    const ids = new Map(known.map((k) => [k.idHash, k.memberId]));
    let next = new Set(known.map((k) => k.memberId)).size;
    await tx.insert(householdMembers).values(
      c.members.map((m, position) => ({
        changeId: c.changeId,
        position,
        memberId: ids.get(m.idHash) ?? `${c.householdId}-m${++next}`,
        name: m.name,
        idHash: m.idHash,
        idMasked: m.idNumberMasked,
        birthDate: m.birthDate,
        relation: m.relation,
        livesTogether: m.livesTogether,
        workAbility: m.workAbility,
        employed: m.employed,
        disabilityLevel: m.disabilityLevel ?? null,
        incomes: m.incomes,
      })),
    );
  }
  if (c.assets) await tx.insert(householdAssets).values({ changeId: c.changeId, ...c.assets });
  if (c.supporters && c.supporters.length > 0) {
    await tx.insert(householdSupporters).values(
      c.supporters.map((s, position) => ({
        changeId: c.changeId,
        position,
        name: s.name,
        idHash: s.idHash ?? null,
        idMasked: s.idNumberMasked ?? null,
        relation: s.relation,
        monthlyIncomeFen: s.monthlyIncomeFen,
        ableToSupport: s.ableToSupport,
      })),
    );
  }
}

/** A household with its first change (version 1); idempotent on the household id. */
export async function createHousehold(db: DbOrTx, h: NewHousehold): Promise<{ created: boolean; version: number }> {
  return db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(households)
      .values({
        householdId: h.householdId,
        orgCode: h.orgCode,
        countyCode: countyOf(h.orgCode),
        createdOn: h.effectiveOn,
        version: 1,
        createdBySub: h.actor.sub,
        createdByRole: h.actor.role,
        createdAt: h.at,
      })
      .onConflictDoNothing()
      .returning({ version: households.version });
    if (!inserted) {
      const [existing] = await tx.select({ version: households.version }).from(households).where(eq(households.householdId, h.householdId));
      return { created: false, version: existing!.version };
    }
    await writeChange(tx, h, 1);
    return { created: true, version: 1 };
  });
}

/**
 * Appends a dated change (the household's version + 1) under the household's row lock. With
 * `ifVersion`, only if no other change came since the caller read that version: of a decision and a
 * change that race, one wins. The same change id again answers as the first time did.
 */
export async function appendHouseholdChange(db: DbOrTx, c: ChangeInput & { ifVersion?: number }): Promise<AppendResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ version: households.version }).from(households).where(eq(households.householdId, c.householdId)).for('update');
    if (!row) return { ok: false, reason: 'not-found' };
    const [same] = await tx.select({ seq: householdChanges.seq, householdId: householdChanges.householdId }).from(householdChanges).where(eq(householdChanges.changeId, c.changeId));
    if (same && same.householdId === c.householdId) return { ok: true, version: same.seq, duplicate: true };
    if (c.ifVersion !== undefined && c.ifVersion !== row.version) return { ok: false, reason: 'version-conflict', version: row.version };
    const version = row.version + 1;
    await writeChange(tx, c, version);
    await tx.update(households).set({ version }).where(eq(households.householdId, c.householdId));
    return { ok: true, version, duplicate: false };
  });
}

const partsOf = (r: typeof householdChanges.$inferSelect): HouseholdPart[] =>
  HOUSEHOLD_PARTS.filter((p) => (p === 'members' ? r.setsMembers : p === 'assets' ? r.setsAssets : r.setsSupporters));

function entryOf(r: typeof householdChanges.$inferSelect): ChangeEntry {
  return {
    changeId: r.changeId,
    seq: r.seq,
    effectiveOn: r.effectiveOn,
    reason: r.reason,
    actor: { sub: r.actorSub, role: r.actorRole },
    at: r.at.toISOString(),
    sets: partsOf(r),
    ...(r.checkReference && r.checkedOn ? { check: { reference: r.checkReference, checkedOn: r.checkedOn } } : {}),
  };
}

/** A household as it stood on a day: each part from the latest change effective on or before it that set it. */
export async function householdOn(db: DbOrTx, householdId: string, on: IsoDate): Promise<HouseholdState | undefined> {
  const [h] = await db.select().from(households).where(eq(households.householdId, householdId));
  if (!h) return undefined;
  const rows = await db.select().from(householdChanges).where(eq(householdChanges.householdId, householdId)).orderBy(asc(householdChanges.seq));
  const changes = rows.map(entryOf);
  const governing = governingChanges(changes, on);
  const [members, assets, supporters, recognitions] = await Promise.all([
    governing.members ? db.select().from(householdMembers).where(eq(householdMembers.changeId, governing.members.changeId)).orderBy(asc(householdMembers.position)) : [],
    governing.assets ? db.select().from(householdAssets).where(eq(householdAssets.changeId, governing.assets.changeId)) : [],
    governing.supporters ? db.select().from(householdSupporters).where(eq(householdSupporters.changeId, governing.supporters.changeId)).orderBy(asc(householdSupporters.position)) : [],
    db.select().from(householdRecognitions).where(eq(householdRecognitions.householdId, householdId)).orderBy(asc(householdRecognitions.since)),
  ]);
  const a = assets[0];
  return {
    householdId,
    orgCode: h.orgCode,
    countyCode: h.countyCode,
    createdOn: h.createdOn,
    version: h.version,
    members: members.map((m) => ({
      memberId: m.memberId,
      name: m.name,
      idHash: m.idHash,
      idNumberMasked: m.idMasked,
      birthDate: m.birthDate,
      relation: m.relation as Relation,
      livesTogether: m.livesTogether,
      workAbility: m.workAbility as MemberRecord['workAbility'],
      employed: m.employed,
      ...(m.disabilityLevel !== null ? { disabilityLevel: m.disabilityLevel } : {}),
      incomes: m.incomes as Income[],
    })),
    ...(a ? { assets: { depositsFen: a.depositsFen, securitiesFen: a.securitiesFen, vehicles: a.vehicles, homes: a.homes, businessRegistered: a.businessRegistered } } : {}),
    supporters: supporters.map((s) => ({
      name: s.name,
      ...(s.idHash && s.idMasked ? { idHash: s.idHash, idNumberMasked: s.idMasked } : {}),
      relation: s.relation as SupporterRecord['relation'],
      monthlyIncomeFen: s.monthlyIncomeFen,
      ableToSupport: s.ableToSupport,
    })),
    governing: Object.fromEntries(Object.entries(governing).map(([part, c]) => [part, c.changeId])),
    changes,
    recognitions: recognitions.map((r) => ({ type: r.type as 'low-income', since: r.since, caseId: r.caseId })),
  };
}

/** A case names its household (idempotent; a case names one household, ever). */
export async function linkCase(db: DbOrTx, l: { caseId: string; householdId: string; type: string }): Promise<void> {
  await db.insert(householdCases).values(l).onConflictDoNothing();
}

export async function householdOfCase(db: DbOrTx, caseId: string): Promise<string | undefined> {
  const [row] = await db.select({ householdId: householdCases.householdId }).from(householdCases).where(eq(householdCases.caseId, caseId));
  return row?.householdId;
}

/** A case of a household as the read model holds it: where and for whom it is, and what it declared of the household. */
export interface HouseholdCase {
  caseId: string;
  type: string;
  department: string;
  orgCode: string;
  acceptedAt: Date;
  applicantName: string;
  applicantIdHash: string;
  household: HouseholdRecord;
}

/** The household's cases in the read model, first accepted first (a case still registering is not there yet). */
export async function casesOfHousehold(db: DbOrTx, householdId: string): Promise<HouseholdCase[]> {
  return db
    .select({
      caseId: cases.caseId,
      type: cases.type,
      department: cases.department,
      orgCode: cases.orgCode,
      acceptedAt: cases.acceptedAt,
      applicantName: cases.applicantName,
      applicantIdHash: cases.applicantIdHash,
      household: sql<HouseholdRecord>`${cases.view} -> 'household'`,
    })
    .from(householdCases)
    .innerJoin(cases, eq(cases.caseId, householdCases.caseId))
    .where(eq(householdCases.householdId, householdId))
    .orderBy(asc(cases.acceptedAt), asc(cases.caseId));
}

/** 低收入 recognised by a case's decision (idempotent on the case). */
export async function recogniseLowIncome(db: DbOrTx, r: { householdId: string; caseId: string; since: IsoDate }): Promise<void> {
  await db.insert(householdRecognitions).values({ ...r, type: 'low-income' }).onConflictDoNothing();
}

export interface CoverageFound {
  idHash: string;
  by: 'dibao' | 'tekun';
  caseId: string;
}

const BASIC_LIVING = ['dibao', 'tekun'];

/**
 * What our records say these people hold now, for the `already_covered` rule: an active 特困 of
 * theirs; an active 低保 of theirs or of a household they are a member of on `on`. A 低保 of the
 * household asked about (`excludeHouseholdId`) and the case being decided (`excludeCaseId`) are not
 * "elsewhere". Active: approved and claimed (benefit_claims, released at a stop or revocation), or a
 * benefit not stopped.
 */
export async function coverageOf(db: DbOrTx, idHashes: readonly string[], on: IsoDate, exclude: { householdId?: string; caseId?: string } = {}): Promise<CoverageFound[]> {
  if (idHashes.length === 0) return [];
  const hashes = [...idHashes];
  const ownCases = exclude.householdId
    ? (await db.select({ caseId: householdCases.caseId }).from(householdCases).where(eq(householdCases.householdId, exclude.householdId))).map((r) => r.caseId)
    : [];
  // The people's own 低保/特困 (a 低保 of the household asked about is not elsewhere; its 特困 still is).
  const own = [
    ...(await db
      .select({ idHash: benefitClaims.applicantIdHash, type: benefitClaims.type, caseId: benefitClaims.caseId })
      .from(benefitClaims)
      .where(and(inArray(benefitClaims.applicantIdHash, hashes), inArray(benefitClaims.type, BASIC_LIVING)))),
    ...(await db
      .select({ idHash: benefits.applicantIdHash, type: benefits.type, caseId: benefits.caseId })
      .from(benefits)
      .where(and(inArray(benefits.applicantIdHash, hashes), inArray(benefits.type, BASIC_LIVING), ne(benefits.status, 'stopped')))),
  ].filter((r) => r.caseId !== exclude.caseId && !(r.type === 'dibao' && ownCases.includes(r.caseId)));

  // Membership of other households on the day, then those households' active 低保.
  const memberships = await db
    .selectDistinct({ householdId: householdChanges.householdId, changeId: householdChanges.changeId, idHash: householdMembers.idHash })
    .from(householdMembers)
    .innerJoin(householdChanges, eq(householdChanges.changeId, householdMembers.changeId))
    .where(and(inArray(householdMembers.idHash, hashes), lte(householdChanges.effectiveOn, on), exclude.householdId ? ne(householdChanges.householdId, exclude.householdId) : undefined));
  const others = [...new Set(memberships.map((m) => m.householdId))];
  const inHouseholds: CoverageFound[] = [];
  if (others.length > 0) {
    const changeRows = await db
      .select()
      .from(householdChanges)
      .where(and(inArray(householdChanges.householdId, others), eq(householdChanges.setsMembers, true), lte(householdChanges.effectiveOn, on)));
    const current = new Set<string>();
    for (const id of others) {
      const governing = governingChanges(changeRows.filter((r) => r.householdId === id).map(entryOf), on).members;
      if (governing) current.add(governing.changeId);
    }
    const dibaoCases = await db
      .select({ householdId: householdCases.householdId, caseId: householdCases.caseId })
      .from(householdCases)
      .where(
        and(
          inArray(householdCases.householdId, others),
          eq(householdCases.type, 'dibao'),
          exclude.caseId ? ne(householdCases.caseId, exclude.caseId) : undefined,
          sql`(exists (select 1 from ${benefitClaims} where ${benefitClaims.caseId} = ${householdCases.caseId} and ${benefitClaims.type} = 'dibao')
            or exists (select 1 from ${benefits} where ${benefits.caseId} = ${householdCases.caseId} and ${benefits.status} <> 'stopped'))`,
        ),
      );
    for (const m of memberships) {
      if (!current.has(m.changeId)) continue;
      for (const d of dibaoCases) if (d.householdId === m.householdId) inHouseholds.push({ idHash: m.idHash, by: 'dibao', caseId: d.caseId });
    }
  }

  const found = new Map<string, CoverageFound>();
  for (const f of own.map((r) => ({ idHash: r.idHash, by: r.type as CoverageFound['by'], caseId: r.caseId })).concat(inHouseholds)) {
    found.set(`${f.idHash}|${f.by}|${f.caseId}`, f);
  }
  return [...found.values()];
}

/** The household's row locked for the transaction; its version, or undefined when there is none. */
export async function lockHousehold(tx: DbOrTx, householdId: string): Promise<number | undefined> {
  const [row] = await tx.select({ version: households.version }).from(households).where(eq(households.householdId, householdId)).for('update');
  return row?.version;
}

/** A decision takes the locked household: its version moves on (a change read before it is stale). */
export async function takeHousehold(tx: DbOrTx, householdId: string, current: number): Promise<number> {
  await tx.update(households).set({ version: current + 1 }).where(eq(households.householdId, householdId));
  return current + 1;
}

/** The changes recorded after a version (those a decision taken at it did not see), oldest first. */
export async function changesSince(db: DbOrTx, householdId: string, version: number): Promise<ChangeEntry[]> {
  const rows = await db.select().from(householdChanges).where(and(eq(householdChanges.householdId, householdId), sql`${householdChanges.seq} > ${version}`)).orderBy(asc(householdChanges.seq));
  return rows.map(entryOf);
}
