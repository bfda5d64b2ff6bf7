import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { ReconciliationResult } from '../domain/reconciliation.js';
import type { DiscoverySource, DiscoveryStatus, DiscoveryStep } from '../domain/discoveries.js';
import type { DishonestyKind, DishonestyStatus, DishonestyStep } from '../domain/dishonesty.js';
import type { ServiceOrderStatus } from '../domain/services.js';
import type { RecoveryDetails } from '../domain/recovery.js';
import type { ApplicationView, CaseView, DeliberationView } from '../domain/views.js';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Read model: one row per case, a projection of its workflow written by activities. */
export const cases = pgTable(
  'cases',
  {
    caseId: text('case_id').primaryKey(),
    applicationId: text('application_id'),
    /** 受理编号 (420106-2026-000123), assigned once when the case is first recorded. */
    caseNumber: text('case_number').notNull(),
    type: text('type').notNull(),
    orgCode: text('org_code').notNull(),
    countyCode: text('county_code').notNull(),
    department: text('department').notNull(),
    status: text('status').notNull(),
    step: text('step').notNull(),
    applicantName: text('applicant_name').notNull(),
    applicantIdMasked: text('applicant_id_masked').notNull(),
    // Lets later rules (one person, one 低保/特困) find a person without reading the full number.
    applicantIdHash: text('applicant_id_hash').notNull(),
    acceptedAt: instant('accepted_at').notNull(),
    dueDate: date('due_date', { mode: 'string' }),
    dueAt: instant('due_at'),
    dueProvisional: boolean('due_provisional').notNull().default(false),
    suspended: boolean('suspended').notNull().default(false),
    overdue: boolean('overdue').notNull().default(false),
    overdueSince: instant('overdue_since'),
    decidedAt: instant('decided_at'),
    decidedLate: boolean('decided_late'),
    amountFen: bigint('amount_fen', { mode: 'number' }),
    // Monotonic per case: an older snapshot delivered late by a retried activity never overwrites a newer one.
    version: integer('version').notNull(),
    view: jsonb('view').$type<CaseView>().notNull(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('cases_org_accepted_idx').on(t.orgCode, t.acceptedAt.desc().nullsFirst(), t.caseId.desc().nullsFirst()),
    index('cases_county_accepted_idx').on(t.countyCode, t.acceptedAt.desc().nullsFirst(), t.caseId.desc().nullsFirst()),
    // "Overdue cases of this county, newest first" reads this partial index alone.
    index('cases_county_overdue_idx')
      .on(t.countyCode, t.acceptedAt.desc().nullsFirst(), t.caseId.desc().nullsFirst())
      .where(sql`${t.overdue}`),
    index('cases_applicant_idx').on(t.applicantIdHash),
    uniqueIndex('cases_case_number_uq').on(t.caseNumber),
    index('cases_application_idx').on(t.applicationId),
    // "Due within three days" counts open cases from here (SLA statistics); the migration adds
    // INCLUDE (org_code, type) so the count reads the index alone.
    index('cases_county_due_open_idx').on(t.countyCode, t.dueAt).where(sql`${t.step} <> 'closed' and not ${t.overdue}`),
  ],
);

/** The last 受理编号 sequence taken per county and year of acceptance (drizzle/0008_case_numbers.sql). */
export const caseNumberCounters = pgTable(
  'case_number_counters',
  {
    countyCode: text('county_code').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.countyCode, t.year] })],
);

/** SLA figures per street, type and month of acceptance, kept by triggers on `cases` (drizzle/0003_sla_counts.sql). */
export const caseSlaCounts = pgTable(
  'case_sla_counts',
  {
    orgCode: text('org_code').notNull(),
    countyCode: text('county_code').notNull(),
    type: text('type').notNull(),
    acceptedMonth: date('accepted_month', { mode: 'string' }).notNull(),
    cases: integer('cases').notNull().default(0),
    open: integer('open').notNull().default(0),
    decidedOnTime: integer('decided_on_time').notNull().default(0),
    decidedLate: integer('decided_late').notNull().default(0),
    overdue: integer('overdue').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgCode, t.type, t.acceptedMonth] }), index('case_sla_counts_county_idx').on(t.countyCode, t.acceptedMonth)],
);

