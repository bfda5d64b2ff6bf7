import { and, eq } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { notifications } from '../src/db/schema.js';
import { DEPARTMENTS, type Actor, type Department } from '../src/domain/roles.js';
import { CASEWORKER, WC } from './support/actors.js';
import { expectStatus } from './support/api.js';
import { startCase, startTemporaryCase, submitApplication } from './support/cases.js';
import { approve, runPayroll } from './support/benefits.js';
import { shanghaiDate } from '../src/domain/dates.js';
import { monthOf } from '../src/domain/months.js';
import { eventually, residentId, tokenFor, useHarness } from './support/harness.js';

// Every route (from the app's own route table) × every role (an approver of each department) × where
// the data lies: the caller's own street, another street of its county, another county. The table
// below mirrors the domain's rules (src/domain/roles.ts READERS, the aid action rules, the handlers):
// what the caller may not see is 404 (cases, applications, deliberations), a role that may not is 403,
// and data of another county never answers 200.

const h = useHarness('access-matrix');

type Kind = 'caseworker' | `approver:${Department}` | 'committee' | 'supervisor' | 'system' | 'auditor' | 'calendar-authority' | 'policy';
type Scope = 'own' | 'other-street' | 'other-county';
const KINDS: Kind[] = ['caseworker', ...DEPARTMENTS.map((d) => `approver:${d}` as const), 'committee', 'supervisor', 'system', 'auditor', 'calendar-authority', 'policy'];
const SCOPES: Scope[] = ['own', 'other-street', 'other-county'];

/** The fixtures live in street 420106001 of 武昌区 (WC); the caller works here, next door, or in 金堂县. */
function actorOf(kind: Kind, scope: Scope): Actor {
  const sub = `m-${kind}-${scope}`;
  if (kind === 'caseworker') return { sub, role: 'caseworker', org: { own: `${WC}001`, 'other-street': `${WC}002`, 'other-county': '510121001' }[scope] };
  // A provincial system token (湖北 420000; another province 510000): the calendar authority.
  if (kind === 'calendar-authority') return { sub, role: 'system', org: scope === 'other-county' ? '510000' : '420000' };
  // 政策管理: the county's policy officer loads its policy values.
  if (kind === 'policy') return { sub, role: 'policy', org: scope === 'other-county' ? '510121' : WC };
  const org = scope === 'other-county' ? '510121' : WC;
  if (kind.startsWith('approver:')) {
    const dept = kind.slice('approver:'.length) as Department;
    return { sub, role: 'approver', org, ...(dept === 'minzheng' ? {} : { dept }) };
  }
  return { sub, role: kind as Actor['role'], org };
}

/** Expected status for a caller: one status, or a few that are all right (an Update racing, say). */
type Expect = number | number[];
type Rule = (kind: Kind, scope: Scope) => Expect;

const inCounty = (scope: Scope) => scope !== 'other-county';
/** A caseworker sees its own street only; the others the streets of their county. */
const sees = (kind: Kind, scope: Scope) => (kind === 'caseworker' ? scope === 'own' : kind !== 'calendar-authority' && inCounty(scope));
/** Who reads a 民政 benefit or household of street 420106001 (names and amounts): need to know. */
const benefitReader = (k: Kind, s: Scope) => ['caseworker', 'approver:minzheng', 'supervisor', 'auditor'].includes(k) && sees(k, s);
/** Who reads a county payroll: its civil-affairs approver, supervisors, auditors. */
const payrollReader = (k: Kind, s: Scope) => ['approver:minzheng', 'supervisor', 'auditor'].includes(k) && inCounty(s);
/** Statistics (aggregates, no person): the county's readers, and its policy officer. */
const statsReader = (k: Kind, s: Scope) => (['supervisor', 'auditor', 'policy'].includes(k) || isApprover(k)) && sees(k, s);
const civilAffairs = (kind: Kind) => !kind.startsWith('approver:') || kind === 'approver:minzheng';
const isApprover = (kind: Kind) => kind.startsWith('approver:');

/**
 * A 民政 case (低保, 临时救助) of street 420106001, taken in by its caseworker: 404 for whoever may not see it.
 * Need to know: the policy officer reads no person; the committee only a case on its open ballot, an
 * importing system only what it started (neither is this one: see the test after the table).
 */
const caseRead: Rule = (k, s) => (sees(k, s) && civilAffairs(k) && !['policy', 'committee', 'system'].includes(k) ? 200 : 404);
/** Civil-affairs resources (READERS): a reader within its scope, else 403. */
const reader = (roles: string[]): Rule => (k, s) => (roles.includes(k.split(':')[0] as string) && civilAffairs(k) && sees(k, s) ? 200 : 403);

