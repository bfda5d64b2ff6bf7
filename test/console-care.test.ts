import { describe, expect, it } from 'vitest';
import { DEV_PEOPLE } from '../src/api/dev-people.js';
import { addCalendarDays, shanghaiDate } from '../src/domain/dates.js';
import type { Actor } from '../src/domain/roles.js';
import { APPROVER, CASEWORKER, SUPERVISOR, WC } from './support/actors.js';
import { approve } from './support/benefits.js';
import { expectStatus, get, post, type Json } from './support/api.js';
import { choose, errorAt, rowOf, submitDialog, useConsole, watch } from './support/console.js';
import { residentId, useHarness } from './support/harness.js';

// The console's 失信名单, 主动发现台账, 走访联系 and the board's care counts in a real browser against the
// running service: a proposal, its confirmation by a second 民政 approver (four eyes), an appeal from the
// street, a rejection and a removal, a refusal shown at its field in Chinese; a discovery reported, visited,
// another closed, one referred, one invited to apply through the prefilled one-door form, the overdue
// filter; a contact recorded on 走访联系 leaving the overdue list; the supervisor's board counting the
// overdue discovery — each step through the page's forms, read back from the API, with no console error.

const h = useHarness('console-care', { app: false });
const ui = useConsole(h, 'care');

/** The county's 民政 approver the development sign-in offers: not APPROVER, who proposes. */
const SECOND: Actor = (() => {
  const p = DEV_PEOPLE.find((d) => d.role === 'approver' && d.org === WC && d.dept === 'minzheng');
  if (!p) throw new Error('no 民政 approver of 武昌区 among the development people');
  return p;
})();

const ID = residentId('420106', '19750312', '418');
/** The entry the first test lists and the street appeals: the next removes it. */
let appealedId = '';

