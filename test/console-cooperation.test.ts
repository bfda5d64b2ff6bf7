import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/domain/roles.js';
import { CASEWORKER, JT, WC, supervisor } from './support/actors.js';
import { expectStatus, get, post, type Json } from './support/api.js';
import { pageAs, shot, startConsole, stopConsole, type RunningConsole } from './support/console.js';
import { residentId, useHarness } from './support/harness.js';

/** expect.poll gives up after a second by default; a page read under load (the full suite beside it) can take longer. */
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000 });

// 居住地申办 in a real browser: the 户籍 county's caseworker finds the request in 异地协查 (the applicant's
// name and masked ID, where they live, the due date), answers it through the form — a blank answer is
// refused at its field — and the accepting county's case page shows the request answered.

const h = useHarness('console_cooperation', { app: false });
let c: RunningConsole;
beforeAll(async () => {
  c = await startConsole(h);
}, 180_000);
afterAll(() => stopConsole(c));

const JT_CASEWORKER: Actor = { sub: 'cw-jt-1', role: 'caseworker', org: `${JT}001`, name: '金堂经办' };
const ID = residentId(JT, '19810505', '606');

describe('异地协查', () => {
  it('the 户籍 county answers through the form, and the case page shows it answered', async () => {
    const started = expectStatus(
      await post(c.app, '/v1/cases', CASEWORKER, { type: 'dibao', orgCode: `${WC}001`, applicant: { name: '吴十', idNumber: ID }, household: { size: 1, monthlyIncomeFen: 30_000 }, residence: { permitNumber: 'WH-JZZ-9' } }),
      201,
    );

    const own = await pageAs(c.browser, { ...CASEWORKER, name: '张经办' });
    await own.goto(`${c.base}/cases/${started.caseId}`);
    await poll(() => own.getByText('异地协查').first().isVisible()).toBe(true);
    await poll(() => own.getByText('待答复').first().isVisible()).toBe(true);

    const page = await pageAs(c.browser, JT_CASEWORKER);
    await page.goto(`${c.base}/cooperation`);
    const row = page.getByRole('row', { name: /吴十/ });
    await poll(() => row.isVisible()).toBe(true);
    const text = await row.innerText();
    expect(text).toContain(`*****************${ID.slice(-1)}`);
    expect(text).toContain('WH-JZZ-9');
    expect(text).not.toContain(ID);
    await row.getByRole('button', { name: /答\s*复/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    // Required by the form itself: nothing was sent.
    await poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByLabel(/协查结果/).fill('户籍地无房产、无车辆');
    await dialog.getByLabel(/户籍地家庭情况/).fill('父母随迁，户籍地无共同生活成员');
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await poll(() => dialog.isVisible()).toBe(false);
    await poll(async () => (await row.innerText()).includes('已答复')).toBe(true);
    await shot(page, 'cooperation-answered');

    const answered = (await get(c.app, '/v1/cooperation-requests?direction=outgoing', supervisor(WC))).json() as { items: Json[] };
    expect(answered.items[0]).toMatchObject({ status: 'answered', findings: '户籍地无房产、无车辆' });

    await own.reload();
    await poll(() => own.getByText('已答复').first().isVisible()).toBe(true);
    await poll(() => own.getByText('户籍地协查答复').first().isVisible()).toBe(true);
    await shot(own, 'cooperation-case');
  });
});
