import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api/errors.js';
import { languageOf } from '../src/api/language.js';
import { executeUpdate } from '../src/api/workflow-calls.js';
import { CATALOGUE_ENTRIES, msg, render } from '../src/domain/catalogue.js';
import { formatFen } from '../src/domain/money.js';
import { caseActionUpdate } from '../src/workflows/messages.js';
import { CASEWORKER, JT, WC, cw } from './support/actors.js';
import { json, type Json, type Who } from './support/api.js';
import { startCase, startTemporaryCase } from './support/cases.js';
import { DAY, bearer, eventually, residentId, useHarness } from './support/harness.js';

// Every message a person reads is Chinese by default and English with `Accept-Language: en`; the
// code and the fields at fault never change with the language. One representative of each kind of
// error: zod's own, ours at a field, a role refused, an id unknown, a wrong step (the API's and the
// workflow validator's), a domain rule with params, and no token at all.

const h = useHarness('messages');

const COMMITTEE: Who = { sub: 'committee-1', role: 'committee', org: WC };

const CJK = /[\u4e00-\u9fff]/;
/** Three English words in a row: a sentence, not a field path or a code inside Chinese text. */
const ENGLISH_SENTENCE = /[A-Za-z]{2,}[ ,']+[A-Za-z]{2,}[ ,']+[A-Za-z]{2,}/;

const dibao = (overrides: Json = {}) => ({
  type: 'dibao',
  orgCode: '420106001',
  applicant: { name: '李四', idNumber: residentId('420106', '19750312', '217') },
  household: { size: 3, monthlyIncomeFen: 90_000 },
  ...overrides,
});

type Send = (headers: Record<string, string>) => Promise<LightMyRequestResponse>;
const as = (who: Who | null, headers: Record<string, string>) => ({ ...(who ? bearer(who) : {}), ...headers });
const postAs = (who: Who | null, url: string, payload: unknown): Send => (headers) => h.app.inject({ method: 'POST', url, payload: payload as object, headers: as(who, headers) });
const getAs = (who: Who | null, url: string): Send => (headers) => h.app.inject({ method: 'GET', url, headers: as(who, headers) });

/** Each text of an error body: its message and every detail's. */
const textsOf = (error: Json): string[] => [error.message, ...(Array.isArray(error.details) ? error.details.map((d: Json) => d.message).filter((m: unknown) => typeof m === 'string') : [])];
const pathsOf = (error: Json) => (Array.isArray(error.details) ? error.details.map((d: Json) => d.path) : []);

