import { beforeAll, describe, expect, it } from 'vitest';
import { insertNotifications } from '../src/db/notifications.js';
import { abilitiesOf, CAPABILITIES } from '../src/domain/capabilities.js';
import { DEPARTMENTS, ROLES, type Actor } from '../src/domain/roles.js';
import { APPROVER, AUDITOR, CASEWORKER, OTHER_STREET, SUPERVISOR, SYSTEM, WC, YIBAO, member } from './support/actors.js';
import { expectError, expectStatus, fieldsOf, get, post, type Json } from './support/api.js';
import { startCase } from './support/cases.js';
import { residentId, useHarness } from './support/harness.js';

// GET /v1/me (who, and what the API's own rules let them do), page numbers, totals and sorting on the
// lists, and marking several notifications read at once.

const h = useHarness('lists');

const NAMES = ['甲一', '乙二', '丙三', '丁四', '戊五', '己六', '庚七'];
const caseIds: string[] = [];

beforeAll(async () => {
  let n = 100;
  for (const name of NAMES) {
    const c = await startCase(h.app, CASEWORKER, { type: 'dibao', orgCode: `${WC}001`, applicant: { name, idNumber: residentId('420106', '19600101', String(n++)) }, household: { size: 1, monthlyIncomeFen: 20_000 } });
    caseIds.push(c.caseId as string);
  }
  // Twelve for 武昌区's supervisors; one for its auditors.
  const now = Date.now();
  await insertNotifications(h.database.db, [
    ...Array.from({ length: 12 }, (_, i) => ({ eventKey: `lists:${i}`, caseId: null, kind: i % 2 ? 'overdue' : 'deadline-reminder', recipientRole: 'supervisor', recipientOrg: WC, message: `第 ${i} 条`, createdAt: new Date(now - (12 - i) * 1000).toISOString() })),
    { eventKey: 'lists:auditor', caseId: null, kind: 'overdue', recipientRole: 'auditor', recipientOrg: WC, message: '审计的', createdAt: new Date(now).toISOString() },
  ]);
});

