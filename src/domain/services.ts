// 服务类救助 (001 §五; 003 §五; 002 "物质+服务"): visits, care, rehabilitation and social work for people
// of assistance households who cannot look after themselves, bought from providers at the county's
// catalogue prices — within two caps: a person's services in a month cost no more than the 特困
// basic standard of that month ("按照不超过特困人员救助供养标准实施"), and a county's bought services in a
// year no more than 5 % of its assistance spending of the year before ("不超过上年度困难群众救助资金总
// 支出的5%", 001 §十). An order is placed, delivered, then verified by 民政 (only then is it spending),
// and settled: the county pays each provider a month's verified orders in one line of a settlement. Pure.
import { msg, type Message } from './catalogue.js';
import { fen, list, object, optional, positiveFen, text } from './fields.js';
import { countyOf } from './org.js';
import { departmentOf, type Actor } from './roles.js';

/** The county's catalogue (policy key `services`): what may be bought, by what unit, at what price. */
export const SERVICES_POLICY = object({
  catalogue: list(object({ service: text(40), name: text(40), unit: text(10), unitPriceFen: positiveFen() }), 1, 100),
  /** The assistance spending of the year before the county's own records begin. */
  priorYearSpendingFen: optional(fen()),
});

/** 001 §十: bought services at most this share of last year's assistance spending. */
const COUNTY_YEAR_SHARE_PERCENT = 5;

export const SERVICE_ORDER_STATUSES = ['ordered', 'delivered', 'verified', 'settled', 'cancelled'] as const;
export type ServiceOrderStatus = (typeof SERVICE_ORDER_STATUSES)[number];

export const SERVICE_ORDER_ACTIONS = ['deliver', 'verify', 'cancel'] as const;
export type ServiceOrderAction = (typeof SERVICE_ORDER_ACTIONS)[number];

/** Which cap an order would pass. */
export type ServiceCap = 'person-month' | 'county-year';

export interface CapFigures {
  cap: ServiceCap;
  limitFen: number;
  usedFen: number;
  requestedFen: number;
}

/** The county-year cap: 5 % of last year's spending, rounded down to the fen. */
export const countyYearLimitFen = (priorYearSpendingFen: number): number => Math.floor((priorYearSpendingFen * COUNTY_YEAR_SHARE_PERCENT) / 100);

/** The first cap an order of `requestedFen` would pass, with its figures; none if it fits both. */
export function capExceeded(requestedFen: number, caps: { personMonth: { limitFen: number; usedFen: number }; countyYear: { limitFen: number; usedFen: number } }): CapFigures | undefined {
  if (caps.personMonth.usedFen + requestedFen > caps.personMonth.limitFen) return { cap: 'person-month', ...caps.personMonth, requestedFen };
  if (caps.countyYear.usedFen + requestedFen > caps.countyYear.limitFen) return { cap: 'county-year', ...caps.countyYear, requestedFen };
  return undefined;
}

/** An order in force counts against both caps: all but a cancelled one. */
export const COUNTING: readonly ServiceOrderStatus[] = ['ordered', 'delivered', 'verified', 'settled'];

/** Money spent (type `services`): an order verified, whether or not its provider is paid yet. */
export const SPENT: readonly ServiceOrderStatus[] = ['verified', 'settled'];

const isCountyCivilAffairsApprover = (actor: Actor, countyCode: string) => actor.role === 'approver' && departmentOf(actor) === 'minzheng' && actor.org === countyCode;

const RULES: Record<ServiceOrderAction, { from: readonly ServiceOrderStatus[]; to: ServiceOrderStatus; may: (actor: Actor, orgCode: string) => boolean }> = {
  deliver: { from: ['ordered'], to: 'delivered', may: (actor, orgCode) => actor.role === 'caseworker' && actor.org === orgCode },
  // Verified from the provider's record and the person's word: from then it is money spent.
  verify: { from: ['delivered'], to: 'verified', may: (actor, orgCode) => isCountyCivilAffairsApprover(actor, countyOf(orgCode)) },
  cancel: { from: ['ordered', 'delivered'], to: 'cancelled', may: (actor, orgCode) => (actor.role === 'caseworker' && actor.org === orgCode) || isCountyCivilAffairsApprover(actor, countyOf(orgCode)) },
};

export function serviceActionProblem(actor: Actor, o: { status: ServiceOrderStatus; orgCode: string }, action: ServiceOrderAction): { status: 403 | 409; message: Message } | undefined {
  const name = msg(`service.action.${action}`);
  if (!RULES[action].may(actor, o.orgCode)) return { status: 403, message: msg('service.mayNot', { action: name }) };
  if (!RULES[action].from.includes(o.status)) return { status: 409, message: msg('service.wrongStatus', { action: name, status: msg(`service.status.${o.status}`) }) };
  return undefined;
}

export const serviceStatusAfter = (action: ServiceOrderAction): ServiceOrderStatus => RULES[action].to;

export const allowedServiceActions = (actor: Actor, o: { status: ServiceOrderStatus; orgCode: string }): ServiceOrderAction[] =>
  SERVICE_ORDER_ACTIONS.filter((a) => !serviceActionProblem(actor, o, a));

/** Who reads a street's orders: its caseworkers, and the county's 民政 approvers, supervisors, auditors. */
export function mayReadServiceOrders(actor: Actor, orgCode: string): boolean {
  if (actor.role === 'caseworker') return actor.org === orgCode;
  if (actor.role === 'approver') return isCountyCivilAffairsApprover(actor, countyOf(orgCode));
  return (actor.role === 'supervisor' || actor.role === 'auditor') && actor.org === countyOf(orgCode);
}

/** Who settles a county's verified orders with the providers, and records their accounts: its 民政 approver. */
export const maySettleServices = (actor: Actor, countyCode: string): boolean => isCountyCivilAffairsApprover(actor, countyCode);

/** Who reads a county's settlements: its 民政 approvers, supervisors and auditors. */
export const mayReadSettlements = (actor: Actor, countyCode: string): boolean =>
  isCountyCivilAffairsApprover(actor, countyCode) || ((actor.role === 'supervisor' || actor.role === 'auditor') && actor.org === countyCode);

/** Who reads a county's providers (names and masked accounts): the settlements' readers, and its caseworkers who order. */
export const mayReadProviders = (actor: Actor, countyCode: string): boolean => mayReadSettlements(actor, countyCode) || (actor.role === 'caseworker' && countyOf(actor.org) === countyCode);

export interface SettlementLine<A> {
  line: number;
  provider: string;
  account: A;
  orderIds: string[];
  amountFen: number;
}

/**
 * A month's verified orders as a settlement: one line per provider (by name, in name order) that has an
 * account on record; the orders of a provider without one wait for a later settlement.
 */
export function settlementLines<A>(orders: readonly { orderId: string; provider: string; amountFen: number }[], accountOf: (provider: string) => A | undefined): { lines: SettlementLine<A>[]; withoutAccount: string[] } {
  const byProvider = new Map<string, { orderIds: string[]; amountFen: number }>();
  for (const o of orders) {
    const p = byProvider.get(o.provider) ?? { orderIds: [], amountFen: 0 };
    p.orderIds.push(o.orderId);
    p.amountFen += o.amountFen;
    byProvider.set(o.provider, p);
  }
  const lines: SettlementLine<A>[] = [];
  const withoutAccount: string[] = [];
  for (const provider of [...byProvider.keys()].sort()) {
    const account = accountOf(provider);
    if (account === undefined) withoutAccount.push(provider);
    else lines.push({ line: lines.length + 1, provider, account, ...byProvider.get(provider)! });
  }
  return { lines, withoutAccount };
}
