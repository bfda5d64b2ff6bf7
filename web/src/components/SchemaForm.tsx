import { Card, DatePicker, Form, Input, InputNumber, Radio, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState, type ReactNode } from 'react';
import { enumName, fieldName } from '../labels';

// Form fields from a JSON schema of the OpenAPI document: what an action carries is what the API says,
// so a new field or a changed rule shows up here without a release of the console.

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  description?: string;
}

const variantsOf = (s: JsonSchema) => s.oneOf ?? s.anyOf;
const singleValue = (s: JsonSchema | undefined): unknown => (s?.const !== undefined ? s.const : s?.enum?.length === 1 ? s.enum[0] : undefined);

/** The property every variant fixes to one value (decide's `decision`, support's `mode`), if any. */
export function tagOf(variants: JsonSchema[]): string | undefined {
  const first = variants[0]?.properties ?? {};
  return Object.keys(first).find((k) => variants.every((v) => singleValue(v.properties?.[k]) !== undefined));
}

const isDate = (s: JsonSchema) => s.format === 'date' || s.pattern === '^\\d{4}-\\d{2}-\\d{2}$' || (s.pattern?.includes('\\d{4}-\\d{2}-\\d{2}') ?? false);

const describe = (s: JsonSchema) => (s.description && /[\u4e00-\u9fa5]/.test(s.description) ? s.description : undefined);

/** One field, named by its path in the body. */
function Field({ name, schema, required, skip }: { name: (string | number)[]; schema: JsonSchema; required: boolean; skip?: string[] }): ReactNode {
  const key = String(name[name.length - 1]);
  const label = fieldName(key);
  const rules = required ? [{ required: true, message: `请填写${label.replace(/（.*）/, '')}` }] : [];
  const variants = variantsOf(schema);
  if (variants) return <Variants name={name} variants={variants} label={label} required={required} />;
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;

  if (type === 'object' && schema.properties) {
    // An optional group (the 核对 system's report) comes from the system that has it, not typed at the window.
    if (!required) return null;
    return (
      <Card size="small" title={label} style={{ marginBottom: 16 }}>
        <Fields name={name} schema={schema} skip={skip} />
      </Card>
    );
  }
  if (type === 'boolean') {
    const fixed = singleValue(schema);
    if (fixed === true) {
      return (
        <Form.Item name={name} label={label} rules={[{ required: true, message: `请确认${label}` }]} initialValue={undefined}>
          <Radio.Group options={[{ value: true, label: '已确认' }]} />
        </Form.Item>
      );
    }
    return (
      <Form.Item name={name} label={label} rules={rules}>
        <Radio.Group options={[{ value: true, label: '是' }, { value: false, label: '否' }]} />
      </Form.Item>
    );
  }
  if (type === 'integer' || type === 'number') {
    if (/Fen$/.test(key)) {
      // Shown and typed in 元 with two decimals; kept in the form as integer 分, as the API wants.
      return (
        <Form.Item
          name={name}
          label={label}
          rules={rules}
          extra={describe(schema)}
          getValueProps={(fen: number | undefined) => ({ value: fen == null ? fen : fen / 100 })}
          normalize={(yuan: number | null) => (yuan == null ? undefined : Math.round(yuan * 100))}
        >
          <InputNumber min={0} precision={2} step={100} style={{ width: 220 }} />
        </Form.Item>
      );
    }
    return (
      <Form.Item name={name} label={label} rules={rules}>
        <InputNumber min={schema.minimum} max={schema.maximum} precision={0} style={{ width: 160 }} />
      </Form.Item>
    );
  }
  if (type === 'array') {
    const items = schema.items ?? {};
    if (items.type === 'object') {
      return (
        <Form.Item label={label}>
          <Typography.Text type="secondary">请使用其他方式填写（暂不支持逐条录入）</Typography.Text>
        </Form.Item>
      );
    }
    return (
      <Form.Item name={name} label={label} rules={required ? [{ required: true, type: 'array', min: 1, message: `请填写${label}` }] : []} extra="输入后按回车添加">
        <Select mode="tags" open={false} style={{ width: '100%' }} options={(items.enum ?? []).map((v) => ({ value: v as string, label: enumName(String(v)) }))} />
      </Form.Item>
    );
  }
  if (schema.enum) {
    return (
      <Form.Item name={name} label={label} rules={rules}>
        <Select style={{ width: 220 }} options={schema.enum.map((v) => ({ value: v as string, label: enumName(String(v)) }))} />
      </Form.Item>
    );
  }
  if (isDate(schema) || /(Date|On)$/.test(key)) {
    return (
      <Form.Item name={name} label={label} rules={rules} getValueProps={(v?: string) => ({ value: v ? dayjs(v) : undefined })} normalize={(d: dayjs.Dayjs | null) => (d ? d.format('YYYY-MM-DD') : undefined)}>
        <DatePicker />
      </Form.Item>
    );
  }
  return (
    <Form.Item name={name} label={label} rules={rules} extra={describe(schema)}>
      {(schema.maxLength ?? 2000) > 200 ? <Input.TextArea rows={3} maxLength={schema.maxLength} showCount /> : <Input maxLength={schema.maxLength} />}
    </Form.Item>
  );
}

