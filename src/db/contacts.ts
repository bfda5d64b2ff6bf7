import { and, desc, eq, inArray, max, sql, type SQL } from 'drizzle-orm';
import { BENEFIT_TYPES, type BenefitType } from '../domain/benefits.js';
import type { ContactKind } from '../domain/contacts.js';
import type { IsoDate } from '../domain/dates.js';
import type { Actor } from '../domain/roles.js';
import type { DbOrTx } from './client.js';
import { benefitContacts, benefits, cases } from './schema.js';
import { inOrg } from './org-scope.js';

// Contacts with the people benefits pay: recorded by the street, read beside the benefit. When one is due
// is the domain's (src/domain/contacts.ts); this applies it.

type BenefitRow = typeof benefits.$inferSelect;

/** One contact, once per id (a retried request with the same Idempotency-Key records nothing new). */
export async function recordContact(
  db: DbOrTx,
  c: { contactId: string; benefitId: string; on: IsoDate; kind: ContactKind; findings: string; actor: Actor; at: Date },
): Promise<void> {
  await db
    .insert(benefitContacts)
    .values({
      contactId: c.contactId,
      benefitId: c.benefitId,
      contactedOn: c.on,
      kind: c.kind,
      findings: c.findings,
      actorSub: c.actor.sub,
      actorRole: c.actor.role,
      actorName: c.actor.name ?? null,
      recordedAt: c.at,
    })
    .onConflictDoNothing();
}

/** A benefit's contacts, the latest first. */
export async function contactsOf(db: DbOrTx, benefitId: string) {
  return db.select().from(benefitContacts).where(eq(benefitContacts.benefitId, benefitId)).orderBy(desc(benefitContacts.contactedOn), desc(benefitContacts.recordedAt));
}

/** Whether the 特困 case behind a benefit recorded its person as living alone (the case's own fields). */
const livesAloneOf = (caseId: SQL | typeof benefits.caseId) =>
  sql<boolean>`coalesce((select (${cases.view} -> 'tekun' ->> 'livesAlone')::boolean from ${cases} where ${cases.caseId} = ${caseId}), false)`;

/** What a page of benefits' contact standing reads: each one's last contact and whether its person lives alone. */
export async function contactFacts(db: DbOrTx, rows: readonly BenefitRow[]): Promise<Map<string, { lastOn: IsoDate | null; livesAlone: boolean }>> {
  const ids = rows.map((r) => r.benefitId);
  const out = new Map(rows.map((r) => [r.benefitId, { lastOn: null as IsoDate | null, livesAlone: false }]));
  if (ids.length === 0) return out;
  const last = await db
    .select({ benefitId: benefitContacts.benefitId, lastOn: max(benefitContacts.contactedOn) })
    .from(benefitContacts)
    .where(inArray(benefitContacts.benefitId, ids))
    .groupBy(benefitContacts.benefitId);
  for (const l of last) out.get(l.benefitId)!.lastOn = l.lastOn;
  const tekun = rows.filter((r) => r.type === 'tekun');
  if (tekun.length > 0) {
    const alone = await db
      .select({ caseId: cases.caseId, livesAlone: sql<boolean>`coalesce((${cases.view} -> 'tekun' ->> 'livesAlone')::boolean, false)` })
      .from(cases)
      .where(inArray(cases.caseId, tekun.map((r) => r.caseId)));
    const byCase = new Map(alone.map((a) => [a.caseId, a.livesAlone]));
    for (const r of tekun) out.get(r.benefitId)!.livesAlone = byCase.get(r.caseId) ?? false;
  }
  return out;
}

/**
 * The day each benefit's next contact falls due (the domain's standing, in SQL): the last contact — the
 * opening before the first — plus each benefit's interval, as `everyDaysOf` gives it per type and living alone.
 */
export function nextContactOn(everyDaysOf: (type: BenefitType, livesAlone: boolean) => number): SQL {
  const alone = livesAloneOf(benefits.caseId);
  const every = sql.join(
    BENEFIT_TYPES.flatMap((t) => [true, false].map((a) => sql`when ${benefits.type} = ${t} and ${alone} = ${a} then ${everyDaysOf(t, a)}::int`)),
    sql` `,
  );
  const last = sql`(select max(${benefitContacts.contactedOn}) from ${benefitContacts} where ${benefitContacts.benefitId} = ${benefits.benefitId})`;
  return sql`(coalesce(${last}, (${benefits.openedAt} at time zone 'Asia/Shanghai')::date) + (case ${every} end))`;
}

/** The benefits in force whose next contact (`next`: nextContactOn) is past `today`. */
export const contactOverdueWhere = (today: IsoDate, next: SQL): SQL => and(sql`${benefits.status} <> 'stopped'`, sql`${next} < ${today}::date`)!;

/** The benefits in force whose next contact falls due on or before `date`. */
export const contactDueByWhere = (date: IsoDate, next: SQL): SQL => and(sql`${benefits.status} <> 'stopped'`, sql`${next} <= ${date}::date`)!;

/** Per street of a county (or of the one street): the benefits whose contact is overdue (`overdue`: contactOverdueWhere). */
export async function contactsOverdueByStreet(db: DbOrTx, orgCode: string, overdue: SQL): Promise<Array<{ orgCode: string; n: number }>> {
  const scope = inOrg(benefits, orgCode);
  return db.select({ orgCode: benefits.orgCode, n: sql<number>`count(*)::int` }).from(benefits).where(and(scope, overdue)).groupBy(benefits.orgCode);
}
