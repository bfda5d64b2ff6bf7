import { describe, expect, it } from 'vitest';
import { actionFormOf } from '../src/api/schemas/case-actions.js';
import { AID, actionsOf } from '../src/domain/aid/index.js';
import type { CaseType } from '../src/domain/cases.js';

// What the console draws an action's form from (the case's `actionForms`): every field a person fills
// is named in Chinese by the declaration, hints are Chinese, choices are named, money is marked as 分.

type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; required?: string[]; items?: Schema; oneOf?: Schema[]; anyOf?: Schema[] };
const chinese = /[\u4e00-\u9fa5]/;

/** Each field a form draws, with its path: a required group's fields, never an optional group the system sends (核对报告). */
function* fieldsOf(s: Schema, path: string): Generator<[string, Schema]> {
  for (const option of s.oneOf ?? s.anyOf ?? []) {
    yield [`${path}|option`, option];
    yield* fieldsOf(option, path);
  }
  if (s.items) yield* fieldsOf(s.items, `${path}.0`);
  for (const [k, p] of Object.entries(s.properties ?? {})) {
    if (p.const !== undefined) continue;
    if (!s.required?.includes(k) && p.type === 'object') continue;
    yield [`${path}.${k}`, p];
    yield* fieldsOf(p, `${path}.${k}`);
  }
}

describe('action forms', () => {
  for (const type of Object.keys(AID) as CaseType[]) {
    it(`${type}: every field and choice named in Chinese, every hint Chinese, money in 分`, () => {
      for (const action of actionsOf(type)) {
        const form = actionFormOf(type, action);
        expect(form.label).toMatch(chinese);
        for (const [path, field] of fieldsOf(form.schema as Schema, action)) {
          expect(field.title, `${path} has a title`).toMatch(chinese);
          if (field.description !== undefined) expect(field.description, `${path}'s hint`).toMatch(chinese);
          if (/Fen$/.test(path)) expect(field['x-unit'], path).toBe('fen');
          if (Array.isArray(field.enum) && !path.endsWith('|option')) expect(Object.keys(field['x-labels'] as object).sort(), path).toEqual([...(field.enum as string[])].sort());
        }
      }
    });
  }

  it('审批决定 is a choice of its type’s decisions; only 低保 offers 低收入, and a 医疗救助 approval takes no 供养方式', () => {
    const decisions = (type: CaseType) => ((actionFormOf(type, 'decide').schema as Schema).oneOf ?? []).map((o) => [(o.properties?.decision as Schema).const, o.title]);
    expect(decisions('dibao')).toEqual([['approve', '批准'], ['reject', '不予批准'], ['low-income', '认定为低收入家庭']]);
    expect(decisions('medical')).toEqual([['approve', '批准'], ['reject', '不予批准']]);
    const approve = (actionFormOf('medical', 'decide').schema as Schema).oneOf![0]!;
    expect(Object.keys(approve.properties!).sort()).toEqual(['approvedAmountFen', 'decision', 'reason', 'reimbursementPercent']);
  });

  it('临时救助 批准: 分期安排 is optional, one of two named shapes', () => {
    const schema = actionFormOf('temporary', 'approve').schema as Schema;
    expect(schema.required).toEqual(['amountFen']);
    expect(schema.properties!.installments!.anyOf!.map((o) => o.title)).toEqual(['逐期列明日期与金额', '按期数与间隔平均分期']);
  });
});
