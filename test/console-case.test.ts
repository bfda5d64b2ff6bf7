import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/domain/roles.js';
import { CASEWORKER, WC } from './support/actors.js';
import { actOk, expectStatus, post, type Json } from './support/api.js';
import { choose, pageAs, shot, startConsole, stopConsole, type RunningConsole } from './support/console.js';
import { residentId, useHarness } from './support/harness.js';

// The case page and its print views in a real browser: the household, its eligibility, the type's
// steps, the history in Chinese by name, the 急难型 clock in hours, and 受理回执 / 审批表 / 公示名单.

const h = useHarness('console_case', { app: false });
let c: RunningConsole;
beforeAll(async () => {
  c = await startConsole(h);
}, 180_000);
afterAll(() => stopConsole(c));
const signedIn = (actor: Actor) => pageAs(c.browser, actor);
const STREET = `${WC}001`;
/** Caseworkers whose tokens carry their names, as the development picker's and OIDC's do. */
const ZHANG: Actor = { ...CASEWORKER, name: '张经办' };
const DATE_TIME = /\d{4}年\d{2}月\d{2}日 \d{2}:\d{2}/;

let seq = 500;
const person = (birth: string) => residentId(WC, birth, String(seq++));

/** A family of three registered at intake: the applicant earning 1,500 元, a spouse and a child without income. */
function family(applicant: string) {
  const ids = [person('19800101'), person('19820202'), person('20150505')];
  return {
    ids,
    body: {
      type: 'dibao',
      orgCode: STREET,
      applicant: { name: applicant, idNumber: ids[0], phone: '13900001111' },
      household: {
        members: [
          { name: applicant, idNumber: ids[0], relation: 'self', workAbility: 'full', employed: true, incomes: [{ kind: 'wage', monthlyFen: 150_000 }] },
          { name: '李强', idNumber: ids[1], relation: 'spouse', workAbility: 'partial', employed: false, incomes: [] },
          { name: '王小明', idNumber: ids[2], relation: 'child', workAbility: 'none', employed: false, incomes: [] },
        ],
        assets: { depositsFen: 1_000_000, securitiesFen: 0, vehicles: 0, homes: 1, businessRegistered: false },
      },
      commitments: { economicCheckAuthorized: true, truthfulnessPledged: true },
    },
  };
}