/** Append-only trail of every recorded step. (case_id, seq) makes a retried write a no-op. */
export const auditEntries = pgTable(
  'audit_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: text('case_id').notNull(),
    seq: integer('seq').notNull(),
    at: instant('at').notNull(),
    actorSub: text('actor_sub').notNull(),
    actorRole: text('actor_role').notNull(),
    actorOrg: text('actor_org').notNull(),
    /** The person's name from their token (null for the service's own steps and older entries). */
    actorName: text('actor_name'),
    action: text('action').notNull(),
    summary: text('summary').notNull(),
    details: jsonb('details').notNull().default({}),
    recordedAt: instant('recorded_at').notNull().defaultNow(),
    // The case's chain (drizzle/0010): position in write order, the previous entry's hash, this entry's.
    chainIndex: integer('chain_index'),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [uniqueIndex('audit_case_seq_uq').on(t.caseId, t.seq), uniqueIndex('audit_case_chain_uq').on(t.caseId, t.chainIndex), index('audit_entries_recorded_idx').on(t.recordedAt)],
);

/** Rows up to `uptoId` were written before the chain; the backfill chains them once. */
export const auditChainBackfill = pgTable('audit_chain_backfill', {
  singleton: boolean('singleton').primaryKey().default(true),
  uptoId: bigint('upto_id', { mode: 'number' }).notNull(),
  chainedAt: instant('chained_at'),
});

/** A county's daily anchor over the heads of the chains that moved that day, chained to the one before. */
export const auditAnchors = pgTable(
  'audit_anchors',
  {
    countyCode: text('county_code').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    heads: integer('heads').notNull(),
    prevHash: text('prev_hash'),
    hash: text('hash').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.countyCode, t.day] })],
);

export const auditAnchorHeads = pgTable(
  'audit_anchor_heads',
  {
    countyCode: text('county_code').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    caseId: text('case_id').notNull(),
    chainIndex: integer('chain_index').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.countyCode, t.day, t.caseId] }), index('audit_anchor_heads_case_idx').on(t.caseId, t.day)],
);

/** What a county's daily reconciliation found, once per county and day. */
export const reconciliations = pgTable(
  'reconciliations',
  {
    countyCode: text('county_code').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    ok: boolean('ok').notNull(),
    differences: integer('differences').notNull(),
    result: jsonb('result').$type<ReconciliationResult>().notNull(),
    checkedAt: instant('checked_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.countyCode, t.day] })],
);

export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    // Unique per event (e.g. "<caseId>:overdue:<dueDate>") so a retried activity notifies once.
    eventKey: text('event_key').notNull(),
    caseId: text('case_id'),
    kind: text('kind').notNull(),
    recipientRole: text('recipient_role').notNull(),
    recipientOrg: text('recipient_org').notNull(),
    /** For approvers: the department of the case; an approver reads only its own department's. */
    recipientDept: text('recipient_dept'),
    message: text('message').notNull(),
    createdAt: instant('created_at').notNull(),
    readAt: instant('read_at'),
  },
  (t) => [
    uniqueIndex('notifications_event_recipient_uq').on(t.eventKey, t.recipientRole, t.recipientOrg),
    index('notifications_recipient_idx').on(t.recipientOrg, t.recipientRole, t.createdAt.desc().nullsFirst()),
  ],
);

/**
 * Corrections to the official calendar, and newly published years, without a release: the State
 * Council's (region 000000) for everyone, a province's (xx0000) for its own cases.
 */
export const calendarOverrides = pgTable(
  'calendar_overrides',
  {
    region: text('region').notNull().default('000000'),
    date: date('date', { mode: 'string' }).notNull(),
    working: boolean('working').notNull(),
    source: text('source').notNull(),
    note: text('note'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.region, t.date] })],
);

