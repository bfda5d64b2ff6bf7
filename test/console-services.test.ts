import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shanghaiDate } from '../src/domain/dates.js';
import { monthOf } from '../src/domain/months.js';
import { APPROVER, CASEWORKER, WC } from './support/actors.js';
import { expectStatus, get, type Json } from './support/api.js';
import { startCase } from './support/cases.js';
import { choose, errorAt, submitDialog, useConsole } from './support/console.js';
import { residentId, useHarness } from './support/harness.js';

// The console's 服务救助 in a real browser against the running service: the street's caseworker orders a
// service (an order past the person's monthly cap refused with its figures, in Chinese), records it
// delivered, cancels another; the county's 民政 approver verifies it, records the provider's account,
// settles the month and downloads the bank file — each step through the page, read back from the API.

const h = useHarness('console-services', { app: false });
const ui = useConsole(h, 'services');

const rowOf = (within: Page | Locator, text: string) => within.locator('.ant-table-tbody tr.ant-table-row', { hasText: text });
const orders = (page: Page) => page.locator('.ant-card').filter({ has: page.getByText('服务订单', { exact: true }) });

/** Console errors and failed page scripts; the API's 4xx/5xx, for the test to compare with those it provokes. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && !/status of 409/.test(m.text()) && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`));
  return problems;
}

/** The order form filled for the case's applicant. */
async function fillOrder(dialog: Locator, o: { caseId: string; service: RegExp; units: number; provider: string }) {
  await dialog.getByLabel('案件编号').fill(o.caseId);
  await choose(dialog, o.service);
  await dialog.getByLabel('数量').fill(String(o.units));
  await dialog.getByLabel('服务机构').fill(o.provider);
}

