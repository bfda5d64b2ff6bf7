import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/domain/roles.js';
import { SUPERVISOR, SYSTEM, WC, member } from './support/actors.js';
import { act, expectStatus, get, post } from './support/api.js';
import { startTemporaryCase } from './support/cases.js';
import { ARTIFACTS, WEB, choose, startConsole } from './support/console.js';
import { DAY, eventually, residentId, tokenFor, useHarness } from './support/harness.js';

// The console (web/) in a real browser against a real running service (support/console.ts).

const h = useHarness('console', { app: false });
let app: FastifyInstance;
let base: string;
let browser: Browser;

beforeAll(async () => {
  ({ app, base, browser } = await startConsole(h, { temporalUiUrl: 'http://localhost:8233' }));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** A fresh page signed in as `actor` (the token in session storage, as the sign-in page leaves it). */
async function pageAs(actor: Actor | null, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  if (actor) await context.addInitScript({ content: `sessionStorage.setItem('jiuzhu.token', ${JSON.stringify(tokenFor(actor))})` });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });

/**
 * The bundle-size budget, gzipped: what the first screen loads (the entry, its preloads and CSS) at most
 * 350 KB; no single chunk over 200 KB (ECharts is the largest, loaded by the board alone); all of it at
 * most 1 MB. Each page is its own chunk (React.lazy).
 */
const BUDGET_KB = { initial: 350, chunk: 200, total: 1024 };

describe('the console’s bundle', () => {
  it('stays within its budget, with each page split off', () => {
    const dist = resolve(WEB, 'dist');
    const gz = (file: string) => gzipSync(readFileSync(resolve(dist, file.replace(/^\//, '')))).length / 1024;
    const html = readFileSync(resolve(dist, 'index.html'), 'utf8');
    const initial = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1] as string);
    const assets = readdirSync(resolve(dist, 'assets')).filter((f) => /\.(js|css)$/.test(f));
    const sizes = assets.map((f) => ({ f, kb: gz(`assets/${f}`) }));
    const initialKb = initial.reduce((sum, f) => sum + gz(f), 0);
    const totalKb = sizes.reduce((sum, s) => sum + s.kb, 0);
    console.log(`console bundle (gzip): first screen ${initialKb.toFixed(1)} KB, largest chunk ${Math.max(...sizes.map((s) => s.kb)).toFixed(1)} KB, total ${totalKb.toFixed(1)} KB in ${assets.length} files`);
    expect(initialKb).toBeLessThan(BUDGET_KB.initial);
    for (const s of sizes) expect(s.kb, s.f).toBeLessThan(BUDGET_KB.chunk);
    expect(totalKb).toBeLessThan(BUDGET_KB.total);
    for (const page of ['SignIn', 'Queue', 'CaseDetail', 'Intake', 'Board', 'Reserves', 'Deliberations', 'Messages', 'Audit']) {
      expect(assets.some((f) => f.startsWith(`${page}-`)), page).toBe(true);
    }
    // The board's charts are not on the first screen.
    expect(initial.some((f) => f.includes('echarts'))).toBe(false);
    // Nor are the action forms (react-jsonschema-form and its validator): their own chunk, loaded when one opens.
    expect(assets.some((f) => f.startsWith('ActionForm-'))).toBe(true);
    expect(initial.some((f) => f.includes('ActionForm'))).toBe(false);
  });
});

describe('the console in a browser', () => {
  it('serves the console at / and keeps the API’s 404s as JSON', async () => {
    const index = await app.inject({ method: 'GET', url: '/cases/anything' });
    expect(index.headers['content-type']).toMatch(/text\/html/);
    expect((await get(app, '/v1/nothing-here', null)).statusCode).toBe(404);
    expect((await get(app, '/v1/nothing-here', null)).json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('a caseworker signs in, files an application, sees its cases, and a 400 shows at its field', async () => {
    const page = await pageAs(null);
    await page.goto(base);
    await page.getByRole('button', { name: '登 录' }).or(page.getByRole('button', { name: '登录' })).waitFor();
    await shot(page, '01-sign-in');
    // The picker's defaults: a caseworker of 武昌区 积玉桥街道 (420106001).
    await page.getByRole('button', { name: /登\s?录/ }).click();
    await page.getByText('暂无待办案件').or(page.getByRole('table')).first().waitFor();

    await page.getByRole('link', { name: '受理' }).click();
    await page.getByLabel('姓名').fill('王秀英');
    await page.getByLabel('身份证号').fill(residentId('420106', '19520318', '624'));
    await page.getByLabel('家庭月收入（元）').fill('350.5');
    await page.getByRole('checkbox', { name: '教育救助' }).check();
    await page.getByLabel('学生姓名').fill('王小明');
    await page.getByLabel('学校').fill('武昌区积玉桥小学');
    await page.getByRole('checkbox', { name: '已签署家庭经济状况核对授权书' }).check();
    await page.getByRole('checkbox', { name: '已签署信息填报真实性承诺书' }).check();
    await shot(page, '02-intake');
    await page.getByRole('button', { name: '提交受理' }).click();
    await page.getByText('已受理').waitFor();
    await page.getByRole('cell', { name: '民政', exact: true }).first().waitFor();
    await page.getByRole('cell', { name: '教育', exact: true }).waitFor();
    await shot(page, '03-intake-opened');

    // Its cases are in the work queue, soonest due first.
    await page.getByRole('link', { name: '我的待办' }).click();
    await page.getByRole('link', { name: '王秀英' }).first().waitFor();
    await shot(page, '04-work-queue');

    // The 低保 case: the economic check, then a home visit whose findings are blank to the server.
    await page.getByRole('row', { name: /最低生活保障/ }).getByRole('link', { name: '王秀英' }).click();
    await page.getByRole('button', { name: '录入经济状况核对' }).click();
    const dialog = page.getByRole('dialog');
    // Money typed in 元 (the form sends 分); the declaration names the fields.
    await dialog.getByLabel('家庭人均月收入').fill('350.5');
    await choose(dialog.locator('#root_assetsWithinLimits'), '是');
    await dialog.getByRole('button', { name: /提\s?交/ }).click();
    await page.getByRole('button', { name: '录入入户调查' }).click();
    await dialog.getByLabel('调查情况').fill('   ');
    await dialog.getByRole('button', { name: /提\s?交/ }).click();
    // The API's 400 names `findings`: the message shows under that field.
    const fieldError = dialog.locator('.ant-form-item-has-error').filter({ has: page.getByLabel('调查情况') });
    await fieldError.getByText('不能为空').waitFor();
    await shot(page, '05-field-error');
    await dialog.getByLabel('调查情况').fill('独居老人，无固定收入，房屋简陋');
    await dialog.getByRole('button', { name: /提\s?交/ }).click();
    await page.getByText('公示开始', { exact: true }).waitFor();
    await page.getByText('入户调查', { exact: false }).first().waitFor();
    await shot(page, '06-case-detail');
    await page.context().close();
  });

  it('a supervisor sees an imported overdue case on the board and opens it', async () => {
    const imported = expectStatus(
      await post(app, '/v1/cases', SYSTEM, {
        type: 'dibao',
        orgCode: `${WC}002`,
        acceptedAt: new Date(Date.now() - 60 * DAY).toISOString(),
        applicant: { name: '赵六', idNumber: residentId('420106', '19491231', '002') },
        household: { size: 2, monthlyIncomeFen: 40_000 },
      }),
      201,
    );
    await eventually(async () => expect(expectStatus(await get(app, `/v1/cases/${imported.caseId}`, SUPERVISOR), 200).overdue).toBe(true));

    const page = await pageAs(SUPERVISOR);
    await page.goto(`${base}/board`);
    const overdueCard = page.getByRole('link', { name: /已超期：[1-9]/ });
    await overdueCard.waitFor();
    await page.locator('canvas').first().waitFor();
    await page.waitForTimeout(800); // the charts' entry animation
    // The README's picture is this file, copied to docs/ by hand when the board changes.
    await shot(page, '07-supervisor-board');

    await overdueCard.click();
    await page.getByRole('link', { name: '赵六' }).click();
    await page.getByText('已超期').first().waitFor();
    await page.getByRole('link', { name: /Temporal 工作流/ }).waitFor();
    expect(await page.getByRole('link', { name: /Temporal 工作流/ }).getAttribute('href')).toBe(`http://localhost:8233/namespaces/default/workflows/${imported.caseId}`);
    await shot(page, '08-overdue-case');

    await page.getByRole('link', { name: '审计记录' }).click();
    await page.getByRole('cell', { name: '已超期' }).first().waitFor();
    await shot(page, '09-audit');

    await page.getByRole('link', { name: '备用金' }).click();
    await page.getByText('各街道').waitFor();
    await shot(page, '10-reserves');

    await page.getByRole('link', { name: /消息/ }).click();
    await page.getByText('超期').first().waitFor();
    await shot(page, '11-messages');

    // A phone-width screen: the menu folds away, the content stays usable.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/cases/${imported.caseId}`);
    await page.getByText('赵六').first().waitFor();
    await shot(page, '12-phone-case');
    await page.context().close();
  });

  it('a committee member votes on a 一事一议', async () => {
    const street = `${WC}003`;
    const c = await startTemporaryCase(app, street, { kind: 'expense', amountFen: 900_000, reason: '大病医疗支出，分期救助' });
    expectStatus(await act(app, { role: 'caseworker', org: street }, c.caseId, { action: 'escalate', reason: '重病致贫，超出常规救助标准', proposedAmountFen: 800_000 }), 200);

    const page = await pageAs(member(WC, 1));
    await page.goto(base);
    await page.getByRole('button', { name: '去表决' }).click();
    await page.getByText('重病致贫，超出常规救助标准').first().waitFor();
    await choose(page, '赞成');
    await page.getByLabel('支持金额（元）').fill('7500');
    await page.getByLabel('理由').fill('情况属实，同意救助');
    await shot(page, '13-ballot');
    await page.getByRole('button', { name: '提交表决' }).click();
    await page.getByText(/您已投票：赞成/).waitFor();
    await page.getByRole('cell', { name: '7,500.00 元' }).waitFor();
    await shot(page, '14-ballot-voted');
    await page.context().close();
  });
});