/** Years whose official schedule has been loaded through overrides (beyond the packaged data), per region. */
export const calendarYears = pgTable(
  'calendar_years',
  {
    region: text('region').notNull().default('000000'),
    year: integer('year').notNull(),
    source: text('source').notNull(),
    publishedAt: instant('published_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.region, t.year] })],
);

/** Region policy values, dated: a case keeps the version in force when it was accepted. */
export const policies = pgTable(
  'policies',
  {
    regionCode: text('region_code').notNull(),
    key: text('key').notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    value: jsonb('value').notNull(),
    source: text('source'),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.key, t.effectiveFrom] })],
);

/** Idempotency-Key records: the same key and body map to the same resource. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    resourceId: text('resource_id').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);

/** One reserve fund (临时救助备用金) per street; the balance is the sum of its entries and never negative. */
export const reserveFunds = pgTable(
  'reserve_funds',
  {
    orgCode: text('org_code').primaryKey(),
    countyCode: text('county_code').notNull(),
    balanceFen: bigint('balance_fen', { mode: 'number' }).notNull(),
    presetFen: bigint('preset_fen', { mode: 'number' }).notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [check('reserve_funds_balance_nonnegative', sql`${t.balanceFen} >= 0`), check('reserve_funds_preset_nonnegative', sql`${t.presetFen} >= 0`)],
);

/** The ledger: every movement of a reserve fund. `entry_key` makes a retried movement a no-op. */
export const reserveEntries = pgTable(
  'reserve_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgCode: text('org_code')
      .notNull()
      .references(() => reserveFunds.orgCode),
    kind: text('kind').notNull(),
    // Signed: money in is positive, a payout negative.
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    balanceAfterFen: bigint('balance_after_fen', { mode: 'number' }).notNull(),
    entryKey: text('entry_key').notNull(),
    caseId: text('case_id'),
    instalment: integer('instalment'),
    actorSub: text('actor_sub').notNull(),
    note: text('note'),
    at: instant('at').notNull(),
  },
  (t) => [
    uniqueIndex('reserve_entries_key_uq').on(t.entryKey),
    index('reserve_entries_org_idx').on(t.orgCode, t.id.desc().nullsFirst()),
    check('reserve_entries_balance_nonnegative', sql`${t.balanceAfterFen} >= 0`),
    check('reserve_entries_kind', sql`${t.kind} in ('preset', 'payout', 'replenishment', 'reversal')`),
  ],
);

/** Every payment to an applicant, from the street reserve or disbursed by the county: one per (case, instalment). */
export const payments = pgTable(
  'payments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: text('case_id').notNull(),
    instalment: integer('instalment').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    source: text('source').notNull(),
    orgCode: text('org_code').notNull(),
    countyCode: text('county_code').notNull(),
    payee: text('payee').notNull().default('applicant'),
    reserveEntryId: bigint('reserve_entry_id', { mode: 'number' }).references(() => reserveEntries.id),
    paidAt: instant('paid_at').notNull(),
  },
  (t) => [
    uniqueIndex('payments_case_instalment_uq').on(t.caseId, t.instalment, t.payee),
    uniqueIndex('payments_reserve_entry_uq').on(t.reserveEntryId),
    check('payments_amount_positive', sql`${t.amountFen} > 0`),
    check('payments_source', sql`${t.source} in ('reserve', 'county')`),
    // A reserve payment is exactly one ledger entry; a county disbursement touches no reserve.
    check('payments_reserve_entry', sql`(${t.source} = 'reserve') = (${t.reserveEntryId} is not null)`),
  ],
);

/** 备案: street approvals within the street's authority, filed with the county. */
export const filings = pgTable(
  'filings',
  {
    caseId: text('case_id').primaryKey(),
    orgCode: text('org_code').notNull(),
    countyCode: text('county_code').notNull(),
    kind: text('kind').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    approvedBy: text('approved_by').notNull(),
    approvedAt: instant('approved_at').notNull(),
  },
  (t) => [index('filings_county_idx').on(t.countyCode, t.approvedAt.desc().nullsFirst())],
);

