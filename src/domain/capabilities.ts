import { BENEFIT_ACTORS } from './benefits.js';
import {
  AUDIT_READERS,
  BENEFIT_READERS,
  CASE_LISTERS,
  CASE_STARTERS,
  PAYROLL_READERS,
  RESERVE_OVERVIEW_READERS,
  SPENDING_READERS,
  STATS_READERS,
  VOTERS,
  canRead,
  canSee,
  civilAffairs,
  isCalendarAuthority,
  isCivilAffairsApprover,
  isPolicyAuthority,
  maySimulatePolicy,
  type Actor,
  type Role,
} from './roles.js';
import { countyOf } from './org.js';
import { mayPropose, mayReadEntries } from './dishonesty.js';
import { mayOpenCampaign, mayPushCampaignList, mayReadCampaign, mayReadDiscoveries, mayReport } from './discoveries.js';
import { canReadCooperation } from './residence.js';
import { mayReadServiceOrders, mayReadSettlements, maySettleServices } from './services.js';

// What a signed-in person may do, read off the same rules the API enforces (roles.ts): each capability is
// the question a route asks of the caller, asked of the caller's own street or county. `GET /v1/me` hands
// these out, and the console shows a menu only when its capability holds — never a second list of who may.

const has = (roles: readonly Role[]) => (a: Actor) => roles.includes(a.role);
/** The caller's county: a caseworker's street's, everyone else's own. */
const county = (a: Actor) => countyOf(a.org);
/** A street the caller's rules are asked of: a caseworker's own, for a county's people its first street (as GET /v1/discoveries does). */
const street = (a: Actor) => (a.role === 'caseworker' ? a.org : `${county(a)}001`);

export const CAPABILITIES = {
  /** List and search cases (GET /v1/cases, POST /v1/cases/searches). */
  'cases.list': has(CASE_LISTERS),
  /** Take cases in (POST /v1/applications, POST /v1/cases). */
  'cases.start': has(CASE_STARTERS),
  /** SLA statistics (GET /v1/stats/sla). */
  'stats.read': has(STATS_READERS),
  /** Spending by month, type and street (GET /v1/stats/spending). */
  'spending.read': has(SPENDING_READERS),
  /** A street's reserve fund and its ledger (GET /v1/reserve-funds/{orgCode}). */
  'reserveFunds.read': (a: Actor) => canRead(a, 'reserveFund', a.org),
  /** The county's reserve funds, street by street (GET /v1/reserve-funds). */
  'reserveFunds.overview': (a: Actor) => RESERVE_OVERVIEW_READERS.includes(a.role) && canRead(a, 'reserveFund', county(a)),
  /** Replenish a street's fund (POST /v1/reserve-funds/{orgCode}/replenishments). */
  'reserveFunds.replenish': isCivilAffairsApprover,
  /** 一事一议 of the county (a caseworker: of its street). */
  'deliberations.read': (a: Actor) => canRead(a, 'deliberation', a.org),
  'deliberations.vote': has(VOTERS),
  /** A case's audit trail (GET /v1/audit), and the Temporal UI's codec. */
  'audit.read': has(AUDIT_READERS),
  /** Every signed-in caller has an inbox. */
  'notifications.read': () => true,
  'benefits.read': has(BENEFIT_READERS),
  'benefits.act': has(BENEFIT_ACTORS),
  'payrolls.read': (a: Actor) => PAYROLL_READERS.includes(a.role) && canSee(a, civilAffairs(county(a))),
  'payrolls.run': isCivilAffairsApprover,
  /** Policy is public to every signed-in caller. */
  'policies.read': () => true,
  'policies.load': (a: Actor) => isPolicyAuthority(a, a.org),
  'policies.simulate': (a: Actor) => maySimulatePolicy(a, a.org),
  'reconciliations.read': (a: Actor) => canRead(a, 'reconciliation', a.org),
  'filings.read': (a: Actor) => canRead(a, 'filings', a.org),
  'dishonestyList.read': (a: Actor) => canRead(a, 'dishonestyList', a.org),
  'calendar.load': isCalendarAuthority,
  /** The county's cooperation requests, incoming and outgoing (GET /v1/cooperation-requests). */
  'cooperation.read': (a: Actor) => canReadCooperation(a, county(a)),
  /** The county's 失信 entries (GET /v1/dishonesty-entries). */
  'dishonesty.read': (a: Actor) => mayReadEntries(a, county(a)),
  /** Propose a 失信 entry (POST /v1/dishonesty-entries). */
  'dishonesty.propose': (a: Actor) => mayPropose(a, a.org),
  /** 主动发现台账 of the caller's street, or of its county's streets (GET /v1/discoveries). */
  'discoveries.read': (a: Actor) => mayReadDiscoveries(a, street(a)),
  /** Report a person found in hardship (POST /v1/discoveries). */
  'discoveries.report': (a: Actor) => mayReport(a, street(a)),
  /** The county's yearly 摸底排查 ledger (GET /v1/campaigns/{campaignId}), and opening it (POST /v1/campaigns). */
  'campaigns.read': (a: Actor) => mayReadCampaign(a, a.org),
  'campaigns.open': (a: Actor) => mayOpenCampaign(a, a.org),
  /** A street's list of the year pushed to its county (POST /v1/campaigns/{campaignId}/pushes). */
  'campaigns.push': (a: Actor) => mayPushCampaignList(a, county(a)),
  /** 服务类救助: the orders of the caller's street, or of its county's streets (GET /v1/service-orders). */
  'services.read': (a: Actor) => mayReadServiceOrders(a, street(a)),
  /** Order a service for a person of the street (POST /v1/service-orders). */
  'services.order': (a: Actor) => a.role === 'caseworker',
  /** The county's settlements with its providers (GET /v1/service-settlements). */
  'serviceSettlements.read': (a: Actor) => mayReadSettlements(a, county(a)),
  /** Settle, produce the bank file, record returns, record providers' accounts (POST /v1/service-settlements). */
  'serviceSettlements.run': (a: Actor) => maySettleServices(a, county(a)),
} as const satisfies Record<string, (a: Actor) => boolean>;

export type Capability = keyof typeof CAPABILITIES;

/** The console's menus, in their order, each shown when the caller has its capability. */
export const MENUS = {
  queue: 'cases.list',
  intake: 'cases.start',
  board: 'stats.read',
  reserves: 'reserveFunds.read',
  deliberations: 'deliberations.read',
  audit: 'audit.read',
  messages: 'notifications.read',
  benefits: 'benefits.read',
  payrolls: 'payrolls.read',
  policies: 'policies.read',
  cooperation: 'cooperation.read',
  spending: 'spending.read',
  dishonesty: 'dishonesty.read',
  discoveries: 'discoveries.read',
  services: 'services.read',
} as const satisfies Record<string, Capability>;

export type Menu = keyof typeof MENUS;

/** Where a person starts: the first of these it may read (the work queue, the ballots, the standards, the inbox). */
const HOMES: readonly Menu[] = ['queue', 'deliberations', 'policies', 'messages'];

export interface Abilities {
  capabilities: Capability[];
  menus: Menu[];
  home: Menu;
}

export function abilitiesOf(actor: Actor): Abilities {
  const capabilities = (Object.keys(CAPABILITIES) as Capability[]).filter((c) => CAPABILITIES[c](actor));
  const menus = (Object.keys(MENUS) as Menu[]).filter((m) => capabilities.includes(MENUS[m]));
  // policy is read by everyone: there is always a home.
  const home = HOMES.find((m) => menus.includes(m)) ?? 'messages';
  return { capabilities, menus, home };
}
