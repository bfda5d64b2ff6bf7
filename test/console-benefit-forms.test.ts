import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shanghaiDate } from '../src/domain/dates.js';
import type { Actor } from '../src/domain/roles.js';
import { APPROVER, CASEWORKER, WC } from './support/actors.js';
import { expectStatus, get, post, type Json } from './support/api.js';
import { approve } from './support/benefits.js';
import { choose, listSettled, submitDialog, useConsole } from './support/console.js';
import { bearer, useHarness } from './support/harness.js';

// The benefit forms console-money does not reach, through the browser by the role allowed: 登记情况变化,
// 录入复核 with a change, 恢复发放 refused when another step came first, 停止发放, 登记联系 and the
// 待遇 list's 联系逾期 and 复核到期 filters; the payroll's release refused above its card. Each refusal is
// shown in Chinese at its field or above the form, and each result read back from the API.

const h = useHarness('console-benefit-forms', { app: false });
const ui = useConsole(h, 'benefit-forms');

const errorAt = (scope: Locator, label: string) => scope.locator('.ant-form-item-has-error').filter({ has: scope.page().getByLabel(label, { exact: true }) });
const benefitOf = async (id: string, who: Actor = CASEWORKER) => expectStatus(await get(ui.app, `/v1/benefits/${id}`, who), 200);
const person = (name: string) => ({ applicant: { name, idNumberMasked: '420106********1237', idHash: `hash-${randomUUID()}` } });
const plusDays = (isoDate: string, n: number) => new Date(Date.parse(`${isoDate}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const today = () => shanghaiDate(Date.now());
const asDay = (d: string) => `${d.slice(0, 4)}年${d.slice(5, 7)}月${d.slice(8, 10)}日`;

async function openBenefit(page: Page, name: string) {
  await page.goto(`${ui.base}/benefits`);
  await page.getByRole('link', { name }).click();
  await page.getByText('正常发放').first().waitFor();
}

describe('the benefit forms through the browser', () => {
  it('a caseworker records a change and a review with a change, each refused first at its field', async () => {
    const a = await approve(h, 'dibao', { monthlyAmountFen: 120_000 }, person('孙玉梅'));
    const page = await ui.pageAs(CASEWORKER);
    await openBenefit(page, '孙玉梅');
    const dialog = page.getByRole('dialog');

    // 登记情况变化 naming no change: the API's 400 is at the first of the type's fields, in Chinese.
    await page.getByRole('button', { name: '登记情况变化' }).click();
    await dialog.getByLabel('理由').fill('家庭成员外出务工返回');
    await submitDialog(dialog, '', /提\s?交/);
    await errorAt(dialog, '家庭人均月收入').getByText(/变更须至少包含以下之一/).waitFor();
    await ui.shot(page, 'benefit-forms-01-change-refused');
    await dialog.getByLabel('家庭人口').fill('3');
    await submitDialog(dialog, '', /提\s?交/);
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('情况变化', { exact: true }).first().waitFor();
    const changed = await benefitOf(a.benefitId);
    expect((changed.history as Json[]).find((e) => e.action === 'record-change')?.details).toMatchObject({ reason: '家庭成员外出务工返回' });

    // 录入复核 → 调整待遇: blank findings are refused at 调查情况; then the change is taken with the review.
    await page.getByRole('button', { name: '录入复核' }).click();
    await choose(dialog, '调整待遇');
    await dialog.getByLabel('调查情况').fill('   ');
    await dialog.getByLabel('家庭人口').fill('2');
    await submitDialog(dialog, '', /提\s?交/);
    await errorAt(dialog, '调查情况').getByText('不能为空').waitFor();
    await dialog.getByLabel('调查情况').fill('入户核实，一人已离家，家庭人口减为 2 人');
    await submitDialog(dialog, '', /提\s?交/);
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText(/复核：情况变化：.*入户核实，一人已离家/).first().waitFor();
    const reviewed = await benefitOf(a.benefitId);
    expect((reviewed.history as Json[]).find((e) => e.action === 'record-review')?.details).toMatchObject({ findings: '入户核实，一人已离家，家庭人口减为 2 人' });
    // The history's dates and months read in the console's one format (2027年12月14日, 2027年01月), never 2027-12-14.
    const timeline = page.locator('.ant-card').filter({ hasText: '办理记录' });
    const opened = (reviewed.history as Json[]).find((e) => e.action === 'open')!;
    await timeline.getByText(`${asDay(opened.details.reviewDueDate)} 前复核`).waitFor();
    await timeline.getByText(/\d{4}年\d{2}月 起每月 [\d,.]+ 元 → [\d,.]+ 元（家庭成员外出务工返回）/).waitFor();
    expect(await timeline.innerText()).not.toMatch(/\d{4}-\d{2}/);
  });

  it('a caseworker suspends; resuming is refused above the form when the county resumed first; then stops the benefit (a blank note refused at its field)', async () => {
    const a = await approve(h, 'dibao', { monthlyAmountFen: 60_000 }, person('钱桂芳'));
    const page = await ui.pageAs(CASEWORKER);
    await openBenefit(page, '钱桂芳');
    const dialog = page.getByRole('dialog');

    await page.getByRole('button', { name: '暂停发放' }).click();
    await dialog.getByLabel('理由').fill('电话无法接通，入户未见本人');
    await submitDialog(dialog, '', /提\s?交/);
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('暂停发放', { exact: true }).first().waitFor();

    // The form is open when the county's approver resumes it: the API's 409 shows above the form.
    await page.getByRole('button', { name: '恢复发放' }).click();
    await dialog.getByLabel('备注').fill('本人已联系上');
    expectStatus(await post(ui.app, `/v1/benefits/${a.benefitId}/actions`, APPROVER, { action: 'resume', note: '区县核实后恢复' }), 200);
    await submitDialog(dialog, '', /提\s?交/);
    await dialog.locator('.ant-alert-error').getByText(/不能办理：.*恢复发放/).waitFor();
    await ui.shot(page, 'benefit-forms-02-resume-refused');
    await dialog.getByRole('button', { name: /取\s?消/ }).click();
    expect((await benefitOf(a.benefitId)).status).toBe('active');
    await page.reload();
    await page.getByText('正常发放').first().waitFor();

    // 停止发放: the reason is a choice; a note of blanks is refused at 备注.
    await page.getByRole('button', { name: '停止发放' }).click();
    await choose(dialog, '迁出');
    await dialog.getByLabel('备注').fill('   ');
    await submitDialog(dialog, '', /提\s?交/);
    await errorAt(dialog, '备注').getByText('不能为空').waitFor();
    await dialog.getByLabel('备注').fill('已迁往外省居住');
    await submitDialog(dialog, '', /提\s?交/);
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('已停止').first().waitFor();
    const stopped = await benefitOf(a.benefitId);
    expect(stopped).toMatchObject({ status: 'stopped', stopReason: 'moved-away', allowedActions: [], contactForm: null });
    // Nothing more to do on it: no action buttons, no contact to record.
    expect(await page.getByRole('button', { name: '恢复发放' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '登记联系' }).count()).toBe(0);
  });

  it('a caseworker records a contact (a date after today refused at its field); the list filters those overdue and those due a review', async () => {
    const a = await approve(h, 'tekun', { monthlyAmountFen: 130_000, support: { mode: 'centralised', institution: '武昌区社会福利院' } }, { ...person('李德福'), intake: { tekun: { livesAlone: true } } });
    const late = await approve(h, 'dibao', { monthlyAmountFen: 60_000 }, person('赵秀英'));
    expectStatus(await post(ui.app, `/v1/benefits/${late.benefitId}/contacts`, CASEWORKER, { on: plusDays(today(), -40), kind: 'call', findings: '电话联系，本人外出' }), 201);

    const page = await ui.pageAs(CASEWORKER);
    await page.goto(`${ui.base}/benefits/${a.benefitId}`);
    const card = page.locator('.ant-card').filter({ hasText: '走访联系' });
    await card.getByText('每 7 天').waitFor();
    await card.getByText('尚未联系').waitFor();
    await card.getByRole('button', { name: '登记联系' }).click();
    const dialog = page.getByRole('dialog');
    const date = dialog.getByLabel('联系日期');
    // Tab, not Enter: with one text field in it, Enter would submit the form there and then.
    await date.fill(plusDays(today(), 1));
    await date.press('Tab');
    await choose(dialog, '入户走访');
    await dialog.getByLabel('联系情况').fill('入户走访，老人身体状况良好，屋内整洁');
    await submitDialog(dialog, '', /提\s?交/);
    await errorAt(dialog, '联系日期').getByText(/联系日期不能晚于今天/).waitFor();
    await ui.shot(page, 'benefit-forms-03-contact-refused');
    const on = plusDays(today(), -2);
    await date.fill(on);
    await date.press('Tab');
    await submitDialog(dialog, '', /提\s?交/);
    await dialog.waitFor({ state: 'hidden' });
    await card.getByRole('row', { name: /入户走访.*老人身体状况良好/ }).waitFor();
    await card.getByText(asDay(plusDays(on, 7))).waitFor();
    const recorded = await benefitOf(a.benefitId);
    expect(recorded.contact).toMatchObject({ everyDays: 7, lastOn: on, nextDueOn: plusDays(on, 7) });
    expect(recorded.contacts).toMatchObject([{ on, kind: 'visit', findings: '入户走访，老人身体状况良好，屋内整洁', recordedBy: { sub: CASEWORKER.sub } }]);
    await ui.shot(page, 'benefit-forms-04-contact');

    // The list: 联系逾期 shows 赵秀英 (forty days ago), not 李德福 (two days ago).
    await page.goto(`${ui.base}/benefits`);
    await page.getByRole('link', { name: '李德福' }).waitFor();
    await page.getByRole('checkbox', { name: '联系逾期' }).check();
    // The unfiltered rows stay until the filtered ones arrive, and 赵秀英 was among them too.
    await listSettled(page, 'benefits');
    await page.getByRole('link', { name: '赵秀英' }).waitFor();
    await page.getByRole('row', { name: /赵秀英/ }).getByText('联系逾期').waitFor();
    expect(await page.getByRole('link', { name: '李德福' }).count()).toBe(0);
    const overdue = expectStatus(await get(ui.app, '/v1/benefits?contactOverdue=true', CASEWORKER), 200).items as Json[];
    expect(await page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(overdue.length);
    await ui.shot(page, 'benefit-forms-05-contact-overdue');

    // 复核到期: those due by today, as the API lists them (none here has come due yet).
    await page.getByRole('checkbox', { name: '联系逾期' }).uncheck();
    await page.getByRole('checkbox', { name: '复核到期' }).check();
    await listSettled(page, 'benefits');
    const due = expectStatus(await get(ui.app, `/v1/benefits?reviewDueBefore=${today()}`, CASEWORKER), 200).items as Json[];
    if (due.length === 0) await page.getByText('没有符合条件的待遇').waitFor();
    else await page.getByRole('link', { name: due[0]!.applicantName }).waitFor();
    expect(await page.getByRole('link', { name: '李德福' }).count()).toBe(0);
  });

  it('an approver’s release is refused above the payroll when it was released meanwhile', async () => {
    const a = await approve(h, 'dibao', { monthlyAmountFen: 60_000 }, { ...person('周玉兰'), orgCode: `${WC}003` });
    expectStatus(await ui.app.inject({ method: 'PUT', url: `/v1/benefits/${a.benefitId}/payees/applicant/account`, headers: bearer({ sub: 'cw-x', role: 'caseworker', org: `${WC}003` }), payload: { bankName: '中国农业银行', accountNumber: '6228480012345678901' } }), 200);
    const month = (await benefitOf(a.benefitId, APPROVER)).firstMonth as string;
    const page = await ui.pageAs(APPROVER);
    await page.goto(`${ui.base}/payrolls`);
    const monthInput = page.getByLabel('发放月份');
    await monthInput.fill(`${month.slice(0, 4)}年${month.slice(5, 7)}月`);
    await monthInput.press('Enter');
    await page.waitForURL(/\/payrolls\/payroll-/);
    const payrollId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await page.getByRole('button', { name: /^发\s?放$/ }).waitFor();

    await page.getByRole('button', { name: /^发\s?放$/ }).click();
    const confirm = page.getByRole('dialog').filter({ hasText: '确认发放' });
    await confirm.getByText('发放后不能撤回').waitFor();
    // Another approver of the county released it first: this one's release is refused, in Chinese, above the payroll.
    expectStatus(await post(ui.app, `/v1/payrolls/${payrollId}/release`, { ...APPROVER, sub: 'ap-other' }, undefined), 200);
    await confirm.getByRole('button', { name: '确认发放' }).click();
    await page.locator('.ant-alert-error').getByText(/发放失败：/).waitFor();
    await ui.shot(page, 'benefit-forms-06-release-refused');
    expect(expectStatus(await get(ui.app, `/v1/payrolls/${payrollId}`, APPROVER), 200).releasedBy).toBe('ap-other');
  });
});