// The table: route → rule. A route the app has and the table lacks fails the test.
const TABLE: Record<string, { rule: Rule; request: () => { url: string; body?: unknown } }> = {
  'GET /healthz': { rule: () => 200, request: () => ({ url: '/healthz' }) },
  // The time-skipping test server cannot describe task queues: the worker is 'unknown', which is ready.
  'GET /readyz': { rule: () => [200, 503], request: () => ({ url: '/readyz' }) },
  'POST /v1/cases': {
    // Caseworkers of the street and the county's importing systems start cases.
    rule: (k, s) => ((k === 'caseworker' || k === 'system') && sees(k, s) ? 201 : 403),
    request: () => ({ url: '/v1/cases', body: { type: 'dibao', orgCode: `${WC}001`, applicant: { name: '矩阵', idNumber: nextId() }, household: { size: 1, monthlyIncomeFen: 20_000 } } }),
  },
  'GET /v1/cases/{caseId}': { rule: caseRead, request: () => ({ url: `/v1/cases/${f.dibao}` }) },
  'POST /v1/cases/{caseId}/actions': {
    // supplement-received: the caseworker's, but only while suspended (409); any other role 403; unseen 404.
    rule: (k, s) => (caseRead(k, s) === 404 ? 404 : k === 'caseworker' ? 409 : 403),
    request: () => ({ url: `/v1/cases/${f.dibao}/actions`, body: { action: 'supplement-received' } }),
  },
  // Listing and searching cases (names included): need to know — not the committee or importing systems.
  'GET /v1/cases': {
    rule: (k, s) => (['committee', 'system', 'calendar-authority', 'policy'].includes(k) ? 403 : sees(k, s) ? 200 : 403),
    request: () => ({ url: `/v1/cases?orgCode=${WC}001` }),
  },
  'POST /v1/applications': {
    rule: (k, s) => ((k === 'caseworker' || k === 'system') && sees(k, s) ? 201 : 403),
    request: () => ({
      url: '/v1/applications',
      body: { orgCode: `${WC}001`, applicant: { name: '矩阵', idNumber: nextId() }, household: { size: 1, monthlyIncomeFen: 20_000 }, requested: ['dibao'], commitments: { economicCheckAuthorized: true, truthfulnessPledged: true } },
    }),
  },
  // An application with a 低保 case only: another department has no case in it and does not see it.
  'GET /v1/applications/{applicationId}': { rule: caseRead, request: () => ({ url: `/v1/applications/${f.application}` }) },
  // The caller's own county's list; a role that is not a reader is 403.
  'POST /v1/dishonesty-list/lookups': {
    rule: (k) => (['approver:minzheng', 'supervisor', 'auditor'].includes(k) ? 200 : 403),
    request: () => ({ url: '/v1/dishonesty-list/lookups', body: { idNumber: residentId('420106', '19700101', '555') } }),
  },
  // 失信 entries: any approver proposes in its own county; the county's readers (its streets' caseworkers
  // who appeal, 民政 approvers, supervisors, auditors) read them; an appeal of a proposal is the wrong step.
  'POST /v1/dishonesty-entries': {
    rule: (k) => (isApprover(k) ? 201 : 403),
    request: () => ({ url: '/v1/dishonesty-entries', body: { subject: { kind: 'organisation', creditCode: '91350100M000100Y43', name: '矩阵公司' }, kind: 'other', evidence: '矩阵' } }),
  },
  'GET /v1/dishonesty-entries': {
    rule: (k, s) => (['caseworker', 'approver:minzheng', 'supervisor', 'auditor'].includes(k) && inCounty(s) ? 200 : 403),
    request: () => ({ url: `/v1/dishonesty-entries?countyCode=${WC}` }),
  },
  'GET /v1/dishonesty-entries/{entryId}': {
    rule: (k, s) => (['caseworker', 'approver:minzheng', 'supervisor', 'auditor'].includes(k) && inCounty(s) ? 200 : 404),
    request: () => ({ url: `/v1/dishonesty-entries/${f.dishonestyEntry}` }),
  },
  'POST /v1/dishonesty-entries/{entryId}/actions': {
    rule: (k, s) => (!(['caseworker', 'approver:minzheng', 'supervisor', 'auditor'].includes(k) && inCounty(s)) ? 404 : k === 'caseworker' ? 409 : 403),
    request: () => ({ url: `/v1/dishonesty-entries/${f.dishonestyEntry}/actions`, body: { action: 'appeal', reason: '矩阵' } }),
  },
  // 主动发现: the street's caseworker or its county's system reports; the street and the county's civil affairs read;
  // only the street's caseworker acts (on a referred discovery: the wrong step).
  'POST /v1/discoveries': {
    rule: (k, s) => ((k === 'caseworker' && s === 'own') || (k === 'system' && inCounty(s)) ? 201 : 403),
    request: () => ({ url: '/v1/discoveries', body: { source: 'grid', orgCode: `${WC}001`, person: { name: '矩阵' }, address: '矩阵路 2 号', situation: '矩阵' } }),
  },
  'POST /v1/discoveries:import': {
    rule: (k, s) => (k === 'system' && inCounty(s) ? 200 : 403),
    request: () => ({ url: '/v1/discoveries:import', body: { rows: [{ source: 'department-match', orgCode: `${WC}001`, person: { name: '矩阵' }, address: '矩阵路 3 号', situation: '矩阵' }] } }),
  },
  'GET /v1/discoveries': {
    rule: (k, s) => ((k === 'caseworker' && s === 'own') || (['approver:minzheng', 'supervisor', 'auditor'].includes(k) && inCounty(s)) ? 200 : 403),
    request: () => ({ url: `/v1/discoveries?orgCode=${WC}001` }),
  },
  'GET /v1/discoveries/{discoveryId}': {
    rule: (k, s) => ((k === 'caseworker' && s === 'own') || (['approver:minzheng', 'supervisor', 'auditor'].includes(k) && inCounty(s)) ? 200 : 404),
    request: () => ({ url: `/v1/discoveries/${f.discovery}` }),
  },
  'POST /v1/discoveries/{discoveryId}/actions': {
    rule: (k, s) => (k === 'caseworker' && s === 'own' ? 409 : ['approver:minzheng', 'supervisor', 'auditor'].includes(k) && inCounty(s) ? 403 : 404),
    request: () => ({ url: `/v1/discoveries/${f.discovery}/actions`, body: { action: 'close', reason: '矩阵' } }),
  },
  // 摸底排查: opened by the county's 民政 approver or supervisor (once: the first 201, the rest 409), read by them and its auditors.
  'POST /v1/campaigns': {
    rule: (k, s) => (['approver:minzheng', 'supervisor'].includes(k) && inCounty(s) ? [201, 409] : 403),
    request: () => ({ url: '/v1/campaigns', body: { year: 2032, countyCode: WC } }),
  },
  'GET /v1/campaigns/{campaignId}': {
    rule: (k, s) => (['approver:minzheng', 'supervisor', 'auditor'].includes(k) && inCounty(s) ? 200 : 404),
    request: () => ({ url: `/v1/campaigns/${f.campaign}` }),
  },
  // A street's list pushed to its county: by any of the county's street caseworkers; the county's own people may not.
  'POST /v1/campaigns/{campaignId}/pushes': {
    rule: (k, s) => (!inCounty(s) ? 404 : k === 'caseworker' ? 201 : 403),
    request: () => ({ url: `/v1/campaigns/${f.campaign}/pushes`, body: {} }),
  },
  // 服务类救助: the catalogue for anyone of the county but the committee; the street's caseworker orders for its
  // people (another street's case is not there); the street and the county's civil affairs read orders.
  'GET /v1/service-catalogue/{countyCode}': {
    rule: (k, s) => (k !== 'committee' && k !== 'calendar-authority' && inCounty(s) ? 200 : 403),
    request: () => ({ url: `/v1/service-catalogue/${WC}` }),
  },
  'POST /v1/service-orders': {
    rule: (k, s) => (k !== 'caseworker' ? 403 : s === 'own' ? 201 : 404),
    request: () => ({ url: '/v1/service-orders', body: { caseId: f.dibao, service: 'visit', units: 1, provider: '矩阵社工站', month: f.payrollMonth } }),
  },
  'GET /v1/service-orders': {
    rule: (k, s) => ((k === 'caseworker' && s === 'own') || (['approver:minzheng', 'supervisor', 'auditor'].includes(k) && inCounty(s)) ? 200 : 403),
    request: () => ({ url: `/v1/service-orders?orgCode=${WC}001` }),
  },
  'POST /v1/service-orders/{orderId}/actions': {
    rule: (k, s) => (k === 'caseworker' && s === 'own' ? 409 : ['approver:minzheng', 'supervisor', 'auditor'].includes(k) && inCounty(s) ? 403 : 404),
    request: () => ({ url: `/v1/service-orders/${f.serviceOrder}/actions`, body: { action: 'deliver' } }),
  },
  // Paying the providers: the county's 民政 approver records their accounts and settles; its supervisors and
  // auditors read the settlements (accounts masked), its caseworkers the providers; the bank file is the approver's.
  'PUT /v1/service-providers/{countyCode}': {
    rule: (k, s) => (k === 'approver:minzheng' && inCounty(s) ? 200 : 403),
    request: () => ({ url: `/v1/service-providers/${WC}`, body: { name: '矩阵社工站', bankName: '中国银行', accountNumber: '6217000012345678' } }),
  },
  'GET /v1/service-providers/{countyCode}': {
    rule: (k, s) => (['caseworker', 'approver:minzheng', 'supervisor', 'auditor'].includes(k) && inCounty(s) ? 200 : 403),
    request: () => ({ url: `/v1/service-providers/${WC}` }),
  },
  'POST /v1/service-settlements': {
    // The fixture's month is settled already: 409 for the one who may.
    rule: (k, s) => (k === 'approver:minzheng' && inCounty(s) ? 409 : 403),
    request: () => ({ url: '/v1/service-settlements', body: { countyCode: WC, month: f.payrollMonth } }),
  },
  'GET /v1/service-settlements': { rule: (k, s) => (payrollReader(k, s) ? 200 : 403), request: () => ({ url: `/v1/service-settlements?countyCode=${WC}` }) },
  'GET /v1/service-settlements/{settlementId}': { rule: (k, s) => (payrollReader(k, s) ? 200 : 404), request: () => ({ url: `/v1/service-settlements/${f.settlement}` }) },
  'GET /v1/service-settlements/{settlementId}/file': {
    rule: (k, s) => (!payrollReader(k, s) ? 404 : k === 'approver:minzheng' ? 200 : 403),
    request: () => ({ url: `/v1/service-settlements/${f.settlement}/file` }),
  },
  'POST /v1/service-settlements/{settlementId}/returns': {
    // A line of another settlement: 400 for the one who may record returns.
    rule: (k, s) => (!payrollReader(k, s) ? 404 : k === 'approver:minzheng' ? 400 : 403),
    request: () => ({ url: `/v1/service-settlements/${f.settlement}/returns`, body: { items: [{ reference: 'settlement-0/1', reason: '户名不符' }] } }),
  },
  // Only a national or provincial system token loads the official calendar.
  'PUT /v1/calendar/years/{year}': {
    rule: (k) => (k === 'calendar-authority' ? 200 : 403),
    request: () => ({ url: '/v1/calendar/years/2031', body: { source: '国务院办公厅关于2031年部分节假日安排的通知', days: [{ date: '2031-01-01', working: false }] } }),
  },
  // Everyone has an inbox of its own.
  'GET /v1/notifications': { rule: () => 200, request: () => ({ url: '/v1/notifications' }) },
  // A notification addressed to 武昌区's committee (the deliberation): theirs to mark read; nobody else's (404).
  // Several at once: all the caller's, or 404 and none marked.
  'POST /v1/notifications/reads': {
    rule: (k, s) => (k === 'committee' && inCounty(s) ? 200 : 404),
    request: () => ({ url: '/v1/notifications/reads', body: { ids: [f.committeeNotification] } }),
  },
  // Who is signed in and what they may do: every caller, about itself.
  'GET /v1/me': { rule: () => 200, request: () => ({ url: '/v1/me' }) },
  'POST /v1/notifications/{id}/read': {
    rule: (k, s) => (k === 'committee' && inCounty(s) ? 200 : 404),
    request: () => ({ url: `/v1/notifications/${f.committeeNotification}/read` }),
  },
  'GET /v1/audit': {
    rule: (k, s) => (k !== 'supervisor' && k !== 'auditor' ? 403 : inCounty(s) ? 200 : 404),
    request: () => ({ url: `/v1/audit?caseId=${f.dibao}` }),
  },
  'GET /v1/audit/verify': {
    rule: (k, s) => (k !== 'supervisor' && k !== 'auditor' ? 403 : inCounty(s) ? 200 : 404),
    request: () => ({ url: `/v1/audit/verify?caseId=${f.dibao}` }),
  },
  // A county's reconciliation: its supervisors and auditors (READERS.reconciliation).
  'GET /v1/reconciliations': {
    rule: (k, s) => (['supervisor', 'auditor'].includes(k) && inCounty(s) ? 200 : 403),
    request: () => ({ url: `/v1/reconciliations?countyCode=${WC}` }),
  },
  'GET /v1/stats/sla': {
    rule: (k, s) => (['supervisor', 'auditor', 'caseworker', 'policy'].includes(k) || isApprover(k) ? (sees(k, s) ? 200 : 403) : 403),
    request: () => ({ url: `/v1/stats/sla?orgCode=${WC}001` }),
  },
  // 居住地申办: a case of 金堂县 whose applicant's 户籍 is 武昌区 asks 武昌区 to cooperate. Each county's
  // caseworkers, 民政 approvers and supervisors read their own county's list; the 户籍 county's
  // caseworker answers (once: the next is 409), the asking county's readers may not (403), others 404.
  'GET /v1/cooperation-requests': {
    rule: (k) => (['caseworker', 'approver:minzheng', 'supervisor'].includes(k) ? 200 : 403),
    request: () => ({ url: '/v1/cooperation-requests' }),
  },
  'POST /v1/cooperation-requests/{requestId}/answers': {
    rule: (k, s) => {
      const readsIt = ['caseworker', 'approver:minzheng', 'supervisor'].includes(k);
      if (!readsIt) return 404;
      return k === 'caseworker' && inCounty(s) ? [201, 409] : 403;
    },
    request: () => ({ url: `/v1/cooperation-requests/${f.cooperation}/answers`, body: { findings: '户籍地无房产' } }),
  },
  // 受灾人员救助: 应急 (the county's yingji approver, or a system of the county) records events and opens
  // cases; only the approver decides in batches. Another county's event is not found.
  'POST /v1/disaster-events': {
    rule: (k, s) => ((k === 'approver:yingji' || k === 'system') && inCounty(s) ? 201 : 403),
    request: () => ({ url: '/v1/disaster-events', body: { name: '矩阵洪涝', occurredOn: '2026-12-01', kind: 'flood', countyCode: WC } }),
  },
  'POST /v1/disaster-events/{eventId}/cases': {
    rule: (k, s) => (!inCounty(s) || k === 'calendar-authority' ? 404 : k === 'approver:yingji' || k === 'system' ? 201 : 403),
    request: () => ({ url: `/v1/disaster-events/${f.disasterEvent}/cases`, body: { households: [{ key: `m-${ids}`, orgCode: `${WC}001`, applicant: { name: '受灾', idNumber: nextId() }, household: { size: 1 }, needs: ['injury'] }] } }),
  },
  'POST /v1/disaster-events/{eventId}/decisions': {
    rule: (k, s) => (!inCounty(s) || k === 'calendar-authority' ? 404 : k === 'approver:yingji' ? 200 : 403),
    request: () => ({ url: `/v1/disaster-events/${f.disasterEvent}/decisions`, body: { caseIds: [f.disasterCase], decision: 'reject', reason: '矩阵' } }),
  },
  'GET /v1/filings': {
    // A caseworker names no county of its own: its street's county is not its scope.
    rule: (k, s) => (k === 'caseworker' ? 403 : reader(['approver', 'supervisor', 'auditor'])(k, s)),
    request: () => ({ url: `/v1/filings?orgCode=${WC}` }),
  },
  'POST /v1/cases/searches': {
    rule: (k) => (['committee', 'system', 'calendar-authority', 'policy'].includes(k) ? 403 : 200),
    request: () => ({ url: '/v1/cases/searches', body: { name: '矩阵' } }),
  },
  'GET /v1/stats/sla/monthly': {
    rule: (k, s) => (['supervisor', 'auditor', 'caseworker', 'policy'].includes(k) || isApprover(k) ? (sees(k, s) ? 200 : 403) : 403),
    request: () => ({ url: `/v1/stats/sla/monthly?orgCode=${WC}001&from=2026-01&to=2026-12` }),
  },
  // A county's reserves: civil affairs' county-level readers of its own county.
  'GET /v1/reserve-funds': {
    rule: (k, s) => (k === 'caseworker' ? 403 : reader(['approver', 'supervisor', 'auditor'])(k, s)),
    request: () => ({ url: `/v1/reserve-funds?countyCode=${WC}` }),
  },
  // The same readers as one deliberation; a caseworker lists its own street's.
  'GET /v1/deliberations': {
    rule: (k, s) => (['committee', 'approver', 'supervisor', 'auditor', 'caseworker'].includes(k.split(':')[0] as string) && civilAffairs(k) && (k === 'caseworker' ? inCounty(s) : sees(k, s)) ? 200 : 403),
    request: () => ({ url: `/v1/deliberations?countyCode=${WC}` }),
  },
  'GET /v1/reserve-funds/{orgCode}': { rule: reader(['caseworker', 'approver', 'supervisor', 'auditor']), request: () => ({ url: `/v1/reserve-funds/${WC}001` }) },
  'POST /v1/reserve-funds/{orgCode}/replenishments': {
    rule: (k, s) => (k === 'approver:minzheng' && inCounty(s) ? 201 : 403),
    request: () => ({ url: `/v1/reserve-funds/${WC}001/replenishments`, body: { amountFen: 100 } }),
  },
  'GET /v1/deliberations/{id}': {
    rule: (k, s) => (['committee', 'approver', 'supervisor', 'auditor', 'caseworker'].includes(k.split(':')[0] as string) && civilAffairs(k) && sees(k, s) ? 200 : 404),
    request: () => ({ url: `/v1/deliberations/${f.deliberation}` }),
  },
  // Committee members of the county vote (each its first ballot: 201); others 403; another county's 404.
  'POST /v1/deliberations/{id}/votes': {
    rule: (k, s) => (k !== 'committee' ? 403 : inCounty(s) ? 201 : 404),
    request: () => ({ url: `/v1/deliberations/${f.deliberation}/votes`, body: { vote: 'reject', reason: '矩阵测试' } }),
  },
  // The Temporal UI's codec server: auditors and supervisors, whatever their county (the key is the service's).
  'POST /v1/codec/decode': {
    rule: (k) => (k === 'auditor' || k === 'supervisor' ? 200 : 403),
    request: () => ({ url: '/v1/codec/decode', body: { payloads: [] } }),
  },
  // 待遇: read by the street's caseworker and the county's civil-affairs readers; acted on by the caseworker and approver.
  'GET /v1/benefits': {
    rule: (k, s) => ((['caseworker', 'supervisor', 'auditor'].includes(k) || isApprover(k)) && sees(k, s) ? 200 : 403),
    request: () => ({ url: `/v1/benefits?orgCode=${WC}001` }),
  },
  'GET /v1/benefits/{benefitId}': { rule: (k, s) => (benefitReader(k, s) ? 200 : 404), request: () => ({ url: `/v1/benefits/${f.benefit}` }) },
  // A contact with the benefit's person: its street's caseworker records it; another reader may not (403).
  'POST /v1/benefits/{benefitId}/contacts': {
    rule: (k, s) => (!benefitReader(k, s) ? 404 : k === 'caseworker' ? 201 : 403),
    request: () => ({ url: `/v1/benefits/${f.benefit}/contacts`, body: { on: shanghaiDate(Date.now()), kind: 'call', findings: '矩阵：电话联系，情况稳定' } }),
  },
  'POST /v1/benefits/{benefitId}/actions': {
    // resume: the caseworker's or approver's, but the benefit is active (409).
    rule: (k, s) => (!benefitReader(k, s) ? 404 : ['caseworker', 'approver:minzheng'].includes(k) ? 409 : 403),
    request: () => ({ url: `/v1/benefits/${f.benefit}/actions`, body: { action: 'resume' } }),
  },
  'PUT /v1/benefits/{benefitId}/payees/{payee}/account': {
    rule: (k, s) => (!benefitReader(k, s) ? 404 : ['caseworker', 'approver:minzheng'].includes(k) ? 200 : 403),
    request: () => ({ url: `/v1/benefits/${f.benefit}/payees/applicant/account`, body: { bankName: '中国银行', accountNumber: '6217000012345678' } }),
  },
  // The county's payroll: its civil-affairs approver prepares and releases it.
  'POST /v1/payrolls': {
    rule: (k, s) => (k === 'approver:minzheng' && inCounty(s) ? 201 : 403),
    request: () => ({ url: '/v1/payrolls', body: { countyCode: WC, month: f.payrollMonth } }),
  },
  'GET /v1/payrolls': { rule: (k, s) => (payrollReader(k, s) ? 200 : 403), request: () => ({ url: `/v1/payrolls?countyCode=${WC}` }) },
  'GET /v1/payrolls/{payrollId}': { rule: (k, s) => (payrollReader(k, s) ? 200 : 404), request: () => ({ url: `/v1/payrolls/${f.payroll}` }) },
  'POST /v1/payrolls/{payrollId}/release': {
    rule: (k, s) => (!payrollReader(k, s) ? 404 : k === 'approver:minzheng' ? 409 : 403),
    request: () => ({ url: `/v1/payrolls/${f.payroll}/release` }),
  },
  'GET /v1/payrolls/{payrollId}/payments': { rule: (k, s) => (payrollReader(k, s) ? 200 : 404), request: () => ({ url: `/v1/payrolls/${f.payroll}/payments` }) },
  'GET /v1/payrolls/{payrollId}/file': {
    rule: (k, s) => (!payrollReader(k, s) ? 404 : k === 'approver:minzheng' ? 200 : 403),
    request: () => ({ url: `/v1/payrolls/${f.payroll}/file` }),
  },
  'POST /v1/payrolls/{payrollId}/returns': {
    // A reference the payroll never sent: 400 for the one who may record returns.
    rule: (k, s) => (!payrollReader(k, s) ? 404 : k === 'approver:minzheng' ? 400 : 403),
    request: () => ({ url: `/v1/payrolls/${f.payroll}/returns`, body: { items: [{ reference: 'benefit-none/2026-01/applicant', reason: '户名不符' }] } }),
  },
  // Policy is public to every signed-in caller; only a policy officer of the region loads it.
  'GET /v1/policies/{region}': { rule: () => 200, request: () => ({ url: `/v1/policies/${WC}` }) },
  'PUT /v1/policies/{region}/{key}': {
    rule: (k, s) => (k === 'policy' && inCounty(s) ? 201 : 403),
    request: () => ({ url: `/v1/policies/${WC}/dibao`, body: { value: { publicityDays: 7 }, effectiveFrom: '2031-01-01', source: '矩阵测试' } }),
  },
  // A what-if over the county's caseload: its policy officer and its supervisor; another county's 403, as for loading.
  'POST /v1/policies/{region}/simulations': {
    rule: (k, s) => ((k === 'policy' || k === 'supervisor') && inCounty(s) ? 200 : 403),
    request: () => ({ url: `/v1/policies/${WC}/simulations`, body: { key: 'dibao-standard', value: { monthlyFen: 110_000 }, effectiveFrom: '2031-01-01' } }),
  },
  'GET /v1/stats/spending': {
    rule: (k, s) => (statsReader(k, s) ? 200 : 403),
    request: () => ({ url: `/v1/stats/spending?orgCode=${WC}001&from=2026-01&to=2027-12` }),
  },
  // The register: a household of street 420106001 with a 民政 case only — no other department reads it.
  'GET /v1/households/{householdId}': { rule: (k, s) => (benefitReader(k, s) ? 200 : 404), request: () => ({ url: `/v1/households/${f.household}` }) },
  'POST /v1/households/{householdId}/changes': {
    rule: (k, s) => (!benefitReader(k, s) ? 404 : k === 'caseworker' ? 201 : 403),
    request: () => ({
      url: `/v1/households/${f.household}/changes`,
      body: { effectiveOn: shanghaiDate(Date.now()), assets: { depositsFen: 0, securitiesFen: 0, vehicles: 0, homes: 1, businessRegistered: false }, reason: '矩阵测试' },
    }),
  },
  'POST /v1/codec/encode': {
    rule: (k) => (k === 'auditor' || k === 'supervisor' ? 200 : 403),
    request: () => ({ url: '/v1/codec/encode', body: { payloads: [{ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('1').toString('base64') }] } }),
  },
};

