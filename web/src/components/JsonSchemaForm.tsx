import Form from '@rjsf/antd';
import type { IChangeEvent } from '@rjsf/core';
import { TranslatableString, englishStringTranslator, type ErrorSchema, type RJSFSchema, type UiSchema, type WidgetProps } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import { useMutation } from '@tanstack/react-query';
import localizeZh from 'ajv-i18n/localize/zh';
import { Alert, Form as AntForm, InputNumber, Modal } from 'antd';
import { useImperativeHandle, useRef, useState, type Ref } from 'react';
import { ApiFailure } from '../api/client';

// The console's one form: drawn by react-jsonschema-form (Ant Design theme) from a JSON Schema the API
// serves — a case's or a benefit's `actionForms`, a policy key's value — or one a page states: Chinese
// titles and hints, choices (批准 / 不予批准, 集中 / 分散供养, 分期 or not, 复核结论) as radios, money typed
// in 元 and sent as integer 分, the API's 400s at their field and its refusals above the form. Loaded on
// demand by the pages that draw forms.

export type Json = Record<string, unknown>;
/** The API's JSON Schema, with the two hints our field language adds: money in 分 and the Chinese names of codes. */
type Schema = RJSFSchema & { 'x-unit'?: string; 'x-labels'?: Record<string, string> };

/** ajv's own messages, in Chinese (ajv-i18n); the field's title stands in for its key. */
const validator = customizeValidator({}, localizeZh);

const ZH: Partial<Record<TranslatableString, string>> = {
  [TranslatableString.YesLabel]: '是',
  [TranslatableString.NoLabel]: '否',
  [TranslatableString.AddItemButton]: '添加',
  [TranslatableString.AddButton]: '添加',
  [TranslatableString.RemoveButton]: '删除',
  [TranslatableString.ArrayItemTitle]: '第 %1 项',
  [TranslatableString.EmptyArray]: '尚无条目，点击下方按钮添加',
  [TranslatableString.ClearLabel]: '清除',
  [TranslatableString.AriaDateLabel]: '选择日期',
};
const translateString = (s: TranslatableString, params?: string[]) => (ZH[s] ? englishStringTranslator(ZH[s] as TranslatableString, params) : englishStringTranslator(s, params));

/** 元 with two decimals on the screen, integer 分 in the form's data (what the API takes). */
function YuanWidget({ id, value, onChange, onBlur, onFocus, disabled, readonly }: WidgetProps) {
  return (
    <InputNumber<number>
      id={id}
      value={typeof value === 'number' ? value / 100 : null}
      min={0}
      precision={2}
      step={100}
      suffix="元"
      style={{ width: 240 }}
      disabled={disabled || readonly}
      onChange={(yuan) => onChange(yuan == null ? undefined : Math.round(yuan * 100))}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
    />
  );
}
/**
 * A choice between shapes (决定, 供养方式, 分期安排) as radios, with the errors at the choice itself: the
 * theme's radio shows none, and a 400 naming the field (an emergency payout with a schedule) belongs here.
 */
function ChoiceWidget(props: WidgetProps) {
  const Radios = props.registry.widgets.RadioWidget!;
  const errors = props.rawErrors ?? [];
  return (
    <AntForm.Item validateStatus={errors.length > 0 ? 'error' : undefined} help={errors.length > 0 ? errors.join('；') : undefined} style={{ marginBottom: 0 }}>
      <Radios {...props} />
    </AntForm.Item>
  );
}
const widgets = { yuan: YuanWidget, choice: ChoiceWidget };

const constOf = (s: Schema | undefined): unknown => (s && typeof s === 'object' ? s.const : undefined);

/** The property every option fixes to one value (decide's `decision`, 供养方式's `mode`): hidden, the radio picks it. */
function tagOf(options: Schema[]): string | undefined {
  const first = (options[0]?.properties ?? {}) as Record<string, Schema>;
  return Object.keys(first).find((k) => options.every((o) => constOf((o.properties as Record<string, Schema> | undefined)?.[k]) !== undefined));
}

/** Names for what the API's schema leaves unnamed: a property by its key, a code (a variant's tag, an enum's value). */
export interface FormNames {
  field?: (key: string) => string | undefined;
  code?: (value: string) => string | undefined;
}

/**
 * The schema as the form draws it, and its uiSchema: choices as radios (an optional one with 不填 first),
 * money as 元, codes by their Chinese names, long text as a text area. An optional group of fields (the
 * 核对 system's report) is left out: it comes from the system that has it, not from the window. A property
 * or a choice without a title takes the page's Chinese name for it (`names`).
 */
