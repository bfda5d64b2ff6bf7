import { and, asc, count, desc, eq, gt, gte, ilike, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { CaseView, HistoryEntry, NotificationInput } from '../domain/views.js';
import { insertAuditEntries } from './audit.js';
import { caseNumberFor } from './case-numbers.js';
import type { Db, DbOrTx } from './client.js';
import { insertNotifications } from './notifications.js';
import { recordCooperation } from './cooperation.js';
import { addCalendarDays, startOfShanghaiDay, type IsoDate } from '../domain/dates.js';
import { narrowMask } from '../domain/resident-id.js';
import { caseSlaCounts, cases } from './schema.js';
import { inRegion } from './regions.js';
import { inOrg } from './org-scope.js';

/**
 * Writes one step of a case in one transaction: the read-model snapshot (only if newer), its new
 * history entries as audit rows and any notifications. Every part is idempotent, so a retried
 * activity leaves exactly one copy.
 */
export interface CaseStep {
  view: CaseView;
  applicantIdHash: string;
  entries: HistoryEntry[];
  notifications: NotificationInput[];
}

/** Returns the actions of the history entries this call recorded (none on a retry that finds them). */
export async function recordCaseStep(db: DbOrTx, { view, applicantIdHash, entries, notifications: notes }: CaseStep): Promise<string[]> {
  const row = {
    caseId: view.caseId,
    applicationId: view.applicationId,
    type: view.type,
    orgCode: view.orgCode,
    countyCode: view.countyCode,
    department: view.department,
    status: view.status,
    step: view.step,
    applicantName: view.applicant.name,
    // A case accepted before masks were narrowed still carries the old one in its workflow state.
    applicantIdMasked: narrowMask(view.applicant.idNumberMasked),
    applicantIdHash,
    acceptedAt: new Date(view.acceptedAt),
    dueDate: view.dueDate,
    dueAt: view.dueAt ? new Date(view.dueAt) : null,
    dueProvisional: view.dueProvisional,
    suspended: view.suspended,
    overdue: view.overdue,
    overdueSince: view.overdueSince ? new Date(view.overdueSince) : null,
    decidedAt: view.decidedAt ? new Date(view.decidedAt) : null,
    decidedLate: view.decidedLate,
    amountFen: view.amountFen,
    version: view.version,
    view,
    updatedAt: new Date(),
  };
  const { caseId: _id, acceptedAt: _a, ...changes } = row;
  // A later step of a case already recorded is one update; the case's first write (its first history
  // entry) takes a number and inserts, as does a step that finds no row to update (the first write was lost).
  const first = entries.some((e) => e.seq === 1);
  // A case's first write is made twice when the API recorded its acceptance (src/api/cases.ts): the
  // workflow's finds the row at this version or later, and each write is one transaction, so it is whole.
  if (first && (await recordedVersion(db, view.caseId)) >= view.version) return [];
  return db.transaction(async (tx) => {
    const recorded = await insertAuditEntries(tx, view.caseId, entries);
    await insertNotifications(tx, notes);
    await recordCooperation(tx, view);
    if (!first) {
      const updated = await tx
        .update(cases)
        .set(changes)
        .where(and(eq(cases.caseId, view.caseId), lt(cases.version, row.version)))
        .returning({ caseId: cases.caseId });
      if (updated.length > 0) return recorded;
    }
    // The number last: a case's first write locks its county's year until the commit, and every other
    // case of the county accepted meanwhile waits on that lock, so it covers these two statements only.
    const caseNumber = await caseNumberFor(tx, view);
    await tx
      .insert(cases)
      .values({ ...row, caseNumber })
      .onConflictDoUpdate({ target: cases.caseId, set: changes, setWhere: lt(cases.version, row.version) });
    return recorded;
  });
}

/** The version of the case's snapshot in the read model; 0 when it has none. */
async function recordedVersion(db: DbOrTx, caseId: string): Promise<number> {
  const [row] = await db.select({ version: cases.version }).from(cases).where(eq(cases.caseId, caseId));
  return row?.version ?? 0;
}

export type CaseRow = typeof cases.$inferSelect;

export async function findCase(db: Db, caseId: string): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(cases).where(eq(cases.caseId, caseId)).limit(1);
  return row;
}

