import type { Page } from 'playwright-core';
import { readSheet } from 'read-excel-file/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { insertNotifications } from '../src/db/notifications.js';
import { abilitiesOf } from '../src/domain/capabilities.js';
import type { Actor } from '../src/domain/roles.js';
import { APPROVER, AUDITOR, CASEWORKER, SUPERVISOR, SYSTEM, WC, YIBAO, member } from './support/actors.js';
import { get } from './support/api.js';
import { startCase } from './support/cases.js';
import { useConsole } from './support/console.js';
import { residentId, useHarness } from './support/harness.js';

// The console's lists in a real browser (support/console.ts): page numbers and a total, sorting and
// filtering by the API, columns hidden and remembered, the page exported to .xlsx and read back, several
// messages marked read at once — and every page of every role opening with no console error and no
// 4xx/5xx from the API.

const h = useHarness('console-lists', { app: false });
const c = useConsole(h, 'console-lists');

/** 25 cases in the caseworker's street: two pages of 20. */
const NAMES = Array.from({ length: 25 }, (_, i) => `列${String.fromCharCode(0x5f20 + i * 7)}${String.fromCharCode(0x4e50 + i * 3)}`);
const POLICY: Actor = { sub: 'policy-wc', role: 'policy', org: WC };

beforeAll(async () => {
  let n = 300;
  for (const [i, name] of NAMES.entries()) {
    await startCase(c.app, i % 5 === 0 ? SYSTEM : CASEWORKER, {
      type: i % 3 === 0 ? 'temporary' : 'dibao',
      orgCode: `${WC}001`,
      applicant: { name, idNumber: residentId('420106', '19700101', String(n++)) },
      household: { size: 1, monthlyIncomeFen: 20_000 },
      ...(i % 3 === 0 ? { temporary: { kind: 'emergency', amountFen: 50_000, reason: '突发困难' } } : {}),
    });
  }
  // Eight messages for the street's caseworkers, two for its other roles' inboxes.
  const now = Date.now();
  await insertNotifications(h.database.db, [
    ...Array.from({ length: 8 }, (_, i) => ({ eventKey: `console-lists:${i}`, caseId: null, kind: 'deadline-reminder', recipientRole: 'caseworker', recipientOrg: `${WC}001`, message: `提醒第 ${i} 条`, createdAt: new Date(now - i * 1000).toISOString() })),
  ]);
}, 180_000);

