import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shanghaiDate } from '../src/domain/dates.js';
import { addMonths, monthOf } from '../src/domain/months.js';
import type { Actor } from '../src/domain/roles.js';
import { APPROVER, AUDITOR, CASEWORKER, OTHER_STREET, SUPERVISOR, WC, YIBAO, cw } from './support/actors.js';
import { expectStatus, get, post, type Json } from './support/api.js';
import { approve } from './support/benefits.js';
import { choose, submitDialog, useConsole } from './support/console.js';
import { bearer, useHarness } from './support/harness.js';

// The console's money pages (待遇, 发放, 政策标准, 支出统计) in a real browser against the running
// service: each step through the UI — the forms the API describes, the confirmations, the download —
// and its result read back from the page and the API.

const ACCOUNT = '6228480012345678901';
const POLICY: Actor = { sub: 'po-wuchang', role: 'policy', org: WC };

const h = useHarness('console-money', { app: false });
const ui = useConsole(h, 'money');
const pageAs = (actor: Actor) => ui.pageAs(actor);
const shot = (page: Page, name: string) => ui.shot(page, name);

/** The form item holding this control, once it shows an error. */
const errorAt = (scope: Locator | Page, label: string) => scope.locator('.ant-form-item-has-error').filter({ has: ('goto' in scope ? scope : scope.page()).getByLabel(label, { exact: true }) });
const setAccount = async (benefitId: string, street: string) =>
  expectStatus(await ui.app.inject({ method: 'PUT', url: `/v1/benefits/${benefitId}/payees/applicant/account`, headers: bearer(cw(street)), payload: { bankName: '中国农业银行', accountNumber: ACCOUNT } }), 200);
const benefitOf = async (id: string, who: Actor = CASEWORKER) => expectStatus(await get(ui.app, `/v1/benefits/${id}`, who), 200);
const person = (name: string) => ({ applicant: { name, idNumberMasked: '420106********1237', idHash: `hash-${randomUUID()}` } });
const today = () => shanghaiDate(Date.now());

/** Shared by the tests below, in order: the benefits the payroll pays and the month it pays them. */
const state: { first?: { benefitId: string; name: string }; second?: { benefitId: string; name: string }; month?: string; payrollId?: string } = {};