/** A choice between shapes: a tag picks the variant (e.g. 集中/分散供养); otherwise the first object form. */
function Variants({ name, variants, label, required }: { name: (string | number)[]; variants: JsonSchema[]; label: string; required: boolean }): ReactNode {
  const tag = tagOf(variants);
  const form = Form.useFormInstance();
  const chosen = Form.useWatch(tag ? [...name, tag] : ['__none__'], form) as unknown;
  if (!tag) {
    const object = variants.find((v) => v.type === 'object') ?? variants[0];
    return object ? <Field name={name} schema={object} required={required} /> : null;
  }
  const variant = variants.find((v) => singleValue(v.properties?.[tag]) === chosen);
  return (
    <Card size="small" title={label} style={{ marginBottom: 16 }}>
      <Form.Item name={[...name, tag]} label={fieldName(tag)} rules={required ? [{ required: true, message: `请选择${fieldName(tag)}` }] : []}>
        <Radio.Group options={variants.map((v) => ({ value: singleValue(v.properties?.[tag]) as string, label: enumName(String(singleValue(v.properties?.[tag]))) }))} />
      </Form.Item>
      {variant && <Fields name={name} schema={variant} skip={[tag]} />}
    </Card>
  );
}

/** The properties of an object schema, in order, under a name prefix. */
export function Fields({ name, schema, skip = [] }: { name: (string | number)[]; schema: JsonSchema; skip?: string[] }): ReactNode {
  return (
    <>
      {Object.entries(schema.properties ?? {})
        .filter(([k]) => !skip.includes(k))
        .map(([k, s]) => (
          <Field key={k} name={[...name, k]} schema={s} required={schema.required?.includes(k) ?? false} />
        ))}
    </>
  );
}

/** An action body whose top level may itself be a choice (decide: approve or reject). */
export function ActionFields({ schema, skip }: { schema: JsonSchema; skip: string[] }): ReactNode {
  const variants = variantsOf(schema);
  const tag = variants ? tagOf(variants) : undefined;
  const [chosen, setChosen] = useState<unknown>(undefined);
  if (!variants || !tag) return <Fields name={[]} schema={schema} skip={skip} />;
  const variant = variants.find((v) => singleValue(v.properties?.[tag]) === chosen);
  return (
    <>
      <Form.Item name={tag} label={fieldName(tag)} rules={[{ required: true, message: `请选择${fieldName(tag)}` }]}>
        <Radio.Group onChange={(e) => setChosen(e.target.value)} options={variants.map((v) => ({ value: singleValue(v.properties?.[tag]) as string, label: enumName(String(singleValue(v.properties?.[tag]))) }))} />
      </Form.Item>
      {variant && <Fields name={[]} schema={variant} skip={[...skip, tag]} />}
    </>
  );
}