describe('GET /v1/me', () => {
  const everyone: Actor[] = [
    CASEWORKER,
    ...DEPARTMENTS.map((dept): Actor => ({ sub: `ap-${dept}`, role: 'approver', org: WC, ...(dept === 'minzheng' ? {} : { dept }) })),
    member(WC, 1),
    SUPERVISOR,
    SYSTEM,
    AUDITOR,
    { sub: 'policy-420106', role: 'policy', org: WC },
  ];

  it('names the caller and what each role may do, from the rules the routes enforce', async () => {
    for (const actor of everyone) {
      const me = expectStatus(await get(h.app, '/v1/me', { ...actor, name: '测试人' }), 200);
      expect(me).toMatchObject({ sub: actor.sub, name: '测试人', role: actor.role, org: actor.org });
      expect(me.dept).toBe(actor.dept);
      expect(me.capabilities).toEqual(abilitiesOf(actor).capabilities);
      expect(me.menus).toContain(me.home);
    }
    expect(ROLES.every((role) => everyone.some((a) => a.role === role))).toBe(true);
    const me = async (a: Actor) => expectStatus(await get(h.app, '/v1/me', a), 200);
    expect((await me(CASEWORKER)).menus).toEqual(['queue', 'intake', 'board', 'reserves', 'deliberations', 'messages', 'benefits', 'policies', 'cooperation', 'dishonesty', 'discoveries', 'services']);
    expect((await me(SUPERVISOR)).menus).toEqual(['queue', 'board', 'reserves', 'deliberations', 'audit', 'messages', 'benefits', 'payrolls', 'policies', 'cooperation', 'spending', 'dishonesty', 'discoveries', 'services']);
    // 失信: the street's caseworker appeals (reads the list) but proposes nothing; any approver of the county proposes.
    expect((await me(CASEWORKER)).capabilities).toEqual(expect.arrayContaining(['dishonesty.read', 'discoveries.read', 'discoveries.report']));
    expect((await me(CASEWORKER)).capabilities).not.toContain('dishonesty.propose');
    expect((await me(APPROVER)).capabilities).toEqual(expect.arrayContaining(['dishonesty.read', 'dishonesty.propose', 'discoveries.read']));
    expect((await me(APPROVER)).capabilities).not.toContain('discoveries.report');
    // 服务类救助: the caseworker orders, the county's 民政 approver settles with the providers, the supervisor reads.
    expect((await me(CASEWORKER)).capabilities).toEqual(expect.arrayContaining(['services.read', 'services.order']));
    expect((await me(CASEWORKER)).capabilities).not.toContain('serviceSettlements.read');
    expect((await me(APPROVER)).capabilities).toEqual(expect.arrayContaining(['services.read', 'serviceSettlements.read', 'serviceSettlements.run']));
    expect((await me(SUPERVISOR)).capabilities).toEqual(expect.arrayContaining(['services.read', 'serviceSettlements.read']));
    expect((await me(SUPERVISOR)).capabilities).not.toContain('serviceSettlements.run');
    // An importing system reports discoveries (its match lists) but reads no ledger: no menu.
    expect((await me(SYSTEM)).capabilities).toEqual(expect.arrayContaining(['discoveries.report']));
    expect((await me(SYSTEM)).menus).not.toContain('discoveries');
    // Another department's approver: no civil-affairs reserve ledger, ballots, payroll, 失信 list or 主动发现台账 — it proposes 失信 entries.
    const yibao = await me(YIBAO);
    expect(yibao.menus).toEqual(['queue', 'board', 'messages', 'benefits', 'policies', 'spending']);
    expect(yibao.capabilities).toContain('dishonesty.propose');
    expect(yibao.capabilities).not.toContain('reserveFunds.overview');
    // The committee starts at its ballots, the policy office at its standards, an importing system at a page it can read.
    expect(await me(member(WC, 1))).toMatchObject({ home: 'deliberations', menus: ['deliberations', 'messages', 'policies'] });
    expect(await me({ sub: 'p', role: 'policy', org: WC })).toMatchObject({ home: 'policies' });
    const system = await me(SYSTEM);
    expect(system.menus).not.toContain('queue');
    expect(system.home).toBe('policies');
    expect(Object.keys(CAPABILITIES)).toContain(system.capabilities[0]);
  });

  it('each capability holds exactly when its route answers the caller', async () => {
    // The capability and the route it names, asked of the caller's own street or county.
    const probes: Array<[keyof typeof CAPABILITIES, (a: Actor) => string]> = [
      ['cases.list', () => '/v1/cases?limit=1'],
      ['reserveFunds.read', (a) => `/v1/reserve-funds/${a.role === 'caseworker' ? a.org : `${a.org}001`}`],
      ['reserveFunds.overview', () => '/v1/reserve-funds'],
      ['deliberations.read', () => '/v1/deliberations'],
      ['benefits.read', () => '/v1/benefits'],
      ['payrolls.read', () => '/v1/payrolls'],
      ['stats.read', () => '/v1/stats/sla'],
      ['dishonesty.read', () => '/v1/dishonesty-entries'],
      ['discoveries.read', () => '/v1/discoveries'],
      ['cooperation.read', () => '/v1/cooperation-requests'],
    ];
    const wrong: string[] = [];
    for (const actor of everyone) {
      const { capabilities } = abilitiesOf(actor);
      for (const [capability, url] of probes) {
        // The reserve ledger of a street: the county-level readers read their county's streets.
        if (capability === 'reserveFunds.read' && actor.role === 'committee') continue;
        const status = (await get(h.app, url(actor), actor)).statusCode;
        if ((status === 200) !== capabilities.includes(capability)) wrong.push(`${actor.role}${actor.dept ? `:${actor.dept}` : ''} ${capability} ${url(actor)} → ${status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('is 401 without a token', async () => {
    expectError(await get(h.app, '/v1/me', null), 401, 'unauthorized');
  });
});

describe('page numbers, totals and sorting', () => {
  it('pages cases by offset with a total, sorted on a column either way', async () => {
    const first = expectStatus(await get(h.app, `/v1/cases?orgCode=${WC}001&limit=3&offset=0&sortBy=applicantName&sortOrder=asc`, CASEWORKER), 200);
    expect(first.total).toBe(NAMES.length);
    const sorted = [...NAMES].sort();
    expect(first.items.map((c: Json) => c.applicant.name)).toEqual(sorted.slice(0, 3));
    const third = expectStatus(await get(h.app, `/v1/cases?orgCode=${WC}001&limit=3&offset=6&sortBy=applicantName&sortOrder=asc`, CASEWORKER), 200);
    expect(third.items.map((c: Json) => c.applicant.name)).toEqual(sorted.slice(6));
    expect(third.total).toBe(NAMES.length);
    // A page ordered by a column has no cursor: the next page is an offset.
    expect(first.nextCursor).toBeNull();
    const desc = expectStatus(await get(h.app, `/v1/cases?orgCode=${WC}001&limit=2&sortBy=applicantName&sortOrder=desc`, CASEWORKER), 200);
    expect(desc.items.map((c: Json) => c.applicant.name)).toEqual([...sorted].reverse().slice(0, 2));
    // Filters narrow the total.
    expect(expectStatus(await get(h.app, `/v1/cases?orgCode=${WC}001&q=${encodeURIComponent('丙三')}`, CASEWORKER), 200).total).toBe(1);
    // The default order still pages by cursor, and says its total.
    const byCursor = expectStatus(await get(h.app, `/v1/cases?orgCode=${WC}001&limit=4`, CASEWORKER), 200);
    expect(byCursor.total).toBe(NAMES.length);
    const next = expectStatus(await get(h.app, `/v1/cases?orgCode=${WC}001&limit=4&cursor=${byCursor.nextCursor}`, CASEWORKER), 200);
    expect([...byCursor.items, ...next.items].map((c: Json) => c.caseId).sort()).toEqual([...caseIds].sort());
    // Another street's caseworker: its own street, none of these.
    expect(expectStatus(await get(h.app, '/v1/cases?limit=5&offset=0', OTHER_STREET), 200).total).toBe(0);
  });

  it('a work queue (waitingOn=me) says its total and pages by offset', async () => {
    const all = expectStatus(await get(h.app, '/v1/cases?waitingOn=me&limit=100', CASEWORKER), 200);
    expect(all.total).toBe(NAMES.length);
    const page = expectStatus(await get(h.app, '/v1/cases?waitingOn=me&limit=2&offset=2&sortBy=applicantName', CASEWORKER), 200);
    expect(page.items.map((c: Json) => c.applicant.name)).toEqual([...NAMES].sort().slice(2, 4));
    expect(page.total).toBe(NAMES.length);
    // The cursor still continues where the last page ended.
    const one = expectStatus(await get(h.app, '/v1/cases?waitingOn=me&limit=5', CASEWORKER), 200);
    const rest = expectStatus(await get(h.app, `/v1/cases?waitingOn=me&limit=5&cursor=${one.nextCursor}`, CASEWORKER), 200);
    expect(rest.items).toHaveLength(NAMES.length - 5);
  });

  it('refuses a bad page or order, naming the field', async () => {
    const first = expectStatus(await get(h.app, `/v1/cases?orgCode=${WC}001&limit=2`, CASEWORKER), 200);
    expect(fieldsOf(expectError(await get(h.app, `/v1/cases?limit=2&offset=2&cursor=${first.nextCursor}`, CASEWORKER), 400, 'validation_failed'))).toEqual(['offset']);
    expect(fieldsOf(expectError(await get(h.app, `/v1/cases?limit=2&sortBy=applicantName&cursor=${first.nextCursor}`, CASEWORKER), 400, 'validation_failed'))).toEqual(['cursor']);
    for (const url of ['/v1/cases?offset=-1', '/v1/cases?sortBy=idNumber', '/v1/benefits?sortBy=nope', '/v1/cases?sortBy=dueDate&sortOrder=up', '/v1/notifications?offset=x']) {
      const error = expectError(await get(h.app, url, CASEWORKER), 400, 'validation_failed');
      expect(fieldsOf(error).length, url).toBe(1);
    }
  });

  it('benefits, payrolls, deliberations, the reserve ledger and the audit trail say their totals', async () => {
    expect(expectStatus(await get(h.app, '/v1/benefits?offset=0&limit=10&sortBy=applicantName', CASEWORKER), 200)).toMatchObject({ items: [], total: 0 });
    expect(expectStatus(await get(h.app, '/v1/payrolls?offset=0&limit=10&sortBy=month&sortOrder=desc', APPROVER), 200)).toMatchObject({ items: [], total: 0 });
    expect(expectStatus(await get(h.app, '/v1/deliberations?offset=0&limit=10&sortBy=updatedAt', SUPERVISOR), 200)).toMatchObject({ items: [], total: 0 });

    // The reserve ledger: the preset and three replenishments, paged and sorted by amount.
    for (const amountFen of [300, 100, 200]) expectStatus(await post(h.app, `/v1/reserve-funds/${WC}001/replenishments`, APPROVER, { amountFen }), 201);
    const ledger = expectStatus(await get(h.app, `/v1/reserve-funds/${WC}001?limit=2&offset=0&sortBy=amountFen&sortOrder=asc`, CASEWORKER), 200);
    expect(ledger.entriesTotal).toBe(4);
    expect(ledger.entries.map((e: Json) => e.amountFen)).toEqual([100, 200]);
    const last = expectStatus(await get(h.app, `/v1/reserve-funds/${WC}001?limit=2&offset=2&sortBy=amountFen&sortOrder=asc`, CASEWORKER), 200);
    expect(last.entries.map((e: Json) => e.amountFen)[0]).toBe(300);
    expect(last.entries[1].kind).toBe('preset');

    // A case's trail: every entry without a limit; a page of it, newest first, with one.
    const whole = expectStatus(await get(h.app, `/v1/audit?caseId=${caseIds[0]}`, AUDITOR), 200);
    expect(whole.total).toBe(whole.items.length);
    expect(whole.total).toBeGreaterThan(0);
    const page = expectStatus(await get(h.app, `/v1/audit?caseId=${caseIds[0]}&limit=1&offset=0&sortBy=seq&sortOrder=desc`, AUDITOR), 200);
    expect(page.items).toHaveLength(1);
    expect(page.items[0].seq).toBe(Math.max(...whole.items.map((e: Json) => e.seq)));
  });

  it('pages, filters and sorts the inbox with a total', async () => {
    const first = expectStatus(await get(h.app, '/v1/notifications?limit=5&offset=0', SUPERVISOR), 200);
    expect(first.total).toBe(12);
    expect(first.items.map((n: Json) => n.message)).toEqual(['第 11 条', '第 10 条', '第 9 条', '第 8 条', '第 7 条']);
    const last = expectStatus(await get(h.app, '/v1/notifications?limit=5&offset=10', SUPERVISOR), 200);
    expect(last.items.map((n: Json) => n.message)).toEqual(['第 1 条', '第 0 条']);
    const oldest = expectStatus(await get(h.app, '/v1/notifications?limit=1&sortBy=createdAt&sortOrder=asc', SUPERVISOR), 200);
    expect(oldest.items[0].message).toBe('第 0 条');
    expect(expectStatus(await get(h.app, '/v1/notifications?kind=overdue', SUPERVISOR), 200).total).toBe(6);
  });
});

describe('POST /v1/notifications/reads', () => {
  it('marks several read at once, and counts them out of the unread', async () => {
    const inbox = expectStatus(await get(h.app, '/v1/notifications?limit=3&unread=true', SUPERVISOR), 200);
    const ids = inbox.items.map((n: Json) => n.id as number);
    const before = inbox.total as number;
    const read = expectStatus(await post(h.app, '/v1/notifications/reads', SUPERVISOR, { ids }), 200);
    expect(read.items.map((n: Json) => n.id)).toEqual(ids);
    expect(read.items.every((n: Json) => n.readAt)).toBe(true);
    expect(expectStatus(await get(h.app, '/v1/notifications?unread=true', SUPERVISOR), 200).total).toBe(before - 3);
    // Again: the first reading is kept.
    const again = expectStatus(await post(h.app, '/v1/notifications/reads', SUPERVISOR, { ids }), 200);
    expect(again.items.map((n: Json) => n.readAt)).toEqual(read.items.map((n: Json) => n.readAt));
  });

  it('400 for a bad body, naming the field; 404 and nothing marked when one is not the caller’s; 401 without a token', async () => {
    for (const body of [{}, { ids: [] }, { ids: ['x'] }, { ids: [0] }, { ids: Array.from({ length: 201 }, (_, i) => i + 1) }, { ids: [1], extra: true }]) {
      const error = expectError(await post(h.app, '/v1/notifications/reads', SUPERVISOR, body), 400, 'validation_failed');
      expect(fieldsOf(error).some((p) => p === 'ids' || p.startsWith('ids') || p === 'extra'), JSON.stringify(body)).toBe(true);
    }
    const unread = expectStatus(await get(h.app, '/v1/notifications?unread=true&limit=1', SUPERVISOR), 200);
    const mine = unread.items[0].id as number;
    const theirs = expectStatus(await get(h.app, '/v1/notifications', AUDITOR), 200).items[0].id as number;
    const error = expectError(await post(h.app, '/v1/notifications/reads', SUPERVISOR, { ids: [mine, theirs, 99_999_999] }), 404, 'not_found');
    expect(error.message).toBe(`没有发给您的通知：${theirs}、99999999`);
    // All or none: the caller's own was not marked either.
    expect(expectStatus(await get(h.app, '/v1/notifications?unread=true', SUPERVISOR), 200).items.map((n: Json) => n.id)).toContain(mine);
    // Another county's supervisor may not mark 武昌区's.
    expectError(await post(h.app, '/v1/notifications/reads', { sub: 'sv-jt', role: 'supervisor', org: '510121' }, { ids: [mine] }), 404, 'not_found');
    expectError(await post(h.app, '/v1/notifications/reads', null, { ids: [mine] }), 401, 'unauthorized');
  });
});