/** Read model of 一事一议 deliberations. */
export const deliberations = pgTable(
  'deliberations',
  {
    deliberationId: text('deliberation_id').primaryKey(),
    caseId: text('case_id').notNull(),
    orgCode: text('org_code').notNull(),
    countyCode: text('county_code').notNull(),
    status: text('status').notNull(),
    version: integer('version').notNull(),
    view: jsonb('view').$type<DeliberationView>().notNull(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [index('deliberations_county_idx').on(t.countyCode, t.status)],
);

/** 一门受理: one application at the window, the parent of one case per aid type. */
export const applications = pgTable(
  'applications',
  {
    applicationId: text('application_id').primaryKey(),
    orgCode: text('org_code').notNull(),
    countyCode: text('county_code').notNull(),
    applicantName: text('applicant_name').notNull(),
    applicantIdMasked: text('applicant_id_masked').notNull(),
    applicantIdHash: text('applicant_id_hash').notNull(),
    flagged: boolean('flagged').notNull().default(false),
    acceptedAt: instant('accepted_at').notNull(),
    version: integer('version').notNull(),
    view: jsonb('view').$type<ApplicationView>().notNull(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [index('applications_org_idx').on(t.orgCode, t.acceptedAt.desc().nullsFirst()), index('applications_applicant_idx').on(t.applicantIdHash)],
);

/** 失信名单: who made a false commitment, why, from which case, and until when. */
export const dishonestyEntries = pgTable(
  'dishonesty_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    entryId: text('entry_id').generatedAlwaysAs(sql`'dishonesty-' || id::text`),
    status: text('status').$type<DishonestyStatus>().notNull().default('listed'),
    kind: text('kind').$type<DishonestyKind>().notNull().default('false-commitment'),
    subjectKind: text('subject_kind').$type<'person' | 'organisation'>().notNull().default('person'),
    /** A person: the keyed hash and the mask of the ID number (drizzle/0016). */
    applicantIdHash: text('applicant_id_hash'),
    applicantIdMasked: text('applicant_id_masked'),
    /** An organisation: its 统一社会信用代码 and name. */
    creditCode: text('credit_code'),
    organisationName: text('organisation_name'),
    reason: text('reason').notNull(),
    evidence: text('evidence'),
    sourceCaseId: text('source_case_id'),
    countyCode: text('county_code'),
    /** Listed from, and until (inclusive): set on confirmation. */
    startDate: date('start_date', { mode: 'string' }),
    expiresOn: date('expires_on', { mode: 'string' }),
    history: jsonb('history').$type<DishonestyStep[]>().notNull().default([]),
    version: integer('version').notNull().default(1),
    requestId: text('request_id'),
    createdBy: text('created_by').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('dishonesty_applicant_idx').on(t.applicantIdHash, t.expiresOn),
    uniqueIndex('dishonesty_source_uq').on(t.applicantIdHash, t.sourceCaseId),
  ],
);

/** Money due back after a revocation: one row per revoked case. */
export const recoveries = pgTable('recoveries', {
  caseId: text('case_id').primaryKey(),
  orgCode: text('org_code').notNull(),
  applicantIdHash: text('applicant_id_hash').notNull(),
  amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
  reason: text('reason').notNull(),
  recordedAt: instant('recorded_at').notNull(),
  // What the amount comprises (drizzle/0007_recovery_details.sql); none on rows recorded before it.
  details: jsonb('details').$type<RecoveryDetails>(),
});

/**
 * One person is never approved for 低保 and 特困 at the same time: an approval claims the person's
 * basic-living benefit, and the unique key refuses a second claim even when two decisions race.
 */
export const benefitClaims = pgTable(
  'benefit_claims',
  {
    applicantIdHash: text('applicant_id_hash').notNull(),
    benefitGroup: text('benefit_group').notNull(),
    caseId: text('case_id').notNull(),
    type: text('type').notNull(),
    claimedAt: instant('claimed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.applicantIdHash, t.benefitGroup] })],
);

/** 就业 and 慈善衔接 referrals, each with its receiving organisation and follow-up date. */
export const referrals = pgTable(
  'referrals',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: text('case_id').notNull(),
    seq: integer('seq').notNull(),
    kind: text('kind').notNull(),
    receivingOrg: text('receiving_org').notNull(),
    followUpDate: date('follow_up_date', { mode: 'string' }).notNull(),
    note: text('note'),
    createdBy: text('created_by').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [uniqueIndex('referrals_case_seq_uq').on(t.caseId, t.seq), check('referrals_kind', sql`${t.kind} in ('employment', 'charity')`)],
);

/** 待遇: one per approved 低保, 特困 or 公租房 case; the lifecycle its workflow keeps (drizzle/0004_benefits.sql). */
export const benefits = pgTable('benefits', {
  benefitId: text('benefit_id').primaryKey(),
  caseId: text('case_id').notNull(),
  type: text('type').notNull(),
  orgCode: text('org_code').notNull(),
  countyCode: text('county_code').notNull(),
  applicantIdHash: text('applicant_id_hash').notNull(),
  applicantName: text('applicant_name').notNull(),
  status: text('status').notNull(),
  firstMonth: text('first_month').notNull(),
  lastMonth: text('last_month'),
  /** 孤儿, 事实无人抚养儿童: the last month the benefit pays by itself (the 18th birthday's, or the study age's). */
  endsAfterMonth: text('ends_after_month'),
  stopReason: text('stop_reason'),
  coveredThrough: text('covered_through'),
  reviewDueDate: date('review_due_date', { mode: 'string' }).notNull(),
  reviewDeadline: date('review_deadline', { mode: 'string' }),
  reviewOverdue: boolean('review_overdue').notNull(),
  version: integer('version').notNull(),
  openedAt: instant('opened_at').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

/** A benefit's basis from a month on: one row per change. */
export const benefitBases = pgTable(
  'benefit_bases',
  {
    benefitId: text('benefit_id').notNull(),
    fromMonth: text('from_month').notNull(),
    basis: jsonb('basis').notNull(),
  },
  (t) => [primaryKey({ columns: [t.benefitId, t.fromMonth] })],
);

export const benefitPayees = pgTable(
  'benefit_payees',
  {
    benefitId: text('benefit_id').notNull(),
    payee: text('payee').notNull(),
    name: text('name').notNull(),
    bankName: text('bank_name'),
    accountEncrypted: text('account_encrypted'),
    accountMasked: text('account_masked'),
  },
  (t) => [primaryKey({ columns: [t.benefitId, t.payee] })],
);

/** A visit or call to a benefit's person, as the street's caseworker recorded it (drizzle/0014_benefit_contacts.sql). */
export const benefitContacts = pgTable(
  'benefit_contacts',
  {
    contactId: text('contact_id').primaryKey(),
    benefitId: text('benefit_id').notNull(),
    contactedOn: date('contacted_on', { mode: 'string' }).notNull(),
    kind: text('kind').notNull(),
    findings: text('findings').notNull(),
    actorSub: text('actor_sub').notNull(),
    actorRole: text('actor_role').notNull(),
    actorName: text('actor_name'),
    recordedAt: instant('recorded_at').notNull(),
  },
  (t) => [index('benefit_contacts_benefit_on_idx').on(t.benefitId, t.contactedOn.desc()), check('benefit_contacts_kind', sql`${t.kind} in ('visit', 'call')`)],
);

/** A benefit's history, append-only. */
export const benefitEvents = pgTable('benefit_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  benefitId: text('benefit_id').notNull(),
  eventKey: text('event_key').notNull(),
  at: instant('at').notNull(),
  actorSub: text('actor_sub').notNull(),
  actorRole: text('actor_role').notNull(),
  action: text('action').notNull(),
  summary: text('summary').notNull(),
  details: jsonb('details').notNull(),
});

export const payrolls = pgTable('payrolls', {
  payrollId: text('payroll_id').primaryKey(),
  countyCode: text('county_code').notNull(),
  month: text('month').notNull(),
  status: text('status').notNull(),
  requestedBy: text('requested_by').notNull(),
  requestedAt: instant('requested_at').notNull(),
  preparedAt: instant('prepared_at'),
  releasedBy: text('released_by'),
  releasedAt: instant('released_at'),
  sentAt: instant('sent_at'),
});

/** One payment per (benefit, month, payee), ever. */
export const benefitPayments = pgTable(
  'benefit_payments',
  {
    benefitId: text('benefit_id').notNull(),
    month: text('month').notNull(),
    payee: text('payee').notNull(),
    payrollId: text('payroll_id').notNull(),
    countyCode: text('county_code').notNull(),
    orgCode: text('org_code').notNull(),
    type: text('type').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull(),
    failureReason: text('failure_reason'),
    sentAt: instant('sent_at'),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.benefitId, t.month, t.payee] })],
);

export const policyChanges = pgTable('policy_changes', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  regionCode: text('region_code').notNull(),
  key: text('key').notNull(),
  effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
  value: jsonb('value').notNull(),
  previousValue: jsonb('previous_value'),
  source: text('source').notNull(),
  actorSub: text('actor_sub').notNull(),
  at: instant('at').notNull(),
  adjustedBenefits: integer('adjusted_benefits').notNull(),
});

/** The household register (drizzle/0006_households.sql): a household and its version, bumped per change. */
export const households = pgTable('households', {
  householdId: text('household_id').primaryKey(),
  orgCode: text('org_code').notNull(),
  countyCode: text('county_code').notNull(),
  createdOn: date('created_on', { mode: 'string' }).notNull(),
  version: integer('version').notNull(),
  createdBySub: text('created_by_sub').notNull(),
  createdByRole: text('created_by_role').notNull(),
  createdAt: instant('created_at').notNull(),
});

/** A dated change, append-only: the parts it set are in the three tables below under its id. */
export const householdChanges = pgTable(
  'household_changes',
  {
    changeId: text('change_id').primaryKey(),
    householdId: text('household_id').notNull(),
    seq: integer('seq').notNull(),
    effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    actorSub: text('actor_sub').notNull(),
    actorRole: text('actor_role').notNull(),
    at: instant('at').notNull(),
    setsMembers: boolean('sets_members').notNull(),
    setsAssets: boolean('sets_assets').notNull(),
    setsSupporters: boolean('sets_supporters').notNull(),
    checkReference: text('check_reference'),
    checkedOn: date('checked_on', { mode: 'string' }),
  },
  (t) => [uniqueIndex('household_changes_household_id_seq_key').on(t.householdId, t.seq)],
);

export const householdMembers = pgTable(
  'household_members',
  {
    changeId: text('change_id').notNull(),
    position: integer('position').notNull(),
    memberId: text('member_id').notNull(),
    name: text('name').notNull(),
    idHash: text('id_hash').notNull(),
    idMasked: text('id_masked').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    relation: text('relation').notNull(),
    livesTogether: boolean('lives_together').notNull(),
    workAbility: text('work_ability').notNull(),
    employed: boolean('employed').notNull(),
    disabilityLevel: integer('disability_level'),
    incomes: jsonb('incomes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.changeId, t.position] }), index('household_members_id_hash_idx').on(t.idHash)],
);

export const householdAssets = pgTable('household_assets', {
  changeId: text('change_id').primaryKey(),
  depositsFen: bigint('deposits_fen', { mode: 'number' }).notNull(),
  securitiesFen: bigint('securities_fen', { mode: 'number' }).notNull(),
  vehicles: integer('vehicles').notNull(),
  homes: integer('homes').notNull(),
  businessRegistered: boolean('business_registered').notNull(),
});

export const householdSupporters = pgTable(
  'household_supporters',
  {
    changeId: text('change_id').notNull(),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    idHash: text('id_hash'),
    idMasked: text('id_masked'),
    relation: text('relation').notNull(),
    monthlyIncomeFen: bigint('monthly_income_fen', { mode: 'number' }).notNull(),
    ableToSupport: boolean('able_to_support').notNull(),
  },
  (t) => [primaryKey({ columns: [t.changeId, t.position] })],
);

/** The cases that name a household: how another household's 低保 is found from a member. */
export const householdCases = pgTable('household_cases', {
  caseId: text('case_id').primaryKey(),
  householdId: text('household_id').notNull(),
  type: text('type').notNull(),
});

/** 低收入 (低保边缘) recognitions, one per deciding case. */
export const householdRecognitions = pgTable(
  'household_recognitions',
  {
    householdId: text('household_id').notNull(),
    type: text('type').notNull(),
    caseId: text('case_id').notNull(),
    since: date('since', { mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.householdId, t.type, t.caseId] })],
);

/** 主动发现 (drizzle/0017): a person found before they apply, and what the street did. */
export const discoveries = pgTable('discoveries', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  discoveryId: text('discovery_id').generatedAlwaysAs(sql`'discovery-' || id::text`),
  source: text('source').$type<DiscoverySource>().notNull(),
  orgCode: text('org_code').notNull(),
  countyCode: text('county_code').notNull(),
  personName: text('person_name').notNull(),
  personIdHash: text('person_id_hash'),
  personIdMasked: text('person_id_masked'),
  personKey: text('person_key').notNull(),
  address: text('address').notNull(),
  situation: text('situation').notNull(),
  status: text('status').$type<DiscoveryStatus>().notNull().default('open'),
  foundOn: date('found_on', { mode: 'string' }).notNull(),
  visitDueDate: date('visit_due_date', { mode: 'string' }).notNull(),
  visitedOn: date('visited_on', { mode: 'string' }),
  findings: text('findings'),
  applicationId: text('application_id'),
  /** Why it was closed, or where it was referred. */
  outcome: text('outcome'),
  history: jsonb('history').$type<DiscoveryStep[]>().notNull().default([]),
  requestId: text('request_id'),
  createdBy: text('created_by').notNull(),
  createdAt: instant('created_at').notNull().defaultNow(),
});

/** The yearly 摸底排查 of a county (drizzle/0017): its ledger is counted from the discoveries. */
export const campaigns = pgTable('campaigns', {
  campaignId: text('campaign_id').primaryKey(),
  countyCode: text('county_code').notNull(),
  year: integer('year').notNull(),
  openedBy: text('opened_by').notNull(),
  openedAt: instant('opened_at').notNull().defaultNow(),
});

/** A street's list of the year pushed to the county (drizzle/0024), with the counts it carried. */
export const campaignPushes = pgTable('campaign_pushes', {
  pushId: bigserial('push_id', { mode: 'number' }).primaryKey(),
  campaignId: text('campaign_id').notNull(),
  orgCode: text('org_code').notNull(),
  pushedBy: text('pushed_by').notNull(),
  pushedAt: instant('pushed_at').notNull().defaultNow(),
  discovered: integer('discovered').notNull(),
  visited: integer('visited').notNull(),
  invited: integer('invited').notNull(),
  overdue: integer('overdue').notNull(),
});

/** 服务类救助 (drizzle/0018): a service bought for a person at the catalogue's price. */
export const serviceOrders = pgTable('service_orders', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  orderId: text('order_id').generatedAlwaysAs(sql`'service-' || id::text`),
  orgCode: text('org_code').notNull(),
  countyCode: text('county_code').notNull(),
  personIdHash: text('person_id_hash').notNull(),
  personName: text('person_name').notNull(),
  benefitId: text('benefit_id'),
  caseId: text('case_id'),
  service: text('service').notNull(),
  serviceName: text('service_name').notNull(),
  unit: text('unit').notNull(),
  units: integer('units').notNull(),
  unitPriceFen: bigint('unit_price_fen', { mode: 'number' }).notNull(),
  amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
  provider: text('provider').notNull(),
  month: text('month').notNull(),
  status: text('status').$type<ServiceOrderStatus>().notNull().default('ordered'),
  verifiedAt: instant('verified_at'),
  history: jsonb('history').$type<ServiceStep[]>().notNull().default([]),
  requestId: text('request_id'),
  createdBy: text('created_by').notNull(),
  createdAt: instant('created_at').notNull().defaultNow(),
  /** The settlement that paid its provider (drizzle/0020). */
  settlementId: text('settlement_id'),
});

type ServiceStep = { action: string; at: string; by: { sub: string; role: string; name?: string }; note?: string; settlementId?: string };

/** A service provider's payee account in a county (drizzle/0020): encrypted like a benefit payee's, shown masked. */
export const serviceProviders = pgTable(
  'service_providers',
  {
    countyCode: text('county_code').notNull(),
    name: text('name').notNull(),
    bankName: text('bank_name').notNull(),
    accountEncrypted: text('account_encrypted').notNull(),
    accountMasked: text('account_masked').notNull(),
    history: jsonb('history').$type<Array<ServiceStep & { accountMasked: string }>>().notNull().default([]),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.countyCode, t.name] })],
);