describe('服务救助', () => {
  it('the caseworker orders (past the cap refused with its figures), delivers and cancels; 民政 verifies, records the account, settles and downloads the bank file', async () => {
    const month = monthOf(shanghaiDate(Date.now()));
    const caseId = (await startCase(ui.app, CASEWORKER, { type: 'dibao', orgCode: `${WC}001`, applicant: { name: '韩照护', idNumber: residentId('420106', '19400404', '661') }, household: { size: 1, monthlyIncomeFen: 20_000 } })).caseId as string;

    const page = await ui.pageAs(CASEWORKER);
    const problems = watch(page);
    await page.goto(`${ui.base}/services`);
    await page.getByRole('menuitem', { name: /服务救助/ }).waitFor();
    // The county's catalogue, with its prices.
    await rowOf(page, '探视巡访').getByText('50.00 元').waitFor();
    await orders(page).getByText('没有符合条件的服务订单').waitFor();
    // No settlements for the street.
    expect(await page.getByText('服务结算', { exact: true }).count()).toBe(0);

    // An order: two visits by 阳光社工站.
    await page.getByRole('button', { name: '新建服务订单' }).click();
    let dialog = page.getByRole('dialog');
    await fillOrder(dialog, { caseId, service: /探视巡访/, units: 2, provider: '阳光社工站' });
    await submitDialog(dialog, 'order');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('已下单：韩照护 探视巡访 100.00 元').waitFor();
    const visit = rowOf(orders(page), '阳光社工站');
    await visit.getByText('已下单').waitFor();

    // 1,000 hours of care would pass the person's monthly cap (the 特困 basic standard): refused, the figures shown.
    await page.getByRole('button', { name: '新建服务订单' }).click();
    dialog = page.getByRole('dialog');
    await fillOrder(dialog, { caseId, service: /照料护理/, units: 1000, provider: '康宁护理院' });
    await submitDialog(dialog, 'over the cap');
    const refusal = dialog.locator('.ant-alert-error');
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/^不能办理：超出本人当月服务上限：特困人员基本生活标准 [\d,.]+ 元，已用 100\.00 元，本次 30,000\.00 元$/);
    expect(problems).toEqual(['409 POST /v1/service-orders']);
    problems.length = 0;
    await ui.shot(page, 'services-01-cap-refused');
    // Corrected to one hour, it is placed; then cancelled by the street.
    await dialog.getByLabel('数量').fill('1');
    await submitDialog(dialog, 'corrected order');
    await dialog.waitFor({ state: 'hidden' });
    const care = rowOf(orders(page), '康宁护理院');
    await care.getByText('已下单').waitFor();
    await care.getByRole('button', { name: /^取\s?消$/ }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('取消理由').fill('服务对象已住院');
    await submitDialog(dialog, 'cancel');
    await dialog.waitFor({ state: 'hidden' });
    await care.getByText('已取消').waitFor();

    // The visits delivered.
    await visit.getByRole('button', { name: '登记服务完成' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('服务情况').fill('已上门探视两次');
    await submitDialog(dialog, 'deliver');
    await dialog.waitFor({ state: 'hidden' });
    await visit.getByText('已服务').waitFor();
    // The caseworker verifies nothing: no button for it.
    expect((await visit.getByRole('button').allTextContents()).map((t) => t.replace(/\s/g, ''))).toEqual(['取消']);
    // The status filter is the API's: 已取消 lists only the care order.
    await orders(page).getByRole('combobox', { name: '状态' }).click();
    await page.getByTitle('已取消', { exact: true }).click();
    await visit.waitFor({ state: 'detached' });
    await care.waitFor();
    await ui.shot(page, 'services-02-street');
    expect(problems).toEqual([]);

    const all = expectStatus(await get(ui.app, `/v1/service-orders?orgCode=${WC}001`, CASEWORKER), 200).items as Json[];
    const visitOrder = all.find((o) => o.provider === '阳光社工站')!;
    expect(visitOrder).toMatchObject({ status: 'delivered', amountFen: 10_000, units: 2, month });
    expect(visitOrder.history.map((s: Json) => [s.action, s.by.sub, s.note ?? null])).toEqual([
      ['order', CASEWORKER.sub, null],
      ['deliver', CASEWORKER.sub, '已上门探视两次'],
    ]);
    expect(all.find((o) => o.provider === '康宁护理院')).toMatchObject({ status: 'cancelled', amountFen: 3_000 });
    expect(all).toHaveLength(2);

    // 民政 verifies the visits, records the provider's account, settles the month.
    const county = await ui.pageAs(APPROVER);
    const countyProblems = watch(county);
    await county.goto(`${ui.base}/services`);
    const toVerify = rowOf(orders(county), '阳光社工站');
    await toVerify.getByRole('button', { name: /^核\s?验$/ }).click();
    dialog = county.getByRole('dialog');
    await submitDialog(dialog, 'verify');
    await dialog.waitFor({ state: 'hidden' });
    await toVerify.getByText('已核验').waitFor();

    await county.getByRole('button', { name: '登记收款账户' }).click();
    dialog = county.getByRole('dialog');
    await dialog.getByLabel('服务机构').fill('阳光社工站');
    await dialog.getByLabel('开户银行').fill('中国工商银行');
    // An account number too short to be one is refused at its field, in Chinese; corrected, it is taken.
    await dialog.getByLabel('银行账号').fill('1234');
    await submitDialog(dialog, 'short account');
    await errorAt(dialog, '银行账号').getByText(/[\u4e00-\u9fa5]/).first().waitFor();
    // The form refused it before sending (rjsf logs its validation): nothing reached the API.
    expect(countyProblems).toEqual([expect.stringMatching(/^console: Form validation failed/)]);
    countyProblems.length = 0;
    await dialog.getByLabel('银行账号').fill('6217000011112222');
    await submitDialog(dialog, 'account');
    await dialog.waitFor({ state: 'hidden' });
    await rowOf(county, '****2222').waitFor();

    await county.getByRole('button', { name: '新建结算' }).click();
    // Named: the settlement made opens its own dialog as this one closes.
    dialog = county.getByRole('dialog', { name: '新建服务结算' });
    await submitDialog(dialog, 'settle');
    const detail = county.getByRole('dialog', { name: /服务结算单 settlement-/ });
    await detail.waitFor();
    const line = rowOf(detail, '阳光社工站');
    await line.getByText('100.00 元').waitFor();
    await line.getByText('已发送').waitFor();
    await ui.shot(county, 'services-03-settlement');
    const [download] = await Promise.all([county.waitForEvent('download'), detail.getByRole('button', { name: '下载银行代发文件' }).click()]);
    const settlementId = download.suggestedFilename().replace(/\.csv$/, '');
    expect(settlementId).toMatch(/^settlement-\d+$/);
    const lines = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toEqual(['户名,账号,金额,摘要', `阳光社工站,6217000011112222,100.00,${settlementId}/1`]);
    await detail.locator('.ant-modal-footer').getByRole('button', { name: /^关\s?闭$/ }).click();
    await toVerify.getByText('已结算').waitFor();
    expect(countyProblems).toEqual([]);

    const settled = expectStatus(await get(ui.app, `/v1/service-settlements/${settlementId}`, APPROVER), 200);
    expect(settled).toMatchObject({ month, orders: 1, amountFen: 10_000, orderIds: [visitOrder.orderId], history: [expect.objectContaining({ action: 'settle', by: expect.objectContaining({ sub: APPROVER.sub }) }), expect.objectContaining({ action: 'file' })] });
    const after = expectStatus(await get(ui.app, `/v1/service-orders?orgCode=${WC}001&status=settled`, CASEWORKER), 200).items as Json[];
    expect(after.map((o) => [o.orderId, o.settlementId])).toEqual([[visitOrder.orderId, settlementId]]);
    // Two people's whole month in one browser story: half a minute alone, over a minute on a loaded machine.
  }, 180_000);
});
