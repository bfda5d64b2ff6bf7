import type { FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { ApiFailure } from '../api/client';
import { ActionFields, Fields, type JsonSchema } from './SchemaForm';

// The money pages' one door to the console's form component: fields from a JSON Schema the API serves
// (a benefit's `actionForms`, a policy key's value) and the API's answers shown where they belong. The
// form component (SchemaForm) is the hand-written one the case actions no longer use; only this file knows it.

export type { JsonSchema };

/** The fields of a body (a top-level choice such as 复核结论 included), or of a part of it under `name`. */
export function BodyFields({ schema, name }: { schema: JsonSchema; name?: string[] }): ReactNode {
  return name && name.length > 0 ? <Fields name={name} schema={schema} /> : <ActionFields schema={schema} skip={['action']} />;
}

const REFUSALS: Record<number, string> = { 403: '无权办理', 404: '不存在或无权查看', 409: '当前状态不能办理此事项', 503: '服务暂不可用，请稍后重试' };

/**
 * Puts a failed submission's 400 problems at their fields (paths as the API names them, dotted); returns
 * what has no field in the form — or the refusal of a 403/409 — to show above it, in Chinese.
 */
export function showApiError(form: FormInstance, err: unknown): string {
  if (err instanceof ApiFailure && err.status === 400 && err.fields.length > 0) {
    // `items.0.reference` is the form's ['items', 0, 'reference']: a list's index is a number there.
    const nameOf = (path: string) => path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const known = err.fields.filter((f) => form.getFieldInstance(nameOf(f.path)) !== undefined);
    form.setFields(known.map((f) => ({ name: nameOf(f.path), errors: [f.message] })));
    const rest = err.fields.filter((f) => !known.includes(f));
    return rest.length > 0 ? rest.map((f) => `${f.path}：${f.message}`).join('；') : '';
  }
  const reason = err instanceof ApiFailure ? REFUSALS[err.status] : undefined;
  return `${reason ?? '提交失败'}：${err instanceof Error ? err.message : String(err)}`;
}