describe('失信名单', () => {
  it('an approver proposes (a blank evidence refused at its field), a second 民政 approver confirms, the street appeals', async () => {
    expect(SECOND.sub).not.toBe(APPROVER.sub);
    const page = await ui.pageAs(APPROVER);
    const problems = watch(page);
    await page.goto(`${ui.base}/dishonesty`);
    await page.getByText('没有符合条件的失信名单条目').waitFor();

    await page.getByRole('button', { name: '提出失信名单' }).click();
    const dialog = page.getByRole('dialog');
    await choose(dialog, '个人');
    await dialog.getByLabel('身份证号').fill(ID);
    await choose(dialog, '瞒报收入');
    await dialog.getByLabel('失信事实及证据').fill('   ');
    await submitDialog(dialog, '', /提\s?交/);
    // The API's 400 names `evidence`: shown under its field, in Chinese.
    await errorAt(dialog, '失信事实及证据').getByText('不能为空').waitFor();
    await ui.shot(page, 'care-01-proposal-refused');
    expect(problems).toEqual(['400 POST /v1/dishonesty-entries']);
    problems.length = 0;
    await dialog.getByLabel('失信事实及证据').fill('经核查银行流水，申请时隐瞒个体经营收入每月约 3000 元；流水存于案卷');
    await submitDialog(dialog, '', /提\s?交/);
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('已提出，待民政部门确认').waitFor();
    const row = rowOf(page, '瞒报收入');
    await row.getByText('待确认').waitFor();
    // Four eyes: the proposer decides nothing of its own proposal.
    expect(await row.getByRole('button').count()).toBe(0);
    const listed = expectStatus(await get(ui.app, '/v1/dishonesty-entries?status=proposed', APPROVER), 200);
    expect(listed.items).toHaveLength(1);
    const entryId = listed.items[0].entryId as string;
    expect(listed.items[0].subject.idNumberMasked).not.toContain(ID.slice(6, 14));
    expect(problems).toEqual([]);

    // The county's other 民政 approver confirms it: listed for the policy's period from today.
    const second = await ui.pageAs(SECOND);
    const secondProblems = watch(second);
    await second.goto(`${ui.base}/dishonesty`);
    await second.getByRole('combobox', { name: '状态' }).click();
    await second.getByTitle('待确认', { exact: true }).click();
    await rowOf(second, '瞒报收入').getByRole('button', { name: '确认列入' }).click();
    const confirm = second.getByRole('dialog');
    await confirm.getByLabel('列入期限至').waitFor();
    await submitDialog(confirm, '', /提\s?交/);
    await confirm.waitFor({ state: 'hidden' });
    await second.getByText('确认列入：已办理').waitFor();
    const confirmed = expectStatus(await get(ui.app, `/v1/dishonesty-entries/${entryId}`, SECOND), 200);
    expect(confirmed).toMatchObject({ status: 'listed', listedNow: true, startDate: shanghaiDate(Date.now()) });
    expect(confirmed.history.map((s: Json) => [s.action, s.by.sub])).toEqual([
      ['propose', APPROVER.sub],
      ['confirm', SECOND.sub],
    ]);
    // The filter is the API's: 待确认 now lists nothing; 已列入 the entry.
    await second.getByText('没有符合条件的失信名单条目').waitFor();
    await ui.shot(second, 'care-02-confirmed');
    expect(secondProblems).toEqual([]);

    // The street's caseworker appeals: its only action on a listed entry.
    const street = await ui.pageAs(CASEWORKER);
    const streetProblems = watch(street);
    await street.goto(`${ui.base}/dishonesty`);
    const listedRow = rowOf(street, '瞒报收入');
    await listedRow.getByText('已列入').waitFor();
    expect(await listedRow.getByRole('button').allTextContents()).toEqual(['提出申诉']);
    expect(await street.getByRole('button', { name: '提出失信名单' }).count()).toBe(0);
    await listedRow.getByRole('button', { name: '提出申诉' }).click();
    const appeal = street.getByRole('dialog');
    await appeal.getByLabel('申诉理由').fill('本人提交了经营亏损的账簿，收入系误算');
    await submitDialog(appeal, '', /提\s?交/);
    await appeal.waitFor({ state: 'hidden' });
    await listedRow.getByText('申诉中').waitFor();
    await ui.shot(street, 'care-03-appealed');
    const appealed = expectStatus(await get(ui.app, `/v1/dishonesty-entries/${entryId}`, CASEWORKER), 200);
    expect(appealed).toMatchObject({ status: 'appealed', listedNow: true, allowedActions: [] });
    appealedId = entryId;
    expect(appealed.history.at(-1)).toMatchObject({ action: 'appeal', reason: '本人提交了经营亏损的账簿，收入系误算', by: { sub: CASEWORKER.sub } });
    expect(streetProblems).toEqual([]);
  });

  it('the second 民政 approver rejects another proposal and, the appeal upheld, removes the listed entry', async () => {
    expect(appealedId).not.toBe('');
    const other = expectStatus(
      await post(ui.app, '/v1/dishonesty-entries', APPROVER, { subject: { kind: 'person', idNumber: residentId('420106', '19800101', '512') }, kind: 'false-documents', evidence: '提交的收入证明与单位记录不符' }),
      201,
    );
    const page = await ui.pageAs(SECOND);
    const problems = watch(page);
    await page.goto(`${ui.base}/dishonesty`);

    // 不予列入: the reason through the form; the entry ends there.
    const proposed = rowOf(page, '提供虚假材料');
    await proposed.getByText('待确认').waitFor();
    await proposed.getByRole('button', { name: '不予列入' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('不予列入的理由').fill('经复核，收入证明系单位开具错误，已更正');
    await submitDialog(dialog, '', /提\s?交/);
    await dialog.waitFor({ state: 'hidden' });
    // The row's 不予列入 button matches that text too, so its buttons going is what shows the refreshed row;
    // then the status reads 不予列入.
    await expect.poll(() => proposed.getByRole('button').count(), { timeout: 20_000 }).toBe(0);
    await proposed.getByText('不予列入', { exact: true }).waitFor();

    // 移出名单: the appealed entry, its appeal upheld.
    const appealedRow = rowOf(page, '瞒报收入');
    await appealedRow.getByText('申诉中').waitFor();
    await appealedRow.getByRole('button', { name: '移出名单' }).click();
    await dialog.getByLabel('移出理由').fill('申诉成立：经营亏损账簿属实，收入系误算');
    await submitDialog(dialog, '', /提\s?交/);
    await dialog.waitFor({ state: 'hidden' });
    await appealedRow.getByText('已移出').waitFor();
    await ui.shot(page, 'care-07-rejected-removed');

    const rejected = expectStatus(await get(ui.app, `/v1/dishonesty-entries/${other.entryId}`, SECOND), 200);
    expect(rejected).toMatchObject({ status: 'rejected', listedNow: false, allowedActions: [] });
    expect(rejected.history.at(-1)).toMatchObject({ action: 'reject', reason: '经复核，收入证明系单位开具错误，已更正', by: { sub: SECOND.sub } });
    const removed = expectStatus(await get(ui.app, `/v1/dishonesty-entries/${appealedId}`, SECOND), 200);
    expect(removed).toMatchObject({ status: 'removed', listedNow: false });
    expect(removed.history.map((st: Json) => st.action)).toEqual(['propose', 'confirm', 'appeal', 'remove']);
    expect(problems).toEqual([]);
  });
});

describe('主动发现台账', () => {
  it('a caseworker reports a discovery, visits it, closes another; the overdue filter shows only the one past its visit date', async () => {
    // One found a month ago and never visited: overdue.
    const old = expectStatus(
      await post(ui.app, '/v1/discoveries', CASEWORKER, { source: 'department-match', orgCode: CASEWORKER.org, person: { name: '钱久候' }, address: '积玉桥街道和平大道 8 号', situation: '低收入比对命中', foundOn: addCalendarDays(shanghaiDate(Date.now()), -30) }),
      201,
    );
    expect(old.overdue).toBe(true);

    const page = await ui.pageAs(CASEWORKER);
    const problems = watch(page);
    await page.goto(`${ui.base}/discoveries`);
    await rowOf(page, '钱久候').getByText('逾期', { exact: true }).waitFor();

    // 登记: through the form, the visit due in the policy's working days.
    await page.getByRole('button', { name: /^登\s?记$/ }).click();
    const dialog = page.getByRole('dialog');
    await choose(dialog, '网格员');
    await dialog.getByLabel('姓名').fill('孙独居');
    await dialog.getByLabel('住址').fill('积玉桥街道临江社区 3 栋 201');
    await dialog.getByLabel('困难情况').fill('独居老人，行动不便，无固定收入');
    await submitDialog(dialog, '', /提\s?交/);
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText(/已登记，请于 .* 前入户走访/).waitFor();
    const reported = rowOf(page, '孙独居');
    await reported.getByText('待走访', { exact: true }).waitFor();

    // 入户走访.
    await reported.getByRole('button', { name: '入户走访' }).click();
    await dialog.getByLabel('走访情况').fill('本人独居，月养老金 800 元，符合低保申请条件，已告知申请渠道');
    await submitDialog(dialog, '', /提\s?交/);
    await dialog.waitFor({ state: 'hidden' });
    await reported.getByText('已走访', { exact: true }).waitFor();
    expect(await reported.getByRole('button').allTextContents()).toEqual(['引导申请', '办 结', '转 介']);
    await ui.shot(page, 'care-04-visited');

    // 办结 the overdue one: no longer overdue, and the 逾期 filter then lists nothing.
    await rowOf(page, '钱久候').getByRole('button', { name: /^办\s?结$/ }).click();
    await dialog.getByLabel('办结理由').fill('经核实已由子女接回赡养');
    await submitDialog(dialog, '', /提\s?交/);
    await dialog.waitFor({ state: 'hidden' });
    await rowOf(page, '钱久候').getByText('已办结').waitFor();

    const list = expectStatus(await get(ui.app, `/v1/discoveries?orgCode=${CASEWORKER.org}`, CASEWORKER), 200);
    const byName = Object.fromEntries(list.items.map((d: Json) => [d.person.name, d]));
    expect(byName['孙独居']).toMatchObject({ source: 'grid', status: 'visited', visitedOn: shanghaiDate(Date.now()), findings: '本人独居，月养老金 800 元，符合低保申请条件，已告知申请渠道', overdue: false });
    expect(byName['钱久候']).toMatchObject({ status: 'closed', outcome: '经核实已由子女接回赡养', overdue: false });

    // The overdue filter: one more, reported overdue, is the only row it shows.
    expectStatus(await post(ui.app, '/v1/discoveries', CASEWORKER, { source: 'hotline', orgCode: CASEWORKER.org, person: { name: '周未访' }, address: '积玉桥街道 5 号', situation: '热线来电', foundOn: addCalendarDays(shanghaiDate(Date.now()), -30) }), 201);
    await page.reload();
    await rowOf(page, '周未访').waitFor();
    await page.getByRole('checkbox', { name: '只看逾期未走访' }).check();
    await page.getByText('共 1 条').waitFor();
    await rowOf(page, '周未访').getByText('逾期', { exact: true }).waitFor();
    expect(await rowOf(page, '孙独居').count()).toBe(0);
    await ui.shot(page, 'care-05-overdue');
    expect(problems).toEqual([]);
  });

  it('the county’s 民政 approver reads every street’s ledger but reports and acts on nothing; it opens the year’s 摸底排查', async () => {
    const page = await ui.pageAs(APPROVER);
    const problems = watch(page);
    await page.goto(`${ui.base}/discoveries`);
    await rowOf(page, '孙独居').getByText('已走访', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: /^登\s?记$/ }).count()).toBe(0);
    expect(await rowOf(page, '孙独居').getByRole('button').count()).toBe(0);
    // Another county's ledger is not the approver's: the API says so.
    expect((await get(ui.app, '/v1/discoveries?orgCode=510121001', APPROVER)).statusCode).toBe(403);
    expect(problems).toEqual([]);

    // 摸底排查: a year not opened says so in words; this year's, opened here, counts the street's discoveries.
    const year = Number(shanghaiDate(Date.now()).slice(0, 4));
    await page.getByLabel('年度').fill(String(year - 1));
    await page.getByRole('button', { name: '查看台账' }).click();
    await page.getByText(`${year - 1} 年尚未开展摸底排查`).waitFor();
    expect(problems).toEqual([`404 GET /v1/campaigns/campaign-${WC}-${year - 1}`]);
    problems.length = 0;
    await page.getByLabel('年度').fill(String(year));
    await page.getByRole('button', { name: '开展摸底排查' }).click();
    await page.getByText(`${year} 年摸底排查已开展，已通知各街道`).waitFor();
    const ledger = expectStatus(await get(ui.app, `/v1/campaigns/campaign-${WC}-${year}`, APPROVER), 200);
    expect(ledger.totals.discovered).toBeGreaterThanOrEqual(2);
    await page.getByText(`${year} 年：发现 ${ledger.totals.discovered} 人，已走访 ${ledger.totals.visited} 人`).waitFor();
    await page.locator('.ant-table-row', { hasText: `${WC}001` }).first().waitFor();
    await ui.shot(page, 'care-06-campaign');
    // Opened once a year: the second time is the API's 409, in Chinese.
    await page.getByRole('button', { name: '开展摸底排查' }).click();
    await page.getByText(/开展失败：.*摸底排查已开展/).waitFor();
    expect(problems).toEqual(['409 POST /v1/campaigns']);
  });

  it('the street’s caseworker pushes its list of the year to the county (a year not opened is said in words); the county’s ledger shows when', async () => {
    const year = Number(shanghaiDate(Date.now()).slice(0, 4));
    const page = await ui.pageAs(CASEWORKER);
    const problems = watch(page);
    await page.goto(`${ui.base}/discoveries`);
    const card = page.locator('.ant-card', { hasText: '摸底排查名单推送' });
    await card.getByLabel('推送年度').fill(String(year - 1));
    await card.getByRole('button', { name: '向区县推送本街道名单' }).click();
    await card.getByText(`区县尚未开展 ${year - 1} 年摸底排查，暂不能推送`).waitFor();
    expect(problems).toEqual([`404 POST /v1/campaigns/campaign-${WC}-${year - 1}/pushes`]);
    problems.length = 0;

    const ledger = expectStatus(await get(ui.app, `/v1/campaigns/campaign-${WC}-${year}`, APPROVER), 200);
    const street = (ledger.streets as Json[]).find((s) => s.orgCode === `${WC}001`)!;
    await card.getByLabel('推送年度').fill(String(year));
    await card.getByRole('button', { name: '向区县推送本街道名单' }).click();
    await page.getByText(`已向区县推送 ${year} 年名单：发现 ${street.discovered} 人，已走访 ${street.visited} 人`).waitFor();
    await ui.shot(page, 'care-07-campaign-pushed');
    expect(problems).toEqual([]);

    const pushed = (expectStatus(await get(ui.app, `/v1/campaigns/campaign-${WC}-${year}`, APPROVER), 200).streets as Json[]).find((s) => s.orgCode === `${WC}001`)!;
    expect(pushed.pushedAt).toEqual(expect.any(String));
    const inbox = expectStatus(await get(ui.app, '/v1/notifications', APPROVER), 200);
    expect((inbox.items as Json[]).some((n) => n.kind === 'campaign-push' && String(n.message).includes(`${year} 年摸底排查名单已推送`))).toBe(true);
    // The county's page shows the street's push where it showed 未推送.
    const county = await ui.pageAs(APPROVER);
    await county.goto(`${ui.base}/discoveries`);
    await county.getByLabel('年度').fill(String(year));
    await county.getByRole('button', { name: '查看台账' }).click();
    const row = county.locator('.ant-table-row', { hasText: `${WC}001` }).last();
    await row.waitFor();
    expect(await row.textContent()).not.toContain('未推送');
  });

  it('a caseworker visits one and refers it, visits another and invites it: the invitation is the one-door application, prefilled', async () => {
    for (const name of ['冯转介', '吴引导']) {
      expectStatus(await post(ui.app, '/v1/discoveries', CASEWORKER, { source: 'visit', orgCode: CASEWORKER.org, person: { name }, address: `积玉桥街道${name}家`, situation: '走访发现生活困难' }), 201);
    }
    const page = await ui.pageAs(CASEWORKER);
    const problems = watch(page);
    await page.goto(`${ui.base}/discoveries`);
    const dialog = page.getByRole('dialog');
    const visit = async (name: string) => {
      await rowOf(page, name).getByRole('button', { name: '入户走访' }).click();
      await dialog.getByLabel('走访情况').fill(`${name}：已入户核实，家庭收入低于当地低保标准`);
      await submitDialog(dialog, '', /提\s?交/);
      await dialog.waitFor({ state: 'hidden' });
      await rowOf(page, name).getByText('已走访', { exact: true }).waitFor();
    };

    // 转介: to another body, with a note.
    await visit('冯转介');
    await rowOf(page, '冯转介').getByRole('button', { name: /^转\s?介$/ }).click();
    await dialog.getByLabel('转介单位').fill('武昌区残疾人联合会');
    await dialog.getByLabel('转介说明').fill('肢体残疾，申请残疾人两项补贴');
    await submitDialog(dialog, '', /提\s?交/);
    await dialog.waitFor({ state: 'hidden' });
    await rowOf(page, '冯转介').getByText('已转介', { exact: true }).waitFor();
    await rowOf(page, '冯转介').getByText('武昌区残疾人联合会').waitFor();

    // 引导申请: the 受理 form opens with the person's name and address; the caseworker completes it with them.
    await visit('吴引导');
    await rowOf(page, '吴引导').getByRole('button', { name: '引导申请' }).click();
    await page.getByText('引导申请：吴引导（主动发现）').waitFor();
    expect(await page.getByLabel('姓名').inputValue()).toBe('吴引导');
    expect(await page.getByLabel('住址').inputValue()).toBe('积玉桥街道吴引导家');
    await page.getByLabel('身份证号').fill(residentId('420106', '19600606', '606'));
    await page.getByLabel('家庭月收入（元）').fill('400');
    await page.getByRole('checkbox', { name: '已签署家庭经济状况核对授权书' }).check();
    await page.getByRole('checkbox', { name: '已签署信息填报真实性承诺书' }).check();
    await page.getByRole('button', { name: '提交受理' }).click();
    await page.getByText('已引导 吴引导 申请并受理').waitFor();
    await page.getByRole('cell', { name: '民政', exact: true }).first().waitFor();
    await ui.shot(page, 'care-08-invited');
    await page.getByRole('button', { name: '返回主动发现台账' }).click();
    await rowOf(page, '吴引导').getByText('已引导申请', { exact: true }).waitFor();

    const list = expectStatus(await get(ui.app, `/v1/discoveries?orgCode=${CASEWORKER.org}`, CASEWORKER), 200);
    const byName = Object.fromEntries(list.items.map((d: Json) => [d.person.name, d]));
    expect(byName['冯转介']).toMatchObject({ status: 'referred', outcome: '武昌区残疾人联合会' });
    expect(byName['冯转介'].history.at(-1)).toMatchObject({ action: 'refer', note: '武昌区残疾人联合会：肢体残疾，申请残疾人两项补贴' });
    expect(byName['吴引导']).toMatchObject({ status: 'invited', applicationId: expect.any(String) });
    const application = expectStatus(await get(ui.app, `/v1/applications/${byName['吴引导'].applicationId}`, CASEWORKER), 200);
    expect(application.cases.map((c: Json) => c.type)).toEqual(['dibao']);
    expect(problems).toEqual([]);
  });
});

