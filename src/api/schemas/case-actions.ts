import { z } from 'zod';
import { ACTION_LABELS, ACTION_PAYLOADS, CASE_ACTIONS, type CaseAction, type CaseActionRequest } from '../../domain/action-payloads.js';
import { AID, actionsOf, payloadOf } from '../../domain/aid/index.js';
import type { CaseType } from '../../domain/cases.js';
import type { Field } from '../../domain/fields.js';
import { actionBodyOf, formSchemaOf } from './from-fields.js';

// The body of POST /cases/:id/actions, one member per action, derived from the domain's action table
// (src/domain/action-payloads.ts): what the API accepts is what the workflows check.

/** One action's body, `{ action, ...payload }`; `decide`'s is one variant per decision. */
const actionSchema = (action: CaseAction) => actionBodyOf(action, ACTION_PAYLOADS[action] as { payload: Field; summary: string });

/** Every case action's body, from the domain's action table. */
export const CaseActionBody = z.discriminatedUnion(
  'action',
  CASE_ACTIONS.map(actionSchema) as unknown as [z.ZodObject, ...z.ZodObject[]],
) as unknown as z.ZodType<CaseActionRequest>;
export type CaseActionBody = z.infer<typeof CaseActionBody>;

/** The actions of each aid type and what each carries in it, for the OpenAPI description. */
export function describeActions(): string {
  const fieldsOf = (f: Field): string =>
    f.kind === 'object' ? Object.entries(f.fields).map(([k, v]) => (v.optional ? `${k}?` : k)).join(', ') : f.kind === 'tagged' ? Object.entries(f.variants).map(([t, v]) => `${f.tag}=${t}: ${fieldsOf({ kind: 'object', fields: v })}`).join(' | ') : '';
  const lines = Object.values(AID).map((d) => `${d.name} (${d.type}): ${actionsOf(d.type).map((a) => `${a} {${fieldsOf(payloadOf(d.type, a))}}`).join(', ')}.`);
  return [...lines, 'Wrong role or street: 403. Wrong step: 409 invalid_transition. Bad payload: 400 naming the field.'].join('\n\n');
}

// Drift between the API's action bodies and the workflows' requests fails the type check.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agree: Same<CaseActionBody, CaseActionRequest> = true;
void agree;

export interface ActionForm {
  action: CaseAction;
  label: string;
  /** JSON Schema of the body beside `action`, for this type: what a form asks for. */
  schema: Record<string, unknown>;
}

const forms = new Map<string, ActionForm>();

/** The form of an action in a case of this type (computed once per type and action). */
export function actionFormOf(type: CaseType, action: CaseAction): ActionForm {
  const key = `${type}:${action}`;
  let form = forms.get(key);
  if (!form) {
    form = { action, label: ACTION_LABELS[action], schema: formSchemaOf(payloadOf(type, action)) };
    forms.set(key, form);
  }
  return form;
}
