import { describe, expect, it } from 'vitest';
import { shanghaiDate } from '../src/domain/dates.js';
import { APPROVER, CASEWORKER, OTHER_STREET, SUPERVISOR, WC } from './support/actors.js';
import { expectError, expectStatus, get, post, type Json } from './support/api.js';
import { approve } from './support/benefits.js';
import { useHarness } from './support/harness.js';

// Contacts with the people benefits pay (API.md, "Contacts"): every 30 days by the seeded `contact`
// policy, every 7 for 特困 people living alone; recorded by the street's caseworker, over HTTP.

const h = useHarness('benefit-contacts');

const benefitOf = async (id: string, who = CASEWORKER) => expectStatus(await get(h.app, `/v1/benefits/${id}`, who), 200);
const contact = (id: string, body: Json, who = CASEWORKER, headers: Record<string, string> = {}) => post(h.app, `/v1/benefits/${id}/contacts`, who, body, headers);

/** Calendar arithmetic of its own (UTC midnights), not the service's: what the answers must say. */
const plusDays = (isoDate: string, n: number) => new Date(Date.parse(`${isoDate}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const today = () => shanghaiDate(Date.now());
const fieldOf = (e: Json) => (e.details as Json[]).map((d) => d.path);
/** The last day of the month before this one: a contact then falls due next in another month. */
const lastDayOfLastMonth = () => plusDays(`${today().slice(0, 7)}-01`, -1);
const openedOn = (b: Json) => shanghaiDate((b.history as Json[]).find((e) => e.action === 'open')!.at);

describe('contacts with the people benefits pay', () => {
  const state: Record<string, { benefitId: string }> = {};

  it('a benefit shows when its person is due a contact: 30 days, 7 for 特困 living alone, from the opening before the first', async () => {
    state.dibao = await approve(h, 'dibao', { monthlyAmountFen: 60_000 });
    state.alone = await approve(h, 'tekun', { monthlyAmountFen: 130_000, support: { mode: 'centralised', institution: '武昌区社会福利院' } }, { intake: { tekun: { livesAlone: true } } });
    state.tekun = await approve(h, 'tekun', { monthlyAmountFen: 130_000, support: { mode: 'centralised', institution: '武昌区社会福利院' } }, { intake: { tekun: { livesAlone: false } } });
    state.late = await approve(h, 'dibao', { monthlyAmountFen: 60_000 });

    const dibao = await benefitOf(state.dibao!.benefitId);
    expect(dibao.contact).toEqual({ everyDays: 30, lastOn: null, nextDueOn: plusDays(openedOn(dibao), 30), overdue: false });
    expect(dibao.contacts).toEqual([]);
    // The street's caseworker may record one; the form asks for the date, the kind and what was found.
    expect(dibao.contactForm.label).toBe('登记联系');
    expect(Object.keys(dibao.contactForm.schema.properties)).toEqual(['on', 'kind', 'findings']);
    expect(dibao.contactForm.schema.properties.kind['x-labels']).toEqual({ visit: '入户走访', call: '电话联系' });
    expect((await benefitOf(dibao.benefitId, APPROVER)).contactForm).toBeNull();

    const alone = await benefitOf(state.alone!.benefitId);
    expect(alone.contact).toMatchObject({ everyDays: 7, lastOn: null, nextDueOn: plusDays(openedOn(alone), 7) });
    expect((await benefitOf(state.tekun!.benefitId)).contact.everyDays).toBe(30);
  });

  it('a contact moves the next one from its date, across a month end; the list finds those overdue', async () => {
    const on = lastDayOfLastMonth();
    const recorded = expectStatus(await contact(state.dibao!.benefitId, { on, kind: 'visit', findings: '入户走访，本人在家，生活正常' }), 201);
    const due = plusDays(on, 30);
    expect(due.slice(0, 7)).not.toBe(on.slice(0, 7));
    expect(recorded.contact).toEqual({ everyDays: 30, lastOn: on, nextDueOn: due, overdue: due < today() });
    expect(recorded.contacts).toEqual([
      { contactId: expect.stringMatching(/^contact-/), on, kind: 'visit', findings: '入户走访，本人在家，生活正常', recordedBy: { sub: CASEWORKER.sub, role: 'caseworker' }, recordedAt: expect.any(String) },
    ]);

    // 特困 living alone: seven days on, in this month.
    const alone = expectStatus(await contact(state.alone!.benefitId, { on, kind: 'call', findings: '电话联系，身体尚可' }), 201);
    expect(alone.contact).toMatchObject({ everyDays: 7, lastOn: on, nextDueOn: `${today().slice(0, 7)}-07` });
    expect(alone.contact.overdue).toBe(`${today().slice(0, 7)}-07` < today());

    // Forty days ago: ten days overdue. A retried request (the same Idempotency-Key) records it once.
    const long = plusDays(today(), -40);
    const key = { 'idempotency-key': 'contact-late-1' };
    expectStatus(await contact(state.late!.benefitId, { on: long, kind: 'visit', findings: '入户未遇，邻居称外出务工' }, CASEWORKER, key), 201);
    const late = expectStatus(await contact(state.late!.benefitId, { on: long, kind: 'visit', findings: '入户未遇，邻居称外出务工' }, CASEWORKER, key), 201);
    expect(late.contacts).toHaveLength(1);
    expect(late.contact).toEqual({ everyDays: 30, lastOn: long, nextDueOn: plusDays(today(), -10), overdue: true });
    // A later contact, dated before the last one, does not move the due date back.
    const earlier = expectStatus(await contact(state.late!.benefitId, { on: plusDays(today(), -45), kind: 'call', findings: '电话未接通' }), 201);
    expect(earlier.contact.lastOn).toBe(long);
    expect(earlier.contacts.map((c: Json) => c.on)).toEqual([long, plusDays(today(), -45)]);

    const overdue = async (who = CASEWORKER) => (expectStatus(await get(h.app, '/v1/benefits?contactOverdue=true', who), 200).items as Json[]).map((b) => b.benefitId);
    const listed = await overdue();
    expect(listed).toContain(state.late!.benefitId);
    expect(listed).not.toContain(state.tekun!.benefitId);
    for (const id of [state.dibao!.benefitId, state.alone!.benefitId]) expect(listed.includes(id)).toBe((await benefitOf(id)).contact.overdue);
    // The county's supervisor sees the same among the county's; each item says how it stands.
    expect(await overdue(SUPERVISOR)).toEqual(listed);
    const all = expectStatus(await get(h.app, '/v1/benefits', CASEWORKER), 200).items as Json[];
    expect(all.find((b) => b.benefitId === state.late!.benefitId)!.contact).toEqual(late.contact);
    expect(expectStatus(await get(h.app, '/v1/benefits?contactOverdue=false', CASEWORKER), 200).items).toHaveLength(all.length);
  });

  it('lists those due a contact by a day, the earliest due first (走访联系)', async () => {
    const by = plusDays(today(), 40);
    const page = expectStatus(await get(h.app, `/v1/benefits?contactDueBefore=${by}&sortBy=nextContactOn`, CASEWORKER), 200);
    const dues = (page.items as Json[]).map((b) => b.contact.nextDueOn as string);
    expect(dues.length).toBe(page.total);
    expect(dues).toEqual([...dues].sort());
    expect(dues.every((d) => d <= by)).toBe(true);
    // The overdue one heads the list; only those due by the day are in it.
    expect((page.items as Json[])[0]!.benefitId).toBe(state.late!.benefitId);
    const sooner = expectStatus(await get(h.app, `/v1/benefits?contactDueBefore=${today()}&sortBy=nextContactOn&sortOrder=desc`, CASEWORKER), 200);
    expect((sooner.items as Json[]).every((b) => b.contact.nextDueOn <= today())).toBe(true);
    expect((sooner.items as Json[]).map((b) => b.benefitId)).toContain(state.late!.benefitId);
    expect(fieldOf(expectError(await get(h.app, '/v1/benefits?contactDueBefore=2026-13-01', CASEWORKER), 400, 'validation_failed'))).toEqual(['contactDueBefore']);
    expect(fieldOf(expectError(await get(h.app, '/v1/benefits?sortBy=nextDue', CASEWORKER), 400, 'validation_failed'))).toEqual(['sortBy']);
  });

  it('refuses a bad contact at its field, another role (403), another street (404) and a stopped benefit (409)', async () => {
    const id = state.dibao!.benefitId;
    const good = { on: today(), kind: 'call', findings: '电话联系，情况无变化' };
    const at = async (body: Json) => (expectError(await contact(id, body), 400, 'validation_failed').details as Json[]).map((d) => [d.path, d.message]);

    const [[path, message]] = (await at({ ...good, on: plusDays(today(), 1) })) as [[string, string]];
    expect(path).toBe('on');
    expect(message).toMatch(/联系日期不能晚于今天/);
    expect((await at({ ...good, kind: 'email' }))[0]![0]).toBe('kind');
    expect(await at({ ...good, findings: '   ' })).toEqual([['findings', '不能为空']]);
    expect((await at({ kind: 'visit', findings: '入户' }))[0]![0]).toBe('on');
    expect((await at({ ...good, on: '2026-02-30' }))[0]![0]).toBe('on');
    expect((await at({ ...good, extra: 1 }))[0]![0]).toBe('extra');
    // In English on request.
    const english = expectError(await contact(id, { ...good, on: plusDays(today(), 1) }, CASEWORKER, { 'accept-language': 'en' }), 400, 'validation_failed');
    expect(english.details[0].message).toMatch(/must not be after today/);

    expectError(await contact(id, good, APPROVER), 403, 'forbidden');
    expectError(await contact(id, good, SUPERVISOR), 403, 'forbidden');
    expectError(await contact(id, good, OTHER_STREET), 404, 'not_found');
    expectError(await contact('benefit-none', good), 404, 'not_found');
    expectError(await get(h.app, '/v1/benefits?contactOverdue=yes', CASEWORKER), 400, 'validation_failed');
    expect((await benefitOf(id)).contacts).toHaveLength(1);

    // Stopped: no contact is owed or recorded, and it leaves the overdue list.
    const late = state.late!.benefitId;
    expectStatus(await post(h.app, `/v1/benefits/${late}/actions`, CASEWORKER, { action: 'stop', reason: 'moved-away' }), 200);
    const stopped = await benefitOf(late);
    expect(stopped.contact.overdue).toBe(false);
    expect(stopped.contactForm).toBeNull();
    expectError(await contact(late, good), 409, 'invalid_transition');
    const listed = (expectStatus(await get(h.app, `/v1/benefits?contactOverdue=true&orgCode=${WC}`, SUPERVISOR), 200).items as Json[]).map((b) => b.benefitId);
    expect(listed).not.toContain(late);
  });
});