describe('走访联系 and the board', () => {
  it('a caseworker records a contact on 走访联系 and it leaves the overdue list; the supervisor’s board counts the overdue discovery', async () => {
    const late = await approve(h, 'dibao', { monthlyAmountFen: 60_000 }, { applicant: { name: '郑久未联系', idNumberMasked: '420106********1237', idHash: 'hash-console-care-contact' } });
    expectStatus(await post(ui.app, `/v1/benefits/${late.benefitId}/contacts`, CASEWORKER, { on: addCalendarDays(shanghaiDate(Date.now()), -40), kind: 'call', findings: '电话联系，本人外出' }), 201);

    const page = await ui.pageAs(CASEWORKER);
    const problems = watch(page);
    await page.goto(`${ui.base}/contacts`);
    await page.getByText('已逾期', { exact: true }).click();
    const row = rowOf(page, '郑久未联系');
    await row.getByText('逾期', { exact: true }).waitFor();
    await row.getByRole('button', { name: '记录联系' }).click();
    const dialog = page.getByRole('dialog');
    const date = dialog.getByLabel('联系日期');
    await date.fill(shanghaiDate(Date.now()));
    await date.press('Tab');
    await choose(dialog, '入户走访');
    await dialog.getByLabel('联系情况').fill('入户走访，本人已返家，生活基本正常');
    await submitDialog(dialog, '', /提\s?交/);
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('联系已登记').waitFor();
    await row.waitFor({ state: 'detached' });
    // Among those due within 30 days it is there again, due in thirty days, not overdue.
    await page.getByText('30 天内到期', { exact: true }).click();
    const due = addCalendarDays(shanghaiDate(Date.now()), 30);
    await row.getByText(`${due.slice(0, 4)}年${due.slice(5, 7)}月${due.slice(8, 10)}日`).waitFor();
    expect(await row.getByText('逾期', { exact: true }).count()).toBe(0);
    await ui.shot(page, 'care-09-contacted');
    const benefit = expectStatus(await get(ui.app, `/v1/benefits/${late.benefitId}`, CASEWORKER), 200);
    expect(benefit.contact).toMatchObject({ lastOn: shanghaiDate(Date.now()), overdue: false });
    expect(benefit.contacts[0]).toMatchObject({ kind: 'visit', findings: '入户走访，本人已返家，生活基本正常' });
    expect((expectStatus(await get(ui.app, '/v1/benefits?contactOverdue=true', CASEWORKER), 200).items as Json[]).map((b) => b.benefitId)).not.toContain(late.benefitId);
    expect(problems).toEqual([]);

    // The board: 周未访 (reported a month ago, never visited) counts among the overdue discoveries.
    const sla = expectStatus(await get(ui.app, '/v1/stats/sla', SUPERVISOR), 200);
    const overdue = (sla.care as Json[]).reduce((n, c) => n + (c.discoveriesOverdue as number), 0);
    expect(overdue).toBeGreaterThanOrEqual(1);
    expect(sla.care).toContainEqual(expect.objectContaining({ orgCode: CASEWORKER.org, discoveriesOverdue: overdue }));
    const board = await ui.pageAs(SUPERVISOR);
    const boardProblems = watch(board);
    await board.goto(`${ui.base}/board`);
    const card = board.getByLabel(`逾期未走访：${overdue}`);
    await card.waitFor();
    await board.getByLabel('逾期未联系：0').waitFor();
    await ui.shot(board, 'care-10-board');
    await card.click();
    await board.getByRole('checkbox', { name: '只看逾期未走访' }).check();
    await rowOf(board, '周未访').getByText('逾期', { exact: true }).waitFor();
    expect(boardProblems).toEqual([]);
  });
});