describe('the case page', () => {
  it('shows the household with masked IDs, eligibility with Chinese reasons, the step bar and a timeline by name', async () => {
    const { body, ids } = family('王芳');
    const started = expectStatus(await post(c.app, '/v1/cases', ZHANG, body), 201);
    await actOk(c.app, ZHANG, started.caseId, { action: 'record-economic-check', perCapitaIncomeFen: 50_000, assetsWithinLimits: true });

    const page = await signedIn(ZHANG);
    await page.goto(`${c.base}/cases/${started.caseId}`);
    await page.getByText(started.caseNumber).first().waitFor();

    // Household members: names, relations, work ability, incomes; the IDs masked, never whole.
    const members = page.getByRole('table').filter({ hasText: '与申请人关系' });
    await members.getByRole('cell', { name: '李强' }).waitFor();
    for (const [name, relation, ability] of [
      ['王芳', '本人', '有劳动能力'],
      ['李强', '配偶', '部分丧失劳动能力'],
      ['王小明', '子女', '无劳动能力'],
    ]) {
      const row = members.getByRole('row').filter({ hasText: name! });
      await expect(row.getByRole('cell', { name: relation!, exact: true }).count()).resolves.toBe(1);
      await expect(row.getByRole('cell', { name: ability!, exact: true }).count()).resolves.toBe(1);
    }
    await members.getByRole('cell', { name: '工资性收入 1,500.00 元' }).waitFor();
    const html = await page.content();
    for (const id of ids) {
      expect(html).not.toContain(id);
      expect(html).toContain(`${'*'.repeat(17)}${id.slice(17)}`);
    }

    // Eligibility with its reasons in Chinese (特困: the applicant works and has an income).
    const eligibility = page.getByLabel('资格审核');
    await eligibility.getByText('最低生活保障：符合条件').waitFor();
    await eligibility.getByText('特困人员救助供养：不符合条件').waitFor();
    await eligibility.getByText(/原因：.*有劳动能力/).first().waitFor();

    // The type's steps, the current one being the home visit.
    const steps = page.getByLabel('办理步骤');
    expect(await steps.locator('.ant-steps-item-title').allInnerTexts()).toEqual(['家庭经济状况核对', '入户调查', '公示', '审批决定', '已办结']);
    expect((await steps.locator('.ant-steps-item-process .ant-steps-item-title').innerText()).trim()).toBe('入户调查');

    // The history: in Chinese, by name, the date as YYYY年MM月DD日 HH:mm; no raw codes.
    const timeline = page.getByLabel('办理过程');
    const accept = timeline.getByTestId('history-entry').filter({ hasText: '受理' }).first();
    expect(await accept.innerText()).toMatch(new RegExp(`${DATE_TIME.source} · 街道经办人 张经办`));
    await timeline.getByText(/家庭人均月收入：500\.00 元；财产符合规定：是/).waitFor();
    const timelineText = await timeline.innerText();
    expect(timelineText).not.toMatch(/外部系统|approve|emergency|Fen|department|cw-zhang/);
    expect(await page.getByText('联系电话').count()).toBeGreaterThan(0);
    await shot(page, 'case-01-household');
    await page.context().close();
  });

  it('counts down the 急难型 24 hours in hours and minutes; the 审批表 shows the decision and the signatures', async () => {
    // The window accepts an emergency through the intake form.
    const page = await signedIn(ZHANG);
    await page.goto(`${c.base}/intake`);
    await page.getByLabel('姓名').fill('刘急难');
    await page.getByLabel('身份证号').fill(person('19700303'));
    await page.getByLabel('家庭人口').fill('2');
    await page.getByLabel('家庭月收入（元）').fill('800');
    await page.getByRole('checkbox', { name: '临时救助' }).check();
    await choose(page, '急难型');
    await page.getByLabel('申请金额（元）').fill('1500');
    await page.getByLabel('事由').fill('住房失火');
    await page.getByRole('checkbox', { name: '已签署家庭经济状况核对授权书' }).check();
    await page.getByRole('checkbox', { name: '已签署信息填报真实性承诺书' }).check();
    await page.getByRole('button', { name: '提交受理' }).click();
    await page.getByText('已受理').waitFor();
    const numberCell = page.getByRole('row', { name: /临时救助/ }).getByRole('link', { name: /^420106-\d{4}-\d{6}$/ });
    const caseNumber = (await numberCell.innerText()).trim();

    // 受理回执, from the intake's result: the applicant, the number, the type, when, where, what was received.
    const [receipt] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: '打印受理回执' }).click()]);
    await receipt.getByRole('heading', { name: '社会救助申请受理回执' }).waitFor();
    const receiptText = await receipt.innerText('body');
    expect(receiptText).toContain('刘急难');
    expect(receiptText).toContain(caseNumber);
    expect(receiptText).toContain('临时救助');
    expect(receiptText).toMatch(new RegExp(`受理时间\\s*${DATE_TIME.source}`));
    expect(receiptText).toContain('积玉桥街道');
    expect(receiptText).toContain('家庭经济状况核对授权书');
    expect(receiptText).toContain('申请人承诺书');
    await expectPrintable(receipt);
    await shot(receipt, 'case-02-receipt');
    await receipt.close();

    await numberCell.click();
    const clock = page.getByTestId('emergency-clock');
    expect(await clock.innerText()).toMatch(/^距 24 小时发放时限剩余 \d{1,2} 小时 \d{2} 分钟$/);
    expect(await page.getByText(/个工作日/).count()).toBe(0);
    await page.getByText('申请金额').first().waitFor();
    await page.getByText('1,500.00 元').first().waitFor();
    await page.getByText('住房失火').first().waitFor();
    await shot(page, 'case-03-emergency');

    // Approved (and paid from the reserve) by a named caseworker: the 审批表 shows who decided, and the blanks to sign.
    const caseId = new URL(page.url()).pathname.split('/').pop()!;
    await actOk(c.app, ZHANG, caseId, { action: 'approve', amountFen: 150_000 });
    await page.reload();
    await page.getByText('1,500.00 元').first().waitFor();
    const [approval] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: '打印审批表' }).click()]);
    await approval.getByRole('heading', { name: '临时救助审批表' }).waitFor();
    const approvalText = await approval.innerText('body');
    expect(approvalText).toContain(caseNumber);
    expect(approvalText).toMatch(/决定\s*批准/);
    expect(approvalText).toMatch(/金额\s*1,500\.00 元/);
    expect(approvalText).toMatch(/经办人：街道经办人 张经办\s*日期：\d{4}年\d{2}月\d{2}日/);
    expect(approvalText).toContain('审核人：');
    expect(approvalText).toMatch(/审批人：街道经办人 张经办/);
    expect(await approval.getByLabel('办理步骤').locator('.ant-steps-item-title').allInnerTexts()).toEqual(['街道审批', '发放', '补办材料', '已办结']);
    await expectPrintable(approval);
    await shot(approval, 'case-04-approval-form');
    await page.context().close();
  });

  it('prints a street’s 公示名单 with masked names and no ID number or address', async () => {
    const cases: Json[] = [];
    for (const name of ['陈小红', '周明']) {
      const { body } = family(name);
      const started = expectStatus(await post(c.app, '/v1/cases', ZHANG, { ...body, household: { ...body.household, address: '武昌区积玉桥街道和平大道1号' } }), 201);
      await actOk(c.app, ZHANG, started.caseId, { action: 'record-economic-check', perCapitaIncomeFen: 50_000, assetsWithinLimits: true });
      cases.push(await actOk(c.app, ZHANG, started.caseId, { action: 'record-home-visit', findings: '家庭困难属实' }));
    }
    expect(cases.map((x) => x.step)).toEqual(['publicity', 'publicity']);

    const page = await signedIn(ZHANG);
    await page.goto(`${c.base}/cases/${cases[0]!.caseId}`);
    const [list] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: '打印公示名单' }).click()]);
    await list.getByRole('heading', { name: /社会救助对象公示名单/ }).waitFor();
    await list.getByRole('cell', { name: '陈*红' }).waitFor();
    await list.getByRole('cell', { name: '周*' }).waitFor();
    const text = await list.innerText('body');
    expect(text).not.toContain('陈小红');
    expect(text).not.toContain('周明');
    expect(text).not.toContain('和平大道');
    expect(text).not.toMatch(/\*{10,}[\dX]/); // not even a masked ID
    expect(text).toMatch(/3 人/);
    expect(text).toMatch(/\d{1,3}(,\d{3})*\.\d{2} 元/);
    await expectPrintable(list);
    await shot(list, 'case-05-publicity-list');
    await page.context().close();
  });
});

/** A print view: A4 in its print CSS, its 打印 button hidden on paper, and no console around it. */
async function expectPrintable(page: Page) {
  expect(await page.content()).toContain('size: A4');
  expect(await page.getByRole('menu').count()).toBe(0);
  await page.emulateMedia({ media: 'print' });
  expect(await page.getByRole('button', { name: /打\s?印/ }).isVisible()).toBe(false);
  await page.emulateMedia({ media: 'screen' });
}