function prepare(schema: Schema, names: FormNames = {}): { schema: Schema; ui: UiSchema } {
  const key = schema.oneOf ? 'oneOf' : schema.anyOf ? 'anyOf' : undefined;
  if (key) {
    const options = schema[key] as Schema[];
    const tag = tagOf(options);
    const prepared = options.map((o) => {
      const p = prepare(o, names);
      const code = tag ? constOf((o.properties as Record<string, Schema> | undefined)?.[tag]) : undefined;
      const title = p.schema.title ?? (code === undefined ? undefined : names.code?.(String(code)));
      return title ? { ...p, schema: { ...p.schema, title } } : p;
    });
    return {
      schema: { ...schema, [key]: prepared.map((p) => p.schema) },
      ui: { 'ui:widget': 'choice', [key]: prepared.map((p) => (tag ? { ...p.ui, [tag]: { 'ui:widget': 'hidden' } } : p.ui)) },
    };
  }
  if (schema.type === 'object') {
    const properties: Record<string, Schema> = {};
    const ui: UiSchema = {};
    for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
      const required = schema.required?.includes(name) ?? false;
      if (!required && property.type === 'object') continue;
      const p = prepare(property, names);
      const title = p.schema.title ?? names.field?.(name);
      if (title) p.schema = { ...p.schema, title };
      // A hint is shown only in Chinese: the English ones are the OpenAPI document's, for developers.
      if (p.schema.description && !/[\u4e00-\u9fa5]/.test(p.schema.description)) {
        const { description: _english, ...rest } = p.schema;
        p.schema = rest;
      }
      const choice = p.schema.oneOf ? 'oneOf' : p.schema.anyOf ? 'anyOf' : undefined;
      if (!required && choice) {
        // Not choosing is a choice too (an emergency payout has no schedule): 不填, sent as nothing.
        p.schema = { ...p.schema, [choice]: [{ type: 'null', title: '不填' }, ...(p.schema[choice] as Schema[])] };
        p.ui = { ...p.ui, [choice]: [{}, ...((p.ui[choice] as UiSchema[] | undefined) ?? [])] };
      }
      properties[name] = p.schema;
      ui[name] = p.ui;
    }
    return { schema: { ...schema, properties }, ui };
  }
  if (schema.type === 'array' && schema.items && typeof schema.items === 'object' && !Array.isArray(schema.items)) {
    const item = prepare(schema.items as Schema, names);
    return { schema: { ...schema, items: item.schema }, ui: { items: item.ui, 'ui:options': { orderable: false } } };
  }
  if (schema['x-unit'] === 'fen') return { schema, ui: { 'ui:widget': 'yuan' } };
  const code = names.code;
  const labels = schema['x-labels'] ?? (schema.enum && code ? Object.fromEntries(schema.enum.map((v) => [String(v), code(String(v)) ?? String(v)])) : undefined);
  if (schema.enum && labels) return { schema, ui: { 'ui:widget': 'radio', 'ui:enumNames': schema.enum.map((v) => labels[String(v)] ?? String(v)) } };
  if (schema.type === 'boolean') return { schema, ui: { 'ui:widget': 'radio' } };
  if (schema.type === 'string' && (schema.maxLength ?? 0) > 200) return { schema, ui: { 'ui:widget': 'textarea', 'ui:options': { rows: 3 } } };
  return { schema, ui: {} };
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The page's own uiSchema over the drawn one (a widget of its own for a field, a submit button's text). */
function mergeUi(base: UiSchema, over: UiSchema): UiSchema {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isPlain(v) && isPlain(out[k]) ? mergeUi(out[k] as UiSchema, v as UiSchema) : v;
  return out as UiSchema;
}

/** What the form holds, as the API takes it: 不填 (null) and empty values left out. */
function cleaned(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cleaned);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null && v !== undefined && v !== '')
        .map(([k, v]) => [k, cleaned(v)]),
    );
  }
  return value;
}

/** Whether the drawn schema has a field at this dotted path (installments.0.amountFen). */
function hasField(schema: Schema | undefined, path: string[]): boolean {
  if (!schema) return false;
  if (path.length === 0) return true;
  const options = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (options) return options.some((o) => hasField(o, path));
  const [head, ...rest] = path as [string, ...string[]];
  if (schema.type === 'array') return /^\d+$/.test(head) && hasField(schema.items as Schema, rest);
  return hasField((schema.properties as Record<string, Schema> | undefined)?.[head], rest);
}

/** The API's 400, each problem at its field, as the form's error schema. */
function errorSchemaOf(problems: { path: string; message: string }[]): ErrorSchema {
  const root: Json = {};
  for (const { path, message } of problems) {
    let node = root;
    for (const part of path.split('.')) node = (node[part] ??= {}) as Json;
    ((node.__errors ??= []) as string[]).push(message);
  }
  return root as ErrorSchema;
}
const REFUSALS: Record<number, string> = { 403: '无权办理', 404: '不存在或无权查看', 409: '不能办理', 503: '服务暂不可用，请稍后重试' };

/** What a page does with the form from outside it: submit it from a dialog's button or a button of its own. */
export interface JsonSchemaFormHandle {
  submit: () => void;
}