/** Routes whose data is the street's or county's own: another county must never read them (200). */
const COUNTY_DATA = ['GET /v1/benefits/{benefitId}', 'GET /v1/benefits', 'GET /v1/payrolls', 'GET /v1/payrolls/{payrollId}', 'GET /v1/payrolls/{payrollId}/payments', 'GET /v1/payrolls/{payrollId}/file', 'GET /v1/stats/spending', 'GET /v1/cases/{caseId}', 'GET /v1/cases', 'GET /v1/applications/{applicationId}', 'GET /v1/audit', 'GET /v1/stats/sla', 'GET /v1/filings', 'GET /v1/reserve-funds/{orgCode}', 'GET /v1/deliberations/{id}', 'GET /v1/households/{householdId}', 'GET /v1/service-providers/{countyCode}', 'GET /v1/service-settlements', 'GET /v1/service-settlements/{settlementId}', 'GET /v1/service-settlements/{settlementId}/file'];

let ids = 600;
const nextId = () => residentId('420106', '19650101', String(ids++ % 1000).padStart(3, '0'));

const f = { serviceOrder: '', settlement: '', discovery: '', campaign: '', dishonestyEntry: '', disasterEvent: '', disasterCase: '', cooperation: '', household: '', dibao: '', emergency: '', expense: '', application: '', deliberation: '', committeeNotification: 0, benefit: '', payroll: '', payrollMonth: '' };