/** The same request in both languages: the same status, code and paths; Chinese by default, English when asked. */
async function inBothLanguages(send: Send, status: number, code: string): Promise<{ zh: Json; en: Json }> {
  const [byDefault, zhCN, en] = [await send({}), await send({ 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' }), await send({ 'accept-language': 'en' })];
  for (const res of [byDefault, zhCN, en]) {
    expect(res.statusCode, res.body).toBe(status);
    expect(json(res).error.code).toBe(code);
  }
  const zh = json(byDefault).error as Json;
  const english = json(en).error as Json;
  expect(json(zhCN).error).toEqual(zh);
  expect(pathsOf(english)).toEqual(pathsOf(zh));
  for (const text of textsOf(zh)) {
    expect(text, text).toMatch(CJK);
    expect(text, text).not.toMatch(ENGLISH_SENTENCE);
  }
  for (const text of textsOf(english)) expect(text, text).toMatch(/[A-Za-z]{2,} [A-Za-z]{2,}/);
  expect(english.message).not.toBe(zh.message);
  return { zh, en: english };
}

describe('error messages in the caller’s language', () => {
  it('zod’s own problem, at its field (zod’s zh-CN and en locales)', async () => {
    const { zh, en } = await inBothLanguages(postAs(CASEWORKER, '/v1/cases', dibao({ household: { size: 'three', monthlyIncomeFen: 90_000 } })), 400, 'validation_failed');
    expect(pathsOf(zh)).toEqual(['household.size']);
    expect(zh.details[0].message).toContain('无效输入');
    expect(en.details[0].message).toContain('received string');
  });

  it('an unknown field, at its own path', async () => {
    const { zh, en } = await inBothLanguages(postAs(CASEWORKER, '/v1/cases', { ...dibao(), favouriteColour: 'red' }), 400, 'validation_failed');
    expect(pathsOf(zh)).toEqual(['favouriteColour']);
    expect(zh.details[0].message).toBe('不允许的字段');
    expect(en.details[0].message).toBe('unknown field');
  });

  it('a resident ID with a bad checksum (our own check inside the schema)', async () => {
    const bad = `${residentId().slice(0, 17)}${residentId().endsWith('0') ? '1' : '0'}`;
    const { zh, en } = await inBothLanguages(postAs(CASEWORKER, '/v1/cases', dibao({ applicant: { name: '李四', idNumber: bad } })), 400, 'validation_failed');
    expect(pathsOf(zh)).toEqual(['applicant.idNumber']);
    expect(zh.details[0].message).toBe('应为 18 位居民身份证号码（校验位须正确）');
    expect(en.details[0].message).toBe('must be an 18-digit resident ID number with a valid checksum');
    expect(zh.message).toBe('请求无效：applicant.idNumber：应为 18 位居民身份证号码（校验位须正确）');
  });

  it('a role that may not, named in Chinese', async () => {
    const { zh, en } = await inBothLanguages(postAs(COMMITTEE, '/v1/cases', dibao()), 403, 'forbidden');
    expect(zh.message).toBe('协调小组成员无权受理案件');
    expect(en.message).toBe('role committee may not start cases');
  });

  it('an unknown case is 404', async () => {
    const { zh, en } = await inBothLanguages(getAs(CASEWORKER, '/v1/cases/case-none'), 404, 'not_found');
    expect(zh.message).toBe('未找到案件 case-none');
    expect(en.message).toBe('case case-none not found');
  });

  it('an action in the wrong step is 409, with the action’s and the step’s Chinese names', async () => {
    const c = await startCase(h.app, CASEWORKER, dibao());
    const { zh, en } = await inBothLanguages(postAs(CASEWORKER, `/v1/cases/${c.caseId}/actions`, { action: 'record-home-visit', findings: '家中无人' }), 409, 'invalid_transition');
    expect(zh.message).toBe('当前步骤“家庭经济状况核对”不能执行“录入入户调查”');
    expect(en.message).toBe('record-home-visit is not allowed in step economic-check');
  });

  it('the workflow validator’s refusal travels as key and params, rendered by the API', async () => {
    const c = await startCase(h.app, CASEWORKER, dibao());
    const refused = await executeUpdate(h.temporal, c.caseId, caseActionUpdate, {
      args: [{ actor: CASEWORKER, request: { action: 'record-home-visit', findings: '家中无人' } }],
    }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(ApiError);
    const e = refused as ApiError;
    expect([e.statusCode, e.code]).toEqual([409, 'invalid_transition']);
    expect(e.text).toMatchObject({ key: 'action.notInStep' });
    expect(render(e.text as never, 'zh')).toBe('当前步骤“家庭经济状况核对”不能执行“录入入户调查”');
  });

  it('a domain rule with params: the street’s authority, the amount as 元 and the next action by its label', async () => {
    const street = `${JT}001`;
    const c = await startTemporaryCase(h.app, street, { kind: 'emergency', amountFen: 500_001, reason: '火灾致房屋损毁' });
    const { zh, en } = await inBothLanguages(postAs(cw(street), `/v1/cases/${c.caseId}/actions`, { action: 'approve', amountFen: 500_001 }), 403, 'forbidden');
    expect(zh.message).toBe('5,000.01 元超出街道审批权限（不超过 5,000.00 元），请报区县审批');
    expect(en.message).toBe("5,000.01 元 exceeds the street's authority (up to 5,000.00 元): forward-to-county");
  });

  it('the decision gate’s amount_mismatch names the computed amount in 元 (a workflow refusal with params)', async () => {
    const street = '420106007';
    const self = residentId('420106', '19800101', '771');
    const members = [
      { name: '王芳', idNumber: self, relation: 'self', workAbility: 'full', employed: true, incomes: [{ kind: 'wage', monthlyFen: 130_000 }] },
      { name: '李强', idNumber: residentId('420106', '19820202', '772'), relation: 'spouse', workAbility: 'none', employed: false, incomes: [] },
    ];
    const c = await startCase(h.app, cw(street), { type: 'dibao', orgCode: street, applicant: { name: '王芳', idNumber: self }, household: { members } });
    const step = async (body: Json) => expect((await postAs(cw(street), `/v1/cases/${c.caseId}/actions`, body)({})).statusCode).toBe(200);
    await step({ action: 'record-economic-check' });
    await step({ action: 'record-home-visit', findings: '入户核实' });
    await h.env.sleep(7 * DAY + 60_000);
    await eventually(async () => expect(json(await getAs(cw(street), `/v1/cases/${c.caseId}`)({})).step).toBe('decision'));
    const { zh, en } = await inBothLanguages(postAs(cw(street), `/v1/cases/${c.caseId}/actions`, { action: 'decide', decision: 'approve', monthlyAmountFen: 1 }), 400, 'amount_mismatch');
    const computed = formatFen(zh.details[0].computedFen as number);
    expect(zh.message).toBe(`月保障金额应为按家庭收入与标准计算的 ${computed}`);
    expect(en.message).toBe(`the monthly amount must be the ${computed} computed from the household’s income and the standard`);
  });

  it('no token is 401', async () => {
    const { zh, en } = await inBothLanguages(getAs(null, '/v1/cases'), 401, 'unauthorized');
    expect(zh.message).toBe('缺少访问令牌（Bearer token）');
    expect(en.message).toBe('missing bearer token');
  });
});

describe('Accept-Language', () => {
  it('English only when some en is preferred over every zh; Chinese otherwise', () => {
    expect(languageOf(undefined)).toBe('zh');
    expect(languageOf('')).toBe('zh');
    expect(languageOf('en')).toBe('en');
    expect(languageOf('en-US,en;q=0.9')).toBe('en');
    expect(languageOf('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh');
    expect(languageOf('en;q=0.5,zh-TW;q=0.6')).toBe('zh');
    expect(languageOf('zh;q=0.4, en-GB;q=0.7')).toBe('en');
    expect(languageOf('fr')).toBe('zh');
    expect(languageOf('en;q=0')).toBe('zh');
    expect(languageOf('en;q=abc')).toBe('zh');
  });
});

describe('the catalogue', () => {
  const names = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it('has every message in both languages, with the same params', () => {
    expect(CATALOGUE_ENTRIES.length).toBeGreaterThan(100);
    for (const [key, { zh, en }] of CATALOGUE_ENTRIES) {
      expect(zh.trim(), key).not.toBe('');
      expect(en.trim(), key).not.toBe('');
      if (zh.replace(/\{\w+\}/g, '') !== '') expect(zh, key).toMatch(CJK);
      expect(names(zh), key).toEqual(names(en));
    }
  });

  it('renders params, and names inside params, in the same language', () => {
    const m = msg('action.roleMayNot', { role: msg('role.caseworker'), action: { zh: '批准', en: 'approve' } });
    expect(render(m, 'zh')).toBe('街道经办人无权执行“批准”');
    expect(render(m, 'en')).toBe('role caseworker may not approve');
  });
});
