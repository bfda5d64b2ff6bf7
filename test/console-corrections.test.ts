import { describe, expect, it } from 'vitest';
import { addMonths } from '../src/domain/months.js';
import { APPROVER, CASEWORKER, WC } from './support/actors.js';
import { expectStatus, get, type Json } from './support/api.js';
import { approve, paymentsOf, runPayroll } from './support/benefits.js';
import { startCase } from './support/cases.js';
import { choose, errorAt, rowOf, submitDialog, useConsole, watch } from './support/console.js';
import { bearer, residentId, useHarness } from './support/harness.js';

// The console's 纠错 in a real browser against the running service: a decided amount corrected from the
// case's page (a value refused at its field, in Chinese, first), approved on the 纠错 page by the county's
// 民政 approver with its 补发 shown; a household's size proposed from the list and refused — each step
// through the pages' forms, read back from the API, with no console error on the way.

const h = useHarness('console-corrections', { app: false });
const ui = useConsole(h, 'corrections');

describe('纠错', () => {
  it('a decided amount: proposed from the case (a wrong value refused at its field), approved on 纠错 with its 补发, the months sent as they were', async () => {
    const a = await approve(h, 'dibao', { monthlyAmountFen: 60_000 }, { household: { size: 2, monthlyIncomeFen: 10_000 }, applicant: { name: '陈素芬', idNumberMasked: '420106********1237', idHash: 'hash-console-corrections-1' } });
    expectStatus(await ui.app.inject({ method: 'PUT', url: `/v1/benefits/${a.benefitId}/payees/applicant/account`, headers: bearer(CASEWORKER), payload: { bankName: '中国农业银行', accountNumber: '6228480012345678901' } }), 200);
    const first = expectStatus(await get(ui.app, `/v1/benefits/${a.benefitId}`, CASEWORKER), 200).firstMonth as string;
    await runPayroll(h, WC, first);
    await runPayroll(h, WC, addMonths(first, 1));
    const sent = await paymentsOf(h, a.benefitId);
    expect(sent.map((p) => [p.amountFen, p.status])).toEqual([
      [60_000, 'sent'],
      [60_000, 'sent'],
    ]);

    const page = await ui.pageAs(CASEWORKER);
    const problems = watch(page);
    await page.goto(`${ui.base}/cases/${a.caseId}`);
    await page.getByRole('button', { name: '申请更正' }).click();
    const dialog = page.getByRole('dialog');
    await choose(dialog, '核定月补助金额');
    await dialog.getByLabel('更正后的值').fill('-100');
    await dialog.getByLabel('更正理由').fill('审批时误按一人计算');
    await dialog.getByLabel('证明材料').fill('审批表复印件，存于街道案卷');
    await submitDialog(dialog, 'correction refused');
    // The API's 400 names `value`: shown under its field, in Chinese.
    await errorAt(dialog, '更正后的值').getByText('应为以分为单位的金额（整数）').waitFor();
    await ui.shot(page, 'corrections-01-value-refused');
    expect(problems).toEqual([`400 POST /v1/cases/${a.caseId}/corrections`]);
    problems.length = 0;
    await dialog.getByLabel('更正后的值').fill('70000');
    await submitDialog(dialog, 'correction proposed');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('已提出更正，待区县民政部门审批').waitFor();
    const proposed = expectStatus(await get(ui.app, `/v1/corrections?caseId=${a.caseId}`, CASEWORKER), 200).items as Json[];
    expect(proposed.map((c) => [c.path, c.before, c.value, c.status])).toEqual([['decision.monthlyAmountFen', 60_000, 70_000, 'proposed']]);
    expect(problems).toEqual([]);

    // The county's 民政 approver approves it on 纠错: the answer and the row say the 补发.
    const county = await ui.pageAs(APPROVER);
    const countyProblems = watch(county);
    await county.goto(`${ui.base}/corrections`);
    const row = rowOf(county, a.caseId);
    await row.getByText('待审批').waitFor();
    await row.getByText('600.00 元').waitFor();
    await row.getByRole('button', { name: /^批\s?准$/ }).click();
    const approval = county.getByRole('dialog');
    await approval.getByLabel('审批意见').fill('核实无误');
    await submitDialog(approval, 'correction approved');
    await approval.waitFor({ state: 'hidden' });
    await county.getByText('批准：已办理，应补发 200.00 元（2 个月）').waitFor();
    await row.getByText('已批准').waitFor();
    await row.getByText(`${addMonths(first, 2)} 起，应补发 200.00 元（2 个月）`).waitFor();
    await ui.shot(county, 'corrections-02-approved');
    expect(countyProblems).toEqual([]);

    const approved = expectStatus(await get(ui.app, `/v1/corrections/${proposed[0]!.correctionId}`, APPROVER), 200);
    expect(approved).toMatchObject({ status: 'approved', fromMonth: addMonths(first, 2), effect: { backPayFen: 20_000 } });
    expect(approved.history.map((s: Json) => [s.action, s.by.sub])).toEqual([
      ['propose', CASEWORKER.sub],
      ['approve', APPROVER.sub],
    ]);
    expect(await paymentsOf(h, a.benefitId)).toEqual(sent);

    // The case's page shows the corrected amount and the correction, original beside it.
    await page.goto(`${ui.base}/cases/${a.caseId}`);
    const corrections = page.locator('.ant-card', { hasText: '更正记录' });
    await corrections.getByText('核定月补助金额').waitFor();
    await corrections.getByText('60000').waitFor();
    expect(problems).toEqual([]);
    // An approval, a benefit and two payrolls run before the browser opens: longer than the default under load.
  }, 240_000);

  it('a household’s size: proposed from the list, refused by the county with its reason', async () => {
    const c = await startCase(ui.app, CASEWORKER, { type: 'dibao', orgCode: `${WC}001`, applicant: { name: '何建军', idNumber: residentId('420106', '19680808', '215') }, household: { size: 3, monthlyIncomeFen: 90_000 } });

    const page = await ui.pageAs(CASEWORKER);
    const problems = watch(page);
    await page.goto(`${ui.base}/corrections`);
    await page.getByRole('button', { name: '申请更正' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('案件编号').fill(c.caseId);
    await choose(dialog, '家庭人口');
    await dialog.getByLabel('更正后的值').fill('4');
    await dialog.getByLabel('更正理由').fill('漏登一名子女');
    await dialog.getByLabel('证明材料').fill('出生医学证明复印件');
    await submitDialog(dialog, 'size proposed');
    await dialog.waitFor({ state: 'hidden' });
    const row = rowOf(page, c.caseId);
    await row.getByText('待审批').waitFor();
    // The street proposes; it decides nothing.
    expect(await row.getByRole('button').count()).toBe(0);
    expect(problems).toEqual([]);

    const county = await ui.pageAs(APPROVER);
    const countyProblems = watch(county);
    await county.goto(`${ui.base}/corrections`);
    await county.getByRole('combobox', { name: '状态' }).click();
    await county.getByTitle('待审批', { exact: true }).click();
    await county.getByRole('searchbox', { name: '案件编号' }).fill(c.caseId);
    await county.getByRole('searchbox', { name: '案件编号' }).press('Enter');
    const pending = rowOf(county, c.caseId);
    await pending.getByRole('button', { name: '不予批准' }).click();
    const refusal = county.getByRole('dialog');
    await refusal.getByLabel('不予批准的理由').fill('户籍未登记该子女，请先办理户口');
    await submitDialog(refusal, 'size refused');
    await refusal.waitFor({ state: 'hidden' });
    await county.getByText('不予批准：已办理').waitFor();
    // The filters are the API's: the case's 待审批 corrections are none now.
    await county.getByText('没有符合条件的更正记录').waitFor();
    await ui.shot(county, 'corrections-03-refused');
    expect(countyProblems).toEqual([]);

    const [refused] = expectStatus(await get(ui.app, `/v1/corrections?caseId=${c.caseId}`, APPROVER), 200).items as Json[];
    expect(refused).toMatchObject({ status: 'refused', path: 'household.size', before: 3, value: 4 });
    expect(refused!.history.at(-1)).toMatchObject({ action: 'refuse', reason: '户籍未登记该子女，请先办理户口', by: { sub: APPROVER.sub } });
    expect(expectStatus(await get(ui.app, `/v1/cases/${c.caseId}`, CASEWORKER), 200).household.size).toBe(3);
  }, 120_000);
});
