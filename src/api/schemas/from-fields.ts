import { z } from 'zod';
import { msg } from '../../domain/catalogue.js';
import { ownIssue, says } from '../validation.js';
import { isIsoDate } from '../../domain/dates.js';
import { hasPlaces, isStorable, type Field, type Fields, type Infer, type Problem } from '../../domain/fields.js';
import { MAX_FEN } from '../../domain/money.js';

// The zod schemas of payloads the domain describes as data (domain/fields.ts): the API validates with
// the same rules the workflows check, and the OpenAPI document says what the table says.

/** Free text as a person typed it: trimmed, non-blank, within its length, storable in PostgreSQL. */
const text = (max: number) => z
    .string()
    .refine(isStorable, says('field.unstorable'))
    .trim()
    .min(1, says('field.blank'))
    .max(max, says(msg('field.tooLong', { max })));

function zodOf(f: Field): z.ZodType {
  const base = ((): z.ZodType => {
    switch (f.kind) {
      case 'text':
        return text(f.max);
      case 'fen':
        // `x-unit`: a form shows and takes it in 元 with two decimals.
        return z.number().int().min(f.min).max(MAX_FEN).meta({ 'x-unit': 'fen' });
      case 'int':
        return z.number().int().min(f.min).max(f.max);
      case 'decimal':
        return z
          .number()
          .min(f.min)
          .max(f.max)
          .refine((v) => hasPlaces(v, f.places), ownIssue(msg('field.places', { places: f.places })))
          .describe(`at most ${f.places} decimal places`);
      case 'boolean':
        return z.boolean();
      case 'date':
        return z.string().refine(isIsoDate, says('field.date')).meta({ format: 'date' });
      case 'phone':
        return z.string().regex(/^\+?[0-9 -]{5,20}$/, says('field.phone'));
      case 'enum':
        // `x-labels`: each code's Chinese name, for a form's choices.
        return f.labels ? z.enum(f.values as [string, ...string[]]).meta({ 'x-labels': f.labels }) : z.enum(f.values as [string, ...string[]]);
      case 'list':
        return z.array(zodOf(f.of)).min(f.min).max(f.max);
      case 'object':
        return objectOf(f.fields);
      case 'either':
        return z.union(f.options.map(zodOf) as [z.ZodType, z.ZodType, ...z.ZodType[]]);
      case 'tagged':
        return z.discriminatedUnion(
          f.tag,
          Object.entries(f.variants).map(([tag, fields]) => titledVariant(objectOf(fields).extend({ [f.tag]: z.literal(tag) }), f.labels?.[tag])) as [z.ZodObject, ...z.ZodObject[]],
        );
    }
  })();
  const titled = f.title ? base.meta({ title: f.title }) : base;
  const described = f.description ? titled.describe(f.description) : titled;
  return f.optional ? described.optional() : described;
}

/** A tagged field's variant named as a form offers it (批准, 分散供养). */
const titledVariant = (variant: z.ZodObject, label: string | undefined) => (label ? variant.meta({ title: label }) : variant);

const objectOf = (fields: Fields) => z.strictObject(Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, zodOf(f)])));

/** A field as JSON Schema of what a form sends (input side, no `$schema`): the `actionForms` of cases and benefits. */
export function formSchemaOf(f: Field): Record<string, unknown> {
  const { $schema: _s, ...schema } = z.toJSONSchema(zodOf(f), { io: 'input' }) as Record<string, unknown>;
  return schema;
}

/** The schema of a field the domain describes; its output type is the domain's. */
export const schemaOf = <F extends Field>(f: F) => zodOf(f) as z.ZodType<Infer<F>>;

/** A field's schema and a rule across its fields: the rule's problem is an issue at its own path, after the shape passes. */
export function checkedSchemaOf(f: Field, check: ((value: never) => Problem | undefined) | undefined): z.ZodType {
  if (!check) return zodOf(f);
  return zodOf(f).superRefine((value, ctx) => {
    const problem = check(value as never);
    if (problem) ctx.addIssue({ code: 'custom', path: problem.path.split('.'), ...ownIssue(problem.message) });
  });
}

/** One action's body, `{ action, ...payload }`; a tagged payload (decide, record-review) is one variant per tag. */
export function actionBodyOf(action: string, { payload, summary }: { payload: Field; summary: string }): z.ZodObject | z.ZodDiscriminatedUnion {
  const withAction = (fields: Fields) => objectOf(fields).extend({ action: z.literal(action) });
  if (payload.kind === 'tagged') {
    const variants = Object.entries(payload.variants).map(([tag, fields]) => titledVariant(withAction(fields).extend({ [payload.tag]: z.literal(tag) }), payload.labels?.[tag]));
    return z.discriminatedUnion(payload.tag, variants as [z.ZodObject, ...z.ZodObject[]]).describe(summary);
  }
  return withAction(payload.kind === 'object' ? payload.fields : {}).describe(summary);
}