/** Console errors, failed page scripts and the API's 4xx/5xx answers while a page is open. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`));
  return problems;
}

const settled = (page: Page) => page.waitForLoadState('networkidle');

describe('the console’s lists', () => {
  it('pages through the cases with a total, sorts, filters, hides a column and exports what it shows to .xlsx', async () => {
    const page = await c.pageAs(CASEWORKER);
    const problems = watch(page);
    await page.goto(`${c.base}/?scope=all`);
    await page.getByText('共 25 条').waitFor();
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    expect(await rows.count()).toBe(20);
    await page.locator('.ant-pagination-item-2').click();
    await expect.poll(() => rows.count()).toBe(5);
    await c.shot(page, 'lists-01-cases-page-2');

    // Sorted by the server on 申请人, descending after two clicks: the first row is the last name.
    await page.getByRole('columnheader', { name: '申请人' }).click();
    await page.getByRole('columnheader', { name: '申请人' }).click();
    const last = [...NAMES].sort().reverse()[0]!;
    await rows.first().getByRole('link', { name: last }).waitFor();
    expect(await page.locator('.ant-pagination-item-active').textContent()).toBe('1');

    // A filter: 临时救助 only (every third case).
    await page.getByRole('combobox', { name: '救助类型' }).click();
    await page.getByTitle('临时救助', { exact: true }).click();
    await page.getByText(`共 ${NAMES.filter((_, i) => i % 3 === 0).length} 条`).waitFor();

    // Hide 身份证号: gone from the table, and still gone after a reload (remembered in this browser).
    await page.getByRole('button', { name: /列设置/ }).click();
    await page.getByRole('checkbox', { name: '身份证号' }).uncheck();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('columnheader', { name: '身份证号' }).count()).toBe(0);
    await page.reload();
    await page.getByRole('columnheader', { name: '申请人' }).waitFor();
    expect(await page.getByRole('columnheader', { name: '身份证号' }).count()).toBe(0);
    await page.getByText(/共 \d+ 条/).waitFor();
    await settled(page);
    await c.shot(page, 'lists-02-cases-filtered');

    // Export: the rows shown, under the Chinese headers of the columns shown.
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('td:nth-child(2)')?.textContent ?? ''));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 Excel/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^案件-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const sheet = await readSheet((await download.path())!);
    expect(sheet[0]).toEqual(['受理编号', '申请人', '救助类型', '街道', '部门', '环节', '状态', '受理时间', '办理期限', '公示截止']);
    expect(sheet.slice(1).map((r) => r[1])).toEqual(shown);
    expect(sheet.slice(1).every((r) => r[2] === '临时救助')).toBe(true);
    expect(problems).toEqual([]);
  });

  it('marks several messages read at once', async () => {
    const page = await c.pageAs(CASEWORKER);
    const problems = watch(page);
    await page.goto(`${c.base}/messages`);
    await page.getByText('共 8 条').waitFor();
    await page.locator('.ant-radio-button-wrapper', { hasText: '未读' }).click();
    await page.getByText('共 8 条').waitFor();
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    for (const i of [0, 1, 2]) await rows.nth(i).locator('.ant-checkbox').click();
    await page.getByText('已选 3 项').waitFor();
    await page.getByRole('button', { name: '批量标为已读' }).click();
    await page.getByText('已标为已读 3 条').waitFor();
    await page.getByText('共 5 条').waitFor();
    await c.shot(page, 'lists-03-messages-read');
    const unread = await get(c.app, '/v1/notifications?unread=true', CASEWORKER);
    expect(unread.json().total).toBe(5);
    expect(problems).toEqual([]);
  });

  it('an error is shown as one, never as an empty list', async () => {
    const page = await c.pageAs(CASEWORKER);
    // The API answering 503 (its own error shape): the message, in Chinese, where the table would be.
    await page.route(/\/v1\/cases\?/, (route) => route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'unavailable', message: '服务暂不可用，请稍后重试' } }) }));
    await page.goto(`${c.base}/?scope=all`);
    await page.getByText('案件暂时无法读取').waitFor();
    await page.getByText('服务暂不可用，请稍后重试').waitFor();
    expect(await page.getByText('暂无案件').count()).toBe(0);
    await c.shot(page, 'lists-04-error');
  });
});

describe('every page of every role', () => {
  const people: Array<[string, Actor]> = [
    ['caseworker', CASEWORKER],
    ['approver', APPROVER],
    ['approver-yibao', YIBAO],
    ['committee', member(WC, 1)],
    ['supervisor', SUPERVISOR],
    ['system', SYSTEM],
    ['auditor', AUDITOR],
    ['policy', POLICY],
  ];

  it.each(people)('%s: lands on a page it can read, sees only its menus, and each opens with no console error and no 4xx/5xx', async (who, actor) => {
    const page = await c.pageAs(actor);
    const problems = watch(page);
    await page.goto(c.base);
    await page.locator('.ant-layout-sider .ant-menu-item-selected').waitFor();
    await settled(page);
    expect(await page.getByText('页面不存在或无权访问').count(), `${who} home`).toBe(0);
    await c.shot(page, `lists-home-${who}`);
    const { menus } = abilitiesOf(actor);
    const labels = await page.locator('.ant-layout-sider .ant-menu-item').allTextContents();
    expect(labels.length).toBe(menus.length);
    for (let i = 0; i < labels.length; i++) {
      await page.locator('.ant-layout-sider .ant-menu-item a').nth(i).click();
      await settled(page);
      expect(await page.getByText('页面不存在或无权访问').count(), `${who} ${labels[i]}`).toBe(0);
      expect(await page.locator('.ant-result-403, .ant-result-404, .ant-result-error').count(), `${who} ${labels[i]}`).toBe(0);
    }
    expect(problems, who).toEqual([]);
    // The favicon is there (no 404 on any page).
    expect((await page.request.get(`${c.base}/favicon.ico`)).status()).toBe(200);
  });
});