export interface JsonSchemaFormProps<R> {
  /** The JSON Schema of what the form sends (an `actionForms` entry, a policy key's value, a body of the page's). */
  schema: Json;
  /** Sends what the form holds, as the API takes it (不填 and empty values left out). */
  send: (values: Json) => Promise<R>;
  /** After the API took it. */
  onDone?: (result: R) => void;
  /** Chinese names for what the schema leaves unnamed. */
  names?: FormNames;
  /** The page's own uiSchema over the drawn one. */
  ui?: UiSchema;
  /** A submit button of the form's own with this text; without it the page submits through `handle`. */
  submitText?: string;
  handle?: Ref<JsonSchemaFormHandle>;
  onPending?: (pending: boolean) => void;
  /** What a 404 means here (案件不存在). */
  notFound?: string;
}

/**
 * A form drawn by react-jsonschema-form (Ant Design theme) from a JSON Schema, sent by `send`: the API's
 * 400s shown at their field (one the form has no field for above it), its 403/404/409 above the form, in
 * Chinese. The form keeps its own data (uncontrolled): fed back through props, a change made before the
 * re-render of the one before it would be overwritten by the older value and lost on submit.
 */
export function JsonSchemaForm<R>({ schema, send, onDone, names, ui, submitText, handle, onPending, notFound }: JsonSchemaFormProps<R>) {
  const [drawn] = useState(() => {
    const p = prepare(schema as Schema, names);
    const submitButton = submitText ? { submitText, props: { type: 'primary' } } : { norender: true };
    return { schema: p.schema, ui: mergeUi({ ...p.ui, 'ui:submitButtonOptions': submitButton }, ui ?? {}) };
  });
  const data = useRef<unknown>(undefined);
  const [fieldErrors, setFieldErrors] = useState<{ of: string; errors: ErrorSchema } | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  const formRef = useRef<{ submit: () => void } | null>(null);
  useImperativeHandle(handle, () => ({ submit: () => formRef.current?.submit() }), []);

  const submit = useMutation({
    mutationFn: send,
    onMutate: () => onPending?.(true),
    onSettled: () => onPending?.(false),
    onSuccess: (result) => onDone?.(result),
    onError: (err) => {
      if (err instanceof ApiFailure && err.status === 400 && err.fields.length > 0) {
        // Each problem at its field; one the form has no field for goes above it. A problem that names only
        // its field (amount_mismatch: the computed amount) carries the error's own message.
        const problems = err.fields.map((f) => ({ path: f.path, message: typeof f.message === 'string' ? f.message : err.message }));
        const known = problems.filter((f) => hasField(drawn.schema, f.path.split('.')));
        setFieldErrors(known.length > 0 ? { of: JSON.stringify(data.current ?? null), errors: errorSchemaOf(known) } : undefined);
        const rest = problems.filter((f) => !known.includes(f));
        setProblem(rest.length > 0 ? rest.map((f) => f.message).join('；') : null);
        return;
      }
      const status = err instanceof ApiFailure ? (err.status === 404 && notFound ? notFound : REFUSALS[err.status]) : undefined;
      setProblem(status ? `${status}：${err.message}` : `提交失败：${err.message}`);
    },
  });

  return (
    <>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
      {/* The theme draws each group as a bordered <fieldset>; a form on a card or in a dialog needs no frame. */}
      <style>{'.rjsf fieldset { border: 0; padding: 0; margin: 0; min-width: 0; }'}</style>
      <Form
        ref={formRef as never}
        schema={drawn.schema}
        uiSchema={drawn.ui}
        validator={validator}
        widgets={widgets}
        translateString={translateString}
        extraErrors={fieldErrors?.errors}
        showErrorList={false}
        noHtml5Validate
        onChange={(e: IChangeEvent) => {
          data.current = e.formData;
          // The API's errors stand until the person changes what was refused.
          if (fieldErrors && JSON.stringify(e.formData ?? null) !== fieldErrors.of) setFieldErrors(undefined);
        }}
        onSubmit={(e: IChangeEvent) => {
          setProblem(null);
          submit.mutate(cleaned(e.formData ?? {}) as Json);
        }}
      />
    </>
  );
}

/** The form in a dialog: its OK button submits it; done, the dialog closes. */
export function JsonSchemaFormModal<R>({ title, okText = '提交', width = 680, onClose, onDone, ...form }: JsonSchemaFormProps<R> & { title: string; okText?: string; width?: number; onClose: () => void }) {
  const handle = useRef<JsonSchemaFormHandle>(null);
  const [pending, setPending] = useState(false);
  return (
    <Modal open title={title} onCancel={onClose} onOk={() => handle.current?.submit()} okText={okText} cancelText="取消" confirmLoading={pending} destroyOnHidden width={width}>
      <JsonSchemaForm
        {...form}
        handle={handle}
        onPending={setPending}
        onDone={(result) => {
          onDone?.(result);
          onClose();
        }}
      />
    </Modal>
  );
}