/** A county's monthly settlement with the providers of its verified service orders (drizzle/0020). */
export const serviceSettlements = pgTable('service_settlements', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  settlementId: text('settlement_id').generatedAlwaysAs(sql`'settlement-' || id::text`),
  countyCode: text('county_code').notNull(),
  month: text('month').notNull(),
  orders: integer('orders').notNull(),
  amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
  history: jsonb('history').$type<Array<ServiceStep & { lines?: number; failed?: number }>>().notNull().default([]),
  createdBy: text('created_by').notNull(),
  createdAt: instant('created_at').notNull().defaultNow(),
});

/** A settlement's line: one provider, its orders' sum, the account as it was (the bank file's row). */
export const serviceSettlementLines = pgTable(
  'service_settlement_lines',
  {
    settlementId: text('settlement_id').notNull(),
    line: integer('line').notNull(),
    provider: text('provider').notNull(),
    bankName: text('bank_name').notNull(),
    accountEncrypted: text('account_encrypted').notNull(),
    accountMasked: text('account_masked').notNull(),
    orders: integer('orders').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    status: text('status').$type<'sent' | 'failed'>().notNull().default('sent'),
    failureReason: text('failure_reason'),
  },
  (t) => [primaryKey({ columns: [t.settlementId, t.line] })],
);