/** A case's 受理编号 alone (null before its first write took one). */
export async function caseNumberOf(db: Db, caseId: string): Promise<string | null> {
  const [row] = await db.select({ caseNumber: cases.caseNumber }).from(cases).where(eq(cases.caseId, caseId)).limit(1);
  return row?.caseNumber ?? null;
}

/** The case a 受理编号 names. */
export async function caseIdOfNumber(db: Db, caseNumber: string): Promise<string | undefined> {
  const [row] = await db.select({ caseId: cases.caseId }).from(cases).where(eq(cases.caseNumber, caseNumber)).limit(1);
  return row?.caseId;
}


/** The columns a list shows: no snapshot, no hash. */
const summaryColumns = {
  caseId: cases.caseId,
  caseNumber: cases.caseNumber,
  applicationId: cases.applicationId,
  type: cases.type,
  orgCode: cases.orgCode,
  department: cases.department,
  status: cases.status,
  step: cases.step,
  applicantName: cases.applicantName,
  applicantIdMasked: cases.applicantIdMasked,
  acceptedAt: cases.acceptedAt,
  dueDate: cases.dueDate,
  dueAt: cases.dueAt,
  dueProvisional: cases.dueProvisional,
  suspended: cases.suspended,
  overdue: cases.overdue,
  overdueSince: cases.overdueSince,
  decidedAt: cases.decidedAt,
  decidedLate: cases.decidedLate,
  amountFen: cases.amountFen,
  // 公示: when the publicity period ends (null before it opens, for types without one).
  publicityClosesAt: sql<string | null>`${cases.view} -> 'publicity' ->> 'closesAt'`,
};

export type CaseSummaryRow = Pick<CaseRow, Exclude<keyof typeof summaryColumns, 'publicityClosesAt'>> & { publicityClosesAt: string | null };

/** A due date that sorts after every real one, for cases without a clock yet (公租房 before publicity). */
export const NO_DUE_DATE = new Date('9999-12-31T00:00:00Z');
const dueOrder = sql`coalesce(${cases.dueAt}, ${NO_DUE_DATE.toISOString()}::timestamptz)`;

export interface CaseListFilter {
  /** A street (9 digits) or a county (6 digits). */
  orgCode?: string;
  type?: string;
  /** A department's approver lists only its department's cases. */
  department?: string;
  status?: string;
  step?: string;
  /** Not closed: a step is still to be taken. */
  open?: boolean;
  overdue?: boolean;
  /** Cases due before this date. */
  dueBefore?: string;
  /** Part of the 受理编号 or of the applicant's name. */
  q?: string;
  /** Position after which to continue: the last item of the previous page (newest-first order). */
  after?: { acceptedAt: Date; caseId: string };
  /** Soonest due first instead of newest first; `afterDue` continues that order. */
  sort?: 'newest' | 'due';
  afterDue?: { dueAt: Date; caseId: string };
  /** Ordered by a column instead (then case id), ascending or descending; paged by `offset`. */
  sortBy?: CaseSortColumn;
  sortOrder?: 'asc' | 'desc';
  offset?: number;
  limit: number;
}

/** The columns a case list orders by (`sortBy`). */
export const CASE_SORT_COLUMNS = ['acceptedAt', 'dueDate', 'caseNumber', 'applicantName', 'type', 'status'] as const;
export type CaseSortColumn = (typeof CASE_SORT_COLUMNS)[number];