function routesOf(app: FastifyInstance): string[] {
  const doc = (app as unknown as { swagger(): { paths: Record<string, Record<string, unknown>> } }).swagger();
  return Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
}

async function send(app: FastifyInstance, route: string, who: Actor | null): Promise<LightMyRequestResponse> {
  const method = route.split(' ')[0] as 'GET';
  const { url, body } = TABLE[route]!.request();
  return app.inject({
    method,
    url,
    headers: { ...(who ? { authorization: `Bearer ${tokenFor(who)}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
}

beforeAll(async () => {
  const app = h.app;
  await app.ready();
  const dibao = await startCase(app, CASEWORKER, { type: 'dibao', orgCode: `${WC}001`, applicant: { name: '张三', idNumber: nextId() }, household: { size: 2, monthlyIncomeFen: 50_000 } });
  f.dibao = dibao.caseId;
  f.household = dibao.householdId;
  // An emergency case approved by the street: paid from the reserve and filed with the county (备案).
  const emergency = await startTemporaryCase(app, `${WC}001`, { kind: 'emergency', amountFen: 100_000, reason: '突发火灾' });
  f.emergency = emergency.caseId;
  expectStatus(await app.inject({ method: 'POST', url: `/v1/cases/${f.emergency}/actions`, headers: { authorization: `Bearer ${tokenFor(CASEWORKER)}` }, payload: { action: 'approve', amountFen: 100_000 } }), 200);
  // An expense case escalated to 一事一议: the deliberation, and the committee's notification about it.
  const expense = await startTemporaryCase(app, `${WC}001`, { kind: 'expense', amountFen: 900_000, reason: '大病医疗支出' });
  const escalated = expectStatus(
    await app.inject({ method: 'POST', url: `/v1/cases/${expense.caseId}/actions`, headers: { authorization: `Bearer ${tokenFor(CASEWORKER)}` }, payload: { action: 'escalate', reason: '情况复杂', proposedAmountFen: 800_000 } }),
    200,
  );
  f.deliberation = escalated.temporary.deliberationId;
  f.expense = expense.caseId;
  f.application = (
    await submitApplication(app, CASEWORKER, { orgCode: `${WC}001`, applicant: { name: '李四', idNumber: nextId() }, household: { size: 3, monthlyIncomeFen: 60_000 }, requested: ['dibao'], commitments: { economicCheckAuthorized: true, truthfulnessPledged: true } })
  ).applicationId;
  f.committeeNotification = await eventually(async () => {
    const [n] = await h.database.db.select({ id: notifications.id }).from(notifications).where(and(eq(notifications.caseId, expense.caseId), eq(notifications.kind, 'deliberation')));
    expect(n).toBeDefined();
    return n!.id;
  });
  // An approved 低保 (its benefit) and this month's payroll of 武昌区, sent.
  f.benefit = (await approve(h, 'dibao', { monthlyAmountFen: 60_000 })).benefitId;
  f.payrollMonth = monthOf(shanghaiDate(Date.now()));
  f.payroll = await runPayroll(h, WC, f.payrollMonth);
  // A 失信 entry proposed in 武昌区 (by an approver none of the matrix's callers is).
  f.dishonestyEntry = expectStatus(
    await app.inject({ method: 'POST', url: '/v1/dishonesty-entries', headers: { authorization: `Bearer ${tokenFor({ sub: 'ap-matrix', role: 'approver', org: WC })}` }, payload: { subject: { kind: 'person', idNumber: nextId() }, kind: 'other', evidence: '矩阵' } }),
    201,
  ).entryId;
  // A discovery at 420106001, referred already (every action on it is the wrong step), and 武昌区's 2031 campaign.
  const cwAuth = { authorization: `Bearer ${tokenFor(CASEWORKER)}` };
  f.discovery = expectStatus(await app.inject({ method: 'POST', url: '/v1/discoveries', headers: cwAuth, payload: { source: 'grid', orgCode: `${WC}001`, person: { name: '矩阵' }, address: '矩阵路 1 号', situation: '矩阵' } }), 201).discoveryId;
  expectStatus(await app.inject({ method: 'POST', url: `/v1/discoveries/${f.discovery}/actions`, headers: cwAuth, payload: { action: 'refer', receivingOrg: '区残联' } }), 200);
  // A service order for the 低保 case's applicant, cancelled (every action on it is the wrong step).
  f.serviceOrder = expectStatus(await app.inject({ method: 'POST', url: '/v1/service-orders', headers: cwAuth, payload: { caseId: f.dibao, service: 'visit', units: 1, provider: '矩阵社工站', month: f.payrollMonth } }), 201).orderId;
  expectStatus(await app.inject({ method: 'POST', url: `/v1/service-orders/${f.serviceOrder}/actions`, headers: cwAuth, payload: { action: 'cancel', reason: '矩阵' } }), 200);
  // Another, delivered, verified and settled with its provider: 武昌区's settlement of the month.
  const apAuth = { authorization: `Bearer ${tokenFor({ sub: 'ap-matrix', role: 'approver', org: WC })}` };
  const settled = expectStatus(await app.inject({ method: 'POST', url: '/v1/service-orders', headers: cwAuth, payload: { caseId: f.dibao, service: 'visit', units: 1, provider: '矩阵社工站', month: f.payrollMonth } }), 201).orderId;
  expectStatus(await app.inject({ method: 'POST', url: `/v1/service-orders/${settled}/actions`, headers: cwAuth, payload: { action: 'deliver' } }), 200);
  expectStatus(await app.inject({ method: 'POST', url: `/v1/service-orders/${settled}/actions`, headers: apAuth, payload: { action: 'verify' } }), 200);
  expectStatus(await app.inject({ method: 'PUT', url: `/v1/service-providers/${WC}`, headers: apAuth, payload: { name: '矩阵社工站', bankName: '中国银行', accountNumber: '6217000012345678' } }), 200);
  f.settlement = expectStatus(await app.inject({ method: 'POST', url: '/v1/service-settlements', headers: apAuth, payload: { countyCode: WC, month: f.payrollMonth } }), 201).settlementId;
  f.campaign = expectStatus(await app.inject({ method: 'POST', url: '/v1/campaigns', headers: { authorization: `Bearer ${tokenFor({ sub: 'sv-matrix', role: 'supervisor', org: WC })}` }, payload: { year: 2031, countyCode: WC } }), 201).campaignId;
  const away = await startCase(app, { sub: 'cw-jt', role: 'caseworker', org: '510121001' }, {
    type: 'dibao',
    orgCode: '510121001',
    applicant: { name: '异地', idNumber: nextId() },
    household: { size: 1, monthlyIncomeFen: 20_000 },
    residence: { permitNumber: 'JT-JZZ-1' },
  });
  f.cooperation = away.cooperation.requestId;
  const yingji: Actor = { sub: 'ap-yingji', role: 'approver', org: WC, dept: 'yingji' };
  f.disasterEvent = expectStatus(await app.inject({ method: 'POST', url: '/v1/disaster-events', headers: { authorization: `Bearer ${tokenFor(yingji)}` }, payload: { name: '矩阵', occurredOn: '2026-12-01', kind: 'fire', countyCode: WC } }), 201).eventId;
  f.disasterCase = expectStatus(
    await app.inject({ method: 'POST', url: `/v1/disaster-events/${f.disasterEvent}/cases`, headers: { authorization: `Bearer ${tokenFor(yingji)}` }, payload: { households: [{ key: 'fixture', orgCode: `${WC}001`, applicant: { name: '受灾', idNumber: nextId() }, household: { size: 2 }, needs: ['house-rebuild'] }] } }),
    201,
  ).cases[0].caseId;
  await eventually(async () => expect(expectStatus(await app.inject({ method: 'GET', url: `/v1/cases/${f.disasterCase}`, headers: { authorization: `Bearer ${tokenFor(yingji)}` } }), 200).step).toBe('decision'));
}, 120_000);

describe('need to know: who reads a person', () => {
  // Before the matrix, whose committee votes may close the ballot.
  it('the policy officer reads statistics and runs what-ifs, never a case, an application, a list or a household', async () => {
    const officer: Actor = { sub: 'po-wc', role: 'policy', org: WC };
    const status = async (method: 'GET' | 'POST', url: string, body?: object) =>
      (await h.app.inject({ method, url, headers: { authorization: `Bearer ${tokenFor(officer)}` }, ...(body ? { payload: body } : {}) })).statusCode;
    for (const id of [f.dibao, f.emergency, f.expense]) expect(await status('GET', `/v1/cases/${id}`)).toBe(404);
    expect(await status('GET', `/v1/applications/${f.application}`)).toBe(404);
    expect(await status('GET', `/v1/households/${f.household}`)).toBe(404);
    expect(await status('GET', `/v1/cases?orgCode=${WC}`)).toBe(403);
    expect(await status('POST', '/v1/cases/searches', { name: '张三' })).toBe(403);
    expect(await status('GET', `/v1/benefits/${f.benefit}`)).toBe(404);
    expect(await status('GET', `/v1/stats/sla?orgCode=${WC}`)).toBe(200);
    expect(await status('GET', `/v1/stats/sla/monthly?orgCode=${WC}&from=2026-01&to=2026-12`)).toBe(200);
    expect(await status('GET', `/v1/stats/spending?orgCode=${WC}&from=2026-01&to=2027-12`)).toBe(200);
    expect(await status('POST', `/v1/policies/${WC}/simulations`, { key: 'dibao-standard', value: { monthlyFen: 110_000 }, effectiveFrom: '2031-01-01' })).toBe(200);
  });

  it('the committee reads the case of its open ballot (and the ballot), no other; a system reads only the cases it started', async () => {
    const committee: Actor = { sub: 'cm-reader', role: 'committee', org: WC };
    await eventually(async () => expect((await send(h.app, 'GET /v1/deliberations/{id}', committee)).statusCode).toBe(200));
    expect((await h.app.inject({ method: 'GET', url: `/v1/cases/${f.expense}`, headers: { authorization: `Bearer ${tokenFor(committee)}` } })).statusCode).toBe(200);
    for (const id of [f.dibao, f.emergency]) expect((await h.app.inject({ method: 'GET', url: `/v1/cases/${id}`, headers: { authorization: `Bearer ${tokenFor(committee)}` } })).statusCode).toBe(404);

    const importer: Actor = { sub: 'sys-importer', role: 'system', org: WC };
    const own = await startCase(h.app, importer, { type: 'dibao', orgCode: `${WC}001`, applicant: { name: '导入', idNumber: nextId() }, household: { size: 1, monthlyIncomeFen: 20_000 } });
    const read = (who: Actor, id: string) => h.app.inject({ method: 'GET', url: `/v1/cases/${id}`, headers: { authorization: `Bearer ${tokenFor(who)}` } });
    expect(expectStatus(await read(importer, own.caseId), 200).caseId).toBe(own.caseId);
    // Another system of the same county, and this one for a case a caseworker took in: not theirs.
    expect((await read({ ...importer, sub: 'sys-other' }, own.caseId)).statusCode).toBe(404);
    expect((await read(importer, f.dibao)).statusCode).toBe(404);
    // Its applications likewise: the one it submitted, not a caseworker's.
    const app = await submitApplication(h.app, importer, { orgCode: `${WC}001`, applicant: { name: '导入二', idNumber: nextId() }, household: { size: 1, monthlyIncomeFen: 20_000 }, requested: ['dibao'], commitments: { economicCheckAuthorized: true, truthfulnessPledged: true } });
    const readApp = (who: Actor, id: string) => h.app.inject({ method: 'GET', url: `/v1/applications/${id}`, headers: { authorization: `Bearer ${tokenFor(who)}` } });
    expect((await readApp(importer, app.applicationId)).statusCode).toBe(200);
    expect((await readApp({ ...importer, sub: 'sys-other' }, app.applicationId)).statusCode).toBe(404);
    expect((await readApp(importer, f.application)).statusCode).toBe(404);
  });
});

describe('more people (issue 20): each type’s case, read and decided by its own department', () => {
  const CASES: Array<[string, Department, Record<string, unknown>]> = [
    ['employment', 'renshe', { employment: { wish: '公益性岗位' } }],
    ['legal-aid', 'sifa', { legalAid: { matter: '欠薪', kind: 'labour' } }],
    ['orphan', 'minzheng', { guardian: { name: '监护人', idNumber: residentId('420106', '19600101', '801'), relation: '祖父' } }],
    [
      'defacto-orphan',
      'minzheng',
      {
        guardian: { name: '监护人', idNumber: residentId('420106', '19600101', '802'), relation: '祖父' },
        parents: [
          { relation: 'father', situation: 'imprisoned' },
          { relation: 'mother', situation: 'serious-illness' },
        ],
      },
    ],
  ];

  it.each(CASES)('%s: every role and department × own street, another street, another county', async (type, department, fields) => {
    const born = type.includes('orphan') ? '20150601' : '19800101';
    const c = await startCase(h.app, CASEWORKER, { type, orgCode: `${WC}001`, applicant: { name: '矩阵', idNumber: residentId('420106', born, String(700 + CASES.findIndex((x) => x[0] === type))) }, household: { size: 1, monthlyIncomeFen: 0 }, ...fields });
    expect(c.department).toBe(department);
    const wrong: string[] = [];
    for (const kind of KINDS) {
      for (const scope of SCOPES) {
        const who = actorOf(kind, scope);
        const read = (await h.app.inject({ method: 'GET', url: `/v1/cases/${c.caseId}`, headers: { authorization: `Bearer ${tokenFor(who)}` } })).statusCode;
        const ownDept = !kind.startsWith('approver:') || kind === `approver:${department}`;
        const want = sees(kind, scope) && ownDept && !['policy', 'committee', 'system'].includes(kind) ? 200 : 404;
        if (read !== want) wrong.push(`GET as ${kind}@${scope}: ${read} (want ${want})`);
        // decide: only the department's approver of the county may (409 here: the case is at its first step); a caseworker 403.
        const decided = (await h.app.inject({ method: 'POST', url: `/v1/cases/${c.caseId}/actions`, headers: { authorization: `Bearer ${tokenFor(who)}` }, payload: { action: 'decide', decision: 'reject', reason: '矩阵' } })).statusCode;
        const wantDecide = want === 404 ? [404, 403] : kind === `approver:${department}` ? [409] : [403];
        if (!wantDecide.includes(decided)) wrong.push(`decide as ${kind}@${scope}: ${decided} (want ${JSON.stringify(wantDecide)})`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('the access matrix: every route × every role × own street, another street, another county', () => {
  it('covers every route the app has', async () => {
    const routes = routesOf(h.app);
    expect(routes.filter((r) => !TABLE[r]), 'routes missing from the table').toEqual([]);
    expect(Object.keys(TABLE).filter((r) => !routes.includes(r)), 'table rows for routes the app does not have').toEqual([]);
  });

  it('answers each caller as the table says, and another county never 200 for this county’s data', async () => {
    const rows: string[] = [];
    const wrong: string[] = [];
    let cells = 0;
    for (const route of Object.keys(TABLE)) {
      const cellsOfRow: string[] = [];
      for (const kind of KINDS) {
        for (const scope of SCOPES) {
          const res = await send(h.app, route, actorOf(kind, scope));
          cells++;
          const want = TABLE[route]!.rule(kind, scope);
          const ok = (Array.isArray(want) ? want : [want]).includes(res.statusCode);
          const leak = scope === 'other-county' && COUNTY_DATA.includes(route) && res.statusCode === 200;
          if (!ok || leak) wrong.push(`${route} as ${kind}@${scope}: ${res.statusCode} (want ${JSON.stringify(want)}) ${res.body.slice(0, 160)}`);
          cellsOfRow.push(`${res.statusCode}${ok && !leak ? ' ' : '!'}`);
        }
      }
      // Without a token: 401 everywhere under /v1.
      const anon = await send(h.app, route, null);
      cells++;
      const anonOk = route.startsWith('GET /healthz') || route.startsWith('GET /readyz') ? anon.statusCode < 500 : anon.statusCode === 401;
      if (!anonOk) wrong.push(`${route} without a token: ${anon.statusCode}`);
      rows.push(`${route.padEnd(48)} ${cellsOfRow.join('')} ${anon.statusCode}${anonOk ? ' ' : '!'}`);
    }
    const header = `${''.padEnd(48)} ${KINDS.map((k) => k.replace('approver:', 'ap:').slice(0, 11).padEnd(12)).join('')} anon\n${''.padEnd(48)} ${KINDS.map(() => 'own oth cty ').join('')}`;
    const table = `${header}\n${rows.join('\n')}`;
    console.log(`access matrix: ${cells} cells\n${table}`);
    expect(wrong, `${wrong.join('\n')}\n\n${table}`).toEqual([]);
    // Some 3,200 requests one after the other: near a minute alone on the shared machine, several under load.
  }, 300_000);
});