/** An order is settled at most once: its id is the key. */
export const serviceSettlementOrders = pgTable('service_settlement_orders', {
  orderId: text('order_id').primaryKey(),
  settlementId: text('settlement_id').notNull(),
  line: integer('line').notNull(),
});

/** 居住地申办: the cooperation request (协查) a residence-based case sent to the 户籍 county (migration 0012). */
export const cooperationRequests = pgTable(
  'cooperation_requests',
  {
    requestId: text('request_id').primaryKey(),
    caseId: text('case_id').notNull().unique(),
    orgCode: text('org_code').notNull(),
    fromCounty: text('from_county').notNull(),
    toCounty: text('to_county').notNull(),
    status: text('status').notNull(),
    applicantName: text('applicant_name').notNull(),
    applicantIdMasked: text('applicant_id_masked').notNull(),
    permitNumber: text('permit_number').notNull(),
    requestedAt: instant('requested_at').notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    dueAt: instant('due_at').notNull(),
    findings: text('findings'),
    householdSituation: text('household_situation'),
    answeredAt: instant('answered_at'),
    overdueSince: instant('overdue_since'),
    caseVersion: integer('case_version').notNull(),
  },
  (t) => [index('cooperation_to_county_idx').on(t.toCounty, t.status, t.dueAt), index('cooperation_from_county_idx').on(t.fromCounty, t.status, t.dueAt)],
);

/** 受灾人员救助: a disaster event recorded by 应急 (migration 0012). */
export const disasterEvents = pgTable('disaster_events', {
  eventId: text('event_id').primaryKey(),
  name: text('name').notNull(),
  occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
  kind: text('kind').notNull(),
  countyCode: text('county_code').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: instant('created_at').notNull().defaultNow(),
});

/** One case per event and caller's key: a second intake of the same key creates nothing. */
export const disasterCases = pgTable(
  'disaster_cases',
  {
    eventId: text('event_id').notNull(),
    key: text('key').notNull(),
    caseId: text('case_id').notNull().unique(),
    started: boolean('started').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.key] })],
);