describe('the console’s money pages', () => {
  it('a caseworker suspends, resumes and reviews a benefit through its forms; a 400 shows at its field; another street sees an error', async () => {
    const a = await approve(h, 'dibao', { monthlyAmountFen: 120_000 }, person('刘桂兰'));
    state.first = { benefitId: a.benefitId, name: '刘桂兰' };
    const before = await benefitOf(a.benefitId);
    expect(before.allowedActions).toEqual(['record-change', 'suspend', 'stop', 'record-review']);
    // A 低保 change asks for the household's facts, never 特困's care level or 公租房's amount.
    const change = before.actionForms.find((f: Json) => f.action === 'record-change');
    expect(Object.keys(change.schema.properties)).toEqual(['perCapitaIncomeFen', 'householdSize', 'employedMembers', 'reason']);

    const page = await pageAs(CASEWORKER);
    await page.goto(`${ui.base}/benefits`);
    await page.getByRole('link', { name: '刘桂兰' }).click();
    await page.getByText('1,200.00 元').first().waitFor();
    await page.getByText('正常发放').first().waitFor();

    // 暂停发放 with a blank reason: the API's 400 names `reason`, shown under 理由.
    await page.getByRole('button', { name: '暂停发放' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('理由').fill('   ');
    await submitDialog(dialog, '', /提\s?交/);
    await errorAt(dialog, '理由').getByText('不能为空').waitFor();
    await shot(page, 'money-01-benefit-field-error');
    await dialog.getByLabel('理由').fill('多次入户未见本人，电话无法接通');
    await submitDialog(dialog, '', /提\s?交/);
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('暂停发放：多次入户未见本人').waitFor();
    expect((await benefitOf(a.benefitId)).status).toBe('suspended');

    // 恢复发放: its note is optional.
    await page.getByRole('button', { name: '恢复发放' }).click();
    await dialog.getByLabel('备注').fill('本人已返回居住地');
    await submitDialog(dialog, '', /提\s?交/);
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText(/恢复发放，暂停期间待遇随下次发放补发/).waitFor();
    expect((await benefitOf(a.benefitId)).status).toBe('active');

    // 录入复核: the outcome is a choice; 继续享受 asks only for findings and sets the next review.
    await page.getByRole('button', { name: '录入复核' }).click();
    await choose(dialog, '继续享受');
    await dialog.getByLabel('调查情况').fill('家庭收入无变化，继续保障');
    await submitDialog(dialog, '', /提\s?交/);
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText(/复核：继续享受，下次复核/).waitFor();
    const reviewed = await benefitOf(a.benefitId);
    expect(reviewed.status).toBe('active');
    const review = (reviewed.history as Json[]).find((e) => e.action === 'record-review');
    expect(review?.details).toMatchObject({ findings: '家庭收入无变化，继续保障', nextReviewDueDate: reviewed.reviewDueDate });
    expect(reviewed.history.map((e: Json) => e.action)).toEqual(expect.arrayContaining(['suspend', 'resume', 'record-review']));

    // The payee's account: typed once, shown masked.
    await page.getByRole('button', { name: '设置账户' }).click();
    await dialog.getByLabel('开户银行').fill('中国农业银行');
    await dialog.getByLabel('银行账号').fill('12ab');
    await dialog.getByRole('button', { name: /保\s?存/ }).click();
    await errorAt(dialog, '银行账号').waitFor();
    await dialog.getByLabel('银行账号').fill(ACCOUNT);
    await dialog.getByRole('button', { name: /保\s?存/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('cell', { name: '****8901' }).waitFor();
    expect(await page.content()).not.toContain(ACCOUNT);
    await shot(page, 'money-02-benefit');
    await page.context().close();

    // Another street's caseworker: the API's 404 is an error page, not an empty record.
    const other = await pageAs(OTHER_STREET);
    await other.goto(`${ui.base}/benefits/${a.benefitId}`);
    await other.getByText('待遇不存在或无权查看').waitFor();
    await other.context().close();
  });

  it('an approver prepares a payroll, sees its totals by street, releases it after confirming, downloads the bank file and records a return', async () => {
    const b = await approve(h, 'dibao', { monthlyAmountFen: 90_000 }, { ...person('周建国'), orgCode: `${WC}002` });
    await setAccount(b.benefitId, `${WC}002`);
    state.second = { benefitId: b.benefitId, name: '周建国' };
    const month = (await benefitOf(state.first!.benefitId)).firstMonth as string;
    expect((await benefitOf(b.benefitId, OTHER_STREET)).firstMonth).toBe(month);
    state.month = month;

    const page = await pageAs(APPROVER);
    await page.goto(`${ui.base}/payrolls`);
    const monthInput = page.getByLabel('发放月份');
    // A month a year ahead: the API's 400 names `month`, shown under it.
    const ahead = addMonths(monthOf(today()), 12);
    // Typed as the picker shows months; Enter takes the month and submits the form, as 生成 does.
    await monthInput.fill(`${ahead.slice(0, 4)}年${ahead.slice(5, 7)}月`);
    await monthInput.press('Enter');
    await errorAt(page, '发放月份').waitFor();
    expect(await page.getByRole('button', { name: /生\s?成/ }).isVisible()).toBe(true);
    await monthInput.fill(`${month.slice(0, 4)}年${month.slice(5, 7)}月`);
    await monthInput.press('Enter');
    await page.waitForURL(/\/payrolls\/payroll-/);
    const payrollId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    state.payrollId = payrollId;
    await page.getByText('待发放', { exact: true }).first().waitFor();

    // Totals by street and type: both streets, each its own amount, as the table and the chart show them.
    const payroll = expectStatus(await get(ui.app, `/v1/payrolls/${payrollId}`, APPROVER), 200);
    expect(payroll.allowedActions).toEqual(['release']);
    const streetRow = (street: string) => page.getByRole('row', { name: new RegExp(`${street}.*最低生活保障|${street}.*低保`) });
    await streetRow('积玉桥街道').getByRole('cell', { name: '1,200.00 元' }).first().waitFor();
    await streetRow('杨园街道').getByRole('cell', { name: '900.00 元' }).first().waitFor();
    await page.locator('canvas').first().waitFor();
    for (const row of payroll.totals.byStreetAndType as Json[]) {
      await page.getByRole('row', { name: new RegExp(`（${row.orgCode}）`) }).filter({ hasText: `${(row.amountFen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })} 元` }).first().waitFor();
    }
    await page.getByRole('cell', { name: `${state.first!.benefitId}/${month}/applicant` }).waitFor();
    await page.waitForTimeout(600); // the chart's entry animation, for the picture
    await shot(page, 'money-03-payroll-prepared');

    // Release: nothing is sent before the confirmation.
    await page.getByRole('button', { name: /^发\s?放$/ }).click();
    const confirm = page.getByRole('dialog').filter({ hasText: '确认发放' });
    await confirm.getByText('发放后不能撤回').waitFor();
    expect(expectStatus(await get(ui.app, `/v1/payrolls/${payrollId}`, APPROVER), 200).status).toBe('prepared');
    await confirm.getByRole('button', { name: '确认发放' }).click();
    await page.getByRole('button', { name: '下载银行代发文件' }).waitFor();
    await page.getByText('已发放', { exact: true }).first().waitFor();

    // The bank file: a header, then one line per payment sent, full account, 元 with two decimals, its reference.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载银行代发文件' }).click()]);
    expect(download.suggestedFilename()).toBe(`${payrollId}.csv`);
    const file = readFileSync((await download.path())!, 'utf8');
    const lines = file.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('户名,账号,金额,摘要');
    const sent = (expectStatus(await get(ui.app, `/v1/payrolls/${payrollId}/payments?limit=1000`, APPROVER), 200).items as Json[]).filter((p) => p.status === 'sent');
    expect(lines.slice(1).sort()).toEqual(sent.map((p) => `${p.name},${ACCOUNT},${(p.amountFen / 100).toFixed(2)},${p.reference}`).sort());
    expect(lines).toContain(`刘桂兰,${ACCOUNT},1200.00,${state.first!.benefitId}/${month}/applicant`);
    expect(lines).toContain(`周建国,${ACCOUNT},900.00,${b.benefitId}/${month}/applicant`);

    // A bank return: a file naming no payment of this payroll is refused at its line's field.
    const returns = page.locator('.ant-card').filter({ hasText: '登记银行退回' });
    await returns.locator('input[type=file]').setInputFiles({ name: 'returns.csv', mimeType: 'text/csv', buffer: Buffer.from('摘要,退回原因\r\nnot-a-reference,账户冻结\r\n') });
    await returns.getByRole('button', { name: '登记退回' }).click();
    await returns.locator('.ant-form-item-has-error').first().waitFor();
    expect(expectStatus(await get(ui.app, `/v1/payrolls/${payrollId}`, APPROVER), 200).totals.byStatus.failed).toBeUndefined();
    // Chosen from the payments sent, with its reason: the payment turns failed.
    const reference = `${b.benefitId}/${month}/applicant`;
    await returns.locator('input[type=file]').setInputFiles({ name: 'returns.csv', mimeType: 'text/csv', buffer: Buffer.from(`${reference},账户已销户\r\n`) });
    await returns.getByRole('button', { name: '登记退回' }).click();
    await page.getByText('已登记退回 1 笔').waitFor();
    await page.getByRole('row', { name: new RegExp(reference) }).getByText('银行退回').waitFor();
    const lineOf = async () => (expectStatus(await get(ui.app, `/v1/payrolls/${payrollId}/payments?limit=1000`, SUPERVISOR), 200).items as Json[]).find((p) => p.reference === reference);
    expect(await lineOf()).toMatchObject({ status: 'failed', failureReason: '账户已销户' });
    await shot(page, 'money-04-payroll-sent');
    await page.context().close();

    // A supervisor reads it and may do nothing with it; an approver of 医保 may not read payrolls.
    const supervisor = await pageAs(SUPERVISOR);
    await supervisor.goto(`${ui.base}/payrolls/${payrollId}`);
    await supervisor.getByText('已发放', { exact: true }).first().waitFor();
    await supervisor.getByText('发放明细').waitFor();
    expect(await supervisor.getByRole('button', { name: '下载银行代发文件' }).count()).toBe(0);
    expect(await supervisor.getByText('登记银行退回').count()).toBe(0);
    await supervisor.context().close();
    const yibao = await pageAs(YIBAO);
    await yibao.goto(`${ui.base}/payrolls`);
    // Another department's approver has no 发放 (GET /v1/me): neither the menu nor the page.
    await yibao.getByText('页面不存在或无权访问').waitFor();
    expect(await yibao.locator('.ant-layout-sider').getByRole('link', { name: '发放' }).count()).toBe(0);
    await yibao.context().close();
  });

  it('the spending page shows what was paid, by month, type and street', async () => {
    expect(state.month, 'the payroll test ran first').toBeDefined();
    const from = addMonths(monthOf(today()), -11);
    const to = monthOf(today());
    const api = expectStatus(await get(ui.app, `/v1/stats/spending?from=${from}&to=${to}`, SUPERVISOR), 200);
    const paid = (api.items as Json[]).filter((i) => i.month === state.month && i.type === 'dibao');
    // 刘桂兰's month was sent; 周建国's was returned by the bank.
    expect(paid.find((i) => i.orgCode === `${WC}001`)).toMatchObject({ amountFen: 120_000 });

    const page = await pageAs(SUPERVISOR);
    await page.goto(`${ui.base}/spending`);
    await page.getByText(`${(api.totalFen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })} 元`).first().waitFor();
    await page.locator('canvas').first().waitFor();
    await page
      .getByRole('row', { name: /积玉桥街道/ })
      .filter({ hasText: '低保' })
      .filter({ hasText: '1,200.00 元' })
      .first()
      .waitFor();
    await page.waitForTimeout(600);
    await shot(page, 'money-05-spending');
    await page.context().close();

    // A caseworker has no spending page.
    const caseworker = await pageAs(CASEWORKER);
    await caseworker.goto(`${ui.base}/spending`);
    await caseworker.getByText('页面不存在或无权访问').waitFor();
    await caseworker.context().close();
  });

  it('the policy office runs a what-if, then loads a 低保 standard with its effective date; a bad value shows at its field', async () => {
    const effectiveFrom = shanghaiDate(Date.now() + 45 * 86_400_000);
    const page = await pageAs(POLICY);
    // Its home is 政策标准.
    await page.goto(ui.base);
    await page.waitForURL(/\/policies$/);
    // Its menu: the standards and the spending they pay for, no case or benefit.
    await page.getByRole('link', { name: '支出统计' }).waitFor();
    expect(await page.getByRole('link', { name: '待遇' }).count()).toBe(0);
    await page.getByRole('row', { name: /低保标准/ }).first().waitFor();
    await page.getByRole('row', { name: /低保标准/ }).getByText(/每人每月标准：[\d,]+\.\d\d 元/).first().waitFor();

    const card = page.locator('.ant-card').filter({ hasText: '录入新标准' });
    // Typed, then Enter on the one option left: clicking it in the long list raced the list's own scrolling
    // (the option detached under the pointer until the click timed out, once in CI).
    const key = card.getByLabel('项目');
    await key.fill('低保标准');
    await page.locator('.ant-select-item-option-active').filter({ hasText: /^低保标准$/ }).waitFor();
    await key.press('Enter');
    const amount = card.getByLabel('每人每月标准（元）');
    await amount.fill('0');
    const dateInput = card.getByLabel('施行日期');
    await dateInput.fill(effectiveFrom);
    await dateInput.press('Enter');
    await card.getByLabel('文件依据').fill('武汉市民政局 2026 年第 12 号');
    // 0 元: the API's 400 names value.monthlyFen, shown at the amount.
    await card.getByRole('button', { name: /录\s?入/ }).click();
    await errorAt(card, '每人每月标准（元）').waitFor();

    // The what-if first: its totals are the API's for the same proposal.
    await amount.fill('1000');
    await card.getByRole('button', { name: /试\s?算/ }).click();
    const simulated = expectStatus(await post(ui.app, `/v1/policies/${WC}/simulations`, POLICY, { key: 'dibao-standard', value: { monthlyFen: 100_000 }, effectiveFrom }), 200);
    await card.getByText(`试算结果（${simulated.month} 起，${simulated.totals.households} 户）`).waitFor();
    await card.locator('.ant-statistic').filter({ hasText: '月支出（调整后）' }).getByText(`${(simulated.totals.monthlyCostAfterFen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })} 元`).waitFor();
    await shot(page, 'money-06-policy-what-if');

    await card.getByRole('button', { name: /录\s?入/ }).click();
    await page.getByText(/已录入，/).waitFor();
    const scheduled = page.getByRole('row', { name: /低保标准/ }).filter({ hasText: '待施行' });
    await scheduled.getByText('每人每月标准：1,000.00 元').waitFor();
    await scheduled.getByText(`${effectiveFrom.slice(0, 4)}年${effectiveFrom.slice(5, 7)}月${effectiveFrom.slice(8, 10)}日`).waitFor();
    const list = expectStatus(await get(ui.app, `/v1/policies/${WC}`, AUDITOR), 200);
    expect(list.items).toContainEqual(expect.objectContaining({ key: 'dibao-standard', status: 'scheduled', effectiveFrom, value: { monthlyFen: 100_000 }, source: '武汉市民政局 2026 年第 12 号' }));
    await shot(page, 'money-07-policy-loaded');
    await page.context().close();

    // An auditor reads the values and may load nothing.
    const auditor = await pageAs(AUDITOR);
    await auditor.goto(`${ui.base}/policies`);
    await auditor.getByRole('row', { name: /低保标准/ }).filter({ hasText: '待施行' }).waitFor();
    expect(await auditor.getByText('录入新标准').count()).toBe(0);
    expect(await auditor.getByText('政策试算').count()).toBe(0);
    await auditor.context().close();
  });
});