/** A LIKE pattern matching text that contains `part` literally. */
const containing = (part: string) => `%${part.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function listWhere(f: CaseListFilter): SQL | undefined {
  const where: SQL[] = [];
  if (f.orgCode) where.push(inOrg(cases, f.orgCode));
  if (f.type) where.push(eq(cases.type, f.type));
  if (f.department) where.push(eq(cases.department, f.department));
  if (f.status) where.push(eq(cases.status, f.status));
  if (f.step) where.push(eq(cases.step, f.step));
  if (f.open) where.push(ne(cases.step, 'closed'));
  if (f.overdue !== undefined) where.push(eq(cases.overdue, f.overdue));
  if (f.dueBefore) where.push(sql`${cases.dueDate} < ${f.dueBefore}`);
  if (f.q) where.push(or(ilike(cases.caseNumber, containing(f.q)), ilike(cases.applicantName, containing(f.q)))!);
  if (f.after) {
    const { acceptedAt, caseId } = f.after;
    where.push(or(lt(cases.acceptedAt, acceptedAt), and(eq(cases.acceptedAt, acceptedAt), lt(cases.caseId, caseId)))!);
  }
  if (f.afterDue) {
    const { dueAt, caseId } = f.afterDue;
    const at = dueAt.toISOString();
    where.push(sql`(${dueOrder} > ${at}::timestamptz or (${dueOrder} = ${at}::timestamptz and ${gt(cases.caseId, caseId)}))`);
  }
  return and(...where);
}

const SORT_COLUMNS = {
  acceptedAt: cases.acceptedAt,
  dueDate: dueOrder,
  caseNumber: cases.caseNumber,
  applicantName: cases.applicantName,
  type: cases.type,
  status: cases.status,
} satisfies Record<CaseSortColumn, unknown>;

function listOrder(f: CaseListFilter) {
  if (f.sortBy) {
    const dir = f.sortOrder === 'desc' ? desc : asc;
    return [dir(SORT_COLUMNS[f.sortBy]), dir(cases.caseId)];
  }
  return f.sort === 'due' ? [asc(dueOrder), asc(cases.caseId)] : [desc(cases.acceptedAt), desc(cases.caseId)];
}

/** How many cases match the filter (its position aside): a list's `total`. */
export async function countCases(db: Db, f: CaseListFilter): Promise<number> {
  const [row] = await db.select({ n: count() }).from(cases).where(listWhere({ ...f, after: undefined, afterDue: undefined }));
  return row?.n ?? 0;
}

/** Newest first by acceptance (or soonest due first), then case id: a stable order for cursor pagination. */
export async function listCases(db: Db, f: CaseListFilter): Promise<CaseSummaryRow[]> {
  return db
    .select(summaryColumns)
    .from(cases)
    .where(listWhere(f))
    .orderBy(...listOrder(f))
    .offset(f.offset ?? 0)
    .limit(f.limit);
}

/** As listCases, with each case's snapshot: for filters the rules of the domain decide (whose turn it is). */
export async function listCasesWithView(db: Db, f: CaseListFilter): Promise<Array<CaseSummaryRow & { view: CaseView }>> {
  return db
    .select({ ...summaryColumns, view: cases.view })
    .from(cases)
    .where(listWhere(f))
    .orderBy(...listOrder(f))
    .offset(f.offset ?? 0)
    .limit(f.limit);
}

export interface PersonSearch {
  orgCode: string;
  department?: string;
  /** Part of the applicant's name. */
  name?: string;
  /** The keyed hash of a full resident ID (the number itself never reaches the database). */
  idHash?: string;
  limit: number;
}

/** One person's cases, by name or by the hash of the ID number; newest first. */
export async function searchCases(db: Db, s: PersonSearch): Promise<CaseSummaryRow[]> {
  const where: SQL[] = [inOrg(cases, s.orgCode)];
  if (s.department) where.push(eq(cases.department, s.department));
  if (s.idHash) where.push(eq(cases.applicantIdHash, s.idHash));
  if (s.name) where.push(ilike(cases.applicantName, containing(s.name)));
  return db
    .select(summaryColumns)
    .from(cases)
    .where(and(...where))
    .orderBy(desc(cases.acceptedAt), desc(cases.caseId))
    .limit(s.limit);
}

/** The streets of a county that have cases: every street has a reserve fund by policy, used or not. */
export async function streetsWithCases(db: Db, countyCode: string): Promise<string[]> {
  const rows = await db.selectDistinct({ orgCode: cases.orgCode }).from(cases).where(eq(cases.countyCode, countyCode)).orderBy(cases.orgCode);
  return rows.map((r) => r.orgCode);
}

/** The cases one application opened, by case id. */
export async function casesOfApplication(db: Db, applicationId: string): Promise<CaseRow[]> {
  return db.select().from(cases).where(eq(cases.applicationId, applicationId)).orderBy(asc(cases.caseId));
}

/**
 * Open cases of a region whose clock may have counted days of `year`: a provisional due date (a year
 * not yet published), or a span from acceptance to due date that reaches into the year.
 */
export async function openCasesCountingOn(db: Db, region: string, year: number): Promise<string[]> {
  const rows = await db
    .select({ caseId: cases.caseId })
    .from(cases)
    .where(
      and(
        ne(cases.step, 'closed'),
        inRegion(cases.orgCode, region),
        or(eq(cases.dueProvisional, true), and(gte(cases.dueDate, `${year}-01-01`), lt(cases.acceptedAt, startOfShanghaiDay(`${year + 1}-01-01`)))),
      ),
    );
  return rows.map((r) => r.caseId);
}

/** A street's 临时救助 cases waiting for its reserve to be replenished, oldest first. */
export async function temporaryCasesAwaitingFunds(db: Db, orgCode: string): Promise<string[]> {
  const rows = await db
    .select({ caseId: cases.caseId })
    .from(cases)
    .where(and(eq(cases.orgCode, orgCode), eq(cases.type, 'temporary'), sql`(${cases.view} -> 'temporary' ->> 'awaitingFunds')::boolean`))
    .orderBy(asc(cases.acceptedAt));
  return rows.map((r) => r.caseId);
}

export interface SlaRow {
  orgCode: string;
  type: string;
  open: number;
  decidedOnTime: number;
  decidedLate: number;
  overdueNow: number;
  dueSoon: number;
}

/** The first day of the month after `date`'s. */
const nextMonth = (date: IsoDate): IsoDate => {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};

/** The start of a Shanghai calendar day as an instant: a bound an index on accepted_at can use. */
const dayStart = (date: IsoDate) => sql`(${date}::date)::timestamp at time zone 'Asia/Shanghai'`;

/**
 * Per street and type, for cases accepted in [from, to] (Asia/Shanghai dates). Whole months come
 * from the counts the triggers keep (case_sla_counts); the days of a partly covered month at either
 * end are counted from the cases themselves, and "due soon" — relative to now — always is.
 */
export async function slaStats(db: Db, orgCode: string, from?: IsoDate, to?: IsoDate): Promise<SlaRow[]> {
  // Whole months: [monthsFrom, monthsTo). Days outside them but inside [from, to] are counted raw.
  const monthsFrom = from && !from.endsWith('-01') ? nextMonth(from) : from;
  const monthsTo = to ? (nextMonth(to) === addCalendarDays(to, 1) ? nextMonth(to) : `${to.slice(0, 7)}-01`) : undefined;
  const wholeMonths = !(monthsFrom && monthsTo && monthsFrom >= monthsTo);
  const upTo = to ? addCalendarDays(to, 1) : undefined;
  const rawRanges: Array<[IsoDate | undefined, IsoDate | undefined]> = wholeMonths
    ? [
        ...(from && monthsFrom !== from ? [[from, monthsFrom] as [IsoDate, IsoDate]] : []),
        ...(upTo && monthsTo && monthsTo !== upTo ? [[monthsTo, upTo] as [IsoDate, IsoDate]] : []),
      ]
    : [[from, upTo]];
  const accepted = ([a, b]: [IsoDate | undefined, IsoDate | undefined]) =>
    and(a ? sql`${cases.acceptedAt} >= ${dayStart(a)}` : undefined, b ? sql`${cases.acceptedAt} < ${dayStart(b)}` : undefined) ?? sql`true`;
  const countsIn = inOrg(caseSlaCounts, orgCode);
  const parts: SQL[] = [
    sql`select ${cases.orgCode} as org_code, ${cases.type} as type, 0 as cases, 0 as open, 0 as on_time, 0 as late, 0 as overdue, count(*) as due_soon
        from ${cases} where ${and(inOrg(cases, orgCode), accepted([from, upTo]), sql`${cases.step} <> 'closed' and not ${cases.overdue} and ${cases.dueAt} < now() + interval '3 days'`)}
        group by 1, 2`,
  ];
  if (wholeMonths) {
    parts.push(sql`select org_code, type, cases, open, decided_on_time, decided_late, overdue, 0 from ${caseSlaCounts}
        where ${and(countsIn, monthsFrom ? sql`${caseSlaCounts.acceptedMonth} >= ${monthsFrom}` : undefined, monthsTo ? sql`${caseSlaCounts.acceptedMonth} < ${monthsTo}` : undefined)}`);
  }
  for (const range of rawRanges) {
    parts.push(sql`select ${cases.orgCode}, ${cases.type}, count(*),
          count(*) filter (where ${cases.status} = 'open'),
          count(*) filter (where ${cases.decidedAt} is not null and ${cases.decidedLate} is false),
          count(*) filter (where ${cases.decidedAt} is not null and ${cases.decidedLate} is true),
          count(*) filter (where ${cases.overdue}), 0
        from ${cases} where ${and(inOrg(cases, orgCode), accepted(range))} group by 1, 2`);
  }
  const rows = await db.execute<{ org_code: string; type: string; open: number; on_time: number; late: number; overdue: number; due_soon: number }>(sql`
    select org_code, type, sum(open)::int as open, sum(on_time)::int as on_time, sum(late)::int as late, sum(overdue)::int as overdue, sum(due_soon)::int as due_soon
    from (${sql.join(parts, sql` union all `)}) part
    group by org_code, type having sum(cases) > 0 or sum(due_soon) > 0
    order by org_code, type`);
  return rows.map((r) => ({ orgCode: r.org_code, type: r.type, open: r.open, decidedOnTime: r.on_time, decidedLate: r.late, overdueNow: r.overdue, dueSoon: r.due_soon }));
}

/** Overdue open cases now, per county and type (the partial index on overdue cases). */
export async function overdueCounts(db: Db): Promise<Array<{ countyCode: string; type: string; count: number }>> {
  return db
    .select({ countyCode: cases.countyCode, type: cases.type, count: sql<number>`count(*)::int` })
    .from(cases)
    .where(eq(cases.overdue, true))
    .groupBy(cases.countyCode, cases.type);
}

export interface SlaMonthRow {
  month: string;
  decided: number;
  decidedOnTime: number;
  decidedLate: number;
  /** 临时救助 急难型 paid in the month, and how many of them after the 24-hour window. */
  emergencyPaid: number;
  emergencyPaidLate: number;
}

/** The months from..to inclusive, YYYY-MM. */
function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let [y, m] = from.split('-').map(Number) as [number, number]; `${y}-${String(m).padStart(2, '0')}` <= to; m === 12 ? ((m = 1), y++) : m++) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
  }
  return out;
}

/** Per month (Asia/Shanghai) of decision or emergency payout, from..to inclusive (YYYY-MM). */
export async function slaMonthly(db: Db, orgCode: string, type: string | undefined, from: string, to: string): Promise<SlaMonthRow[]> {
  const scope: SQL[] = [inOrg(cases, orgCode)];
  if (type) scope.push(eq(cases.type, type));
  const monthOf = (at: SQL) => sql<string>`to_char(${at} at time zone 'Asia/Shanghai', 'YYYY-MM')`;
  const inMonths = (month: SQL) => sql`${month} between ${from} and ${to}`;
  const decidedMonth = monthOf(sql`${cases.decidedAt}`);
  const decided = await db
    .select({
      month: decidedMonth,
      decided: sql<number>`count(*)::int`,
      decidedOnTime: sql<number>`count(*) filter (where not ${cases.decidedLate})::int`,
      decidedLate: sql<number>`count(*) filter (where ${cases.decidedLate})::int`,
    })
    .from(cases)
    .where(and(...scope, sql`${cases.decidedAt} is not null`, inMonths(decidedMonth)))
    .groupBy(decidedMonth);
  const paidMonth = monthOf(sql`(${cases.view} -> 'temporary' ->> 'paidAt')::timestamptz`);
  const paid = await db
    .select({
      month: paidMonth,
      emergencyPaid: sql<number>`count(*)::int`,
      emergencyPaidLate: sql<number>`count(*) filter (where (${cases.view} -> 'temporary' ->> 'paidLate')::boolean)::int`,
    })
    .from(cases)
    .where(and(...scope, sql`${cases.view} -> 'temporary' ->> 'kind' = 'emergency'`, sql`${cases.view} -> 'temporary' ->> 'paidAt' is not null`, inMonths(paidMonth)))
    .groupBy(paidMonth);
  return monthsBetween(from, to).map((month) => {
    const d = decided.find((r) => r.month === month);
    const p = paid.find((r) => r.month === month);
    return {
      month,
      decided: d?.decided ?? 0,
      decidedOnTime: d?.decidedOnTime ?? 0,
      decidedLate: d?.decidedLate ?? 0,
      emergencyPaid: p?.emergencyPaid ?? 0,
      emergencyPaidLate: p?.emergencyPaidLate ?? 0,
    };
  });
}
