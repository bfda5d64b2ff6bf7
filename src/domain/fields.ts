// Payload fields described once, as data: the API derives its zod schemas and OpenAPI text from these
// descriptions, the workflows check payloads with `problemIn` (zod stays out of the workflow bundle),
// and `Infer` gives both the same request types. Pure; safe in the workflow sandbox.
import { msg, type Message } from './catalogue.js';
import { isIsoDate } from './dates.js';
import { MAX_FEN } from './money.js';

interface Common {
  optional?: true;
  /** What a person calls the field (a form's label), in Chinese. */
  title?: string;
  description?: string;
}

export type Field = Common &
  (
    | { kind: 'text'; max: number }
    | { kind: 'fen'; min: 0 | 1 }
    | { kind: 'int'; min: number; max: number }
    | { kind: 'decimal'; min: number; max: number; places: number }
    | { kind: 'boolean' }
    | { kind: 'date' }
    | { kind: 'phone' }
    | { kind: 'enum'; values: readonly string[]; labels?: Readonly<Record<string, string>> }
    | { kind: 'list'; of: Field; min: number; max: number }
    | { kind: 'object'; fields: Fields }
    | { kind: 'either'; options: readonly Field[] }
    | { kind: 'tagged'; tag: string; variants: Readonly<Record<string, Fields>>; labels?: Readonly<Record<string, string>> }
  );
export type Fields = Readonly<Record<string, Field>>;

/** Free text: non-blank after trimming, at most `max` characters, and storable (see `textProblem`). */
export const text = (max: number) => ({ kind: 'text', max }) as const;
/** Money in integer fen (分). */
export const fen = () => ({ kind: 'fen', min: 0 }) as const;
export const positiveFen = () => ({ kind: 'fen', min: 1 }) as const;
export const int = (min: number, max: number) => ({ kind: 'int', min, max }) as const;
/** A number with at most `places` decimals (a factor such as 1.5), never money: money is integer fen. */
export const decimal = (min: number, max: number, places: number) => ({ kind: 'decimal', min, max, places }) as const;
export const bool = () => ({ kind: 'boolean' }) as const;
/** A calendar date YYYY-MM-DD (Asia/Shanghai). */
export const date = () => ({ kind: 'date' }) as const;
export const phone = () => ({ kind: 'phone' }) as const;
/** One of these codes; `labels` names each in Chinese for a form. */
export const oneOf = <const V extends readonly string[]>(values: V, labels?: Readonly<Record<V[number], string>>) => ({ kind: 'enum', values, ...(labels ? { labels } : {}) }) as const;
export const list = <const F extends Field>(of: F, min: number, max: number) => ({ kind: 'list', of, min, max }) as const;
export const object = <const S extends Fields>(fields: S) => ({ kind: 'object', fields }) as const;
export const either = <const O extends readonly Field[]>(...options: O) => ({ kind: 'either', options }) as const;
/** One of several shapes, told apart by `tag`; `labels` names each variant in Chinese for a form. */
export const tagged = <const T extends string, const V extends Readonly<Record<string, Fields>>>(tag: T, variants: V, labels?: Readonly<Record<keyof V & string, string>>) =>
  ({ kind: 'tagged', tag, variants, ...(labels ? { labels } : {}) }) as const;
export const optional = <const F extends Field>(f: F) => ({ ...f, optional: true }) as const;
export const describe = <const F extends Field>(f: F, description: string) => ({ ...f, description }) as F & { description: string };
/** A field's Chinese name (a form's label) and, if it needs one, a hint. */
export const titled = <const F extends Field>(f: F, title: string, description?: string) => ({ ...f, title, ...(description ? { description } : {}) }) as F & { title: string };

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The TypeScript type of a value that satisfies a field. */
export type Infer<F> = F extends { kind: 'text' | 'date' | 'phone' }
  ? string
  : F extends { kind: 'fen' | 'int' | 'decimal' }
    ? number
    : F extends { kind: 'boolean' }
      ? boolean
      : F extends { kind: 'enum'; values: readonly (infer V)[] }
        ? V
        : F extends { kind: 'list'; of: infer O }
          ? Array<Infer<O>>
          : F extends { kind: 'object'; fields: infer S }
            ? InferFields<S>
            : F extends { kind: 'either'; options: readonly (infer O)[] }
              ? Infer<O>
              : F extends { kind: 'tagged'; tag: infer T extends string; variants: infer V }
                ? { [K in keyof V]: Simplify<{ [P in T]: K } & InferFields<V[K]>> }[keyof V]
                : never;

export type InferFields<S> = Simplify<
  { -readonly [K in keyof S as S[K] extends { optional: true } ? never : K]: Infer<S[K]> } & {
    -readonly [K in keyof S as S[K] extends { optional: true } ? K : never]?: Infer<S[K]>;
  }
>;

export interface Problem {
  /** The offending field, dotted (`installments.0.amountFen`). */
  path: string;
  message: Message;
}

// NUL and unpaired surrogates pass JSON but PostgreSQL refuses them in text and jsonb: a case that
// held one could never be written again.
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The one rule for text a person typed: storable, non-blank, within its length. */
function textProblem(value: unknown, max: number): Message | undefined {
  if (typeof value !== 'string') return msg('field.text');
  if (UNSTORABLE.test(value)) return msg('field.unstorable');
  const trimmed = value.trim();
  if (trimmed.length === 0) return msg('field.blank');
  if (trimmed.length > max) return msg('field.tooLong', { max });
  return undefined;
}

/** Whether a string can be stored at all (no NUL, no unpaired surrogate); for ids and query values too. */
export const isStorable = (value: string) => !UNSTORABLE.test(value);

/** A deep copy whose strings PostgreSQL can store: each unstorable character becomes U+FFFD. */
export function storableCopy<T>(value: T): T {
  if (typeof value === 'string') return value.replace(new RegExp(UNSTORABLE.source, 'g'), '\ufffd') as T;
  if (Array.isArray(value)) return value.map(storableCopy) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableCopy(k), storableCopy(v)])) as T;
  return value;
}

const PHONE = /^\+?[0-9 -]{5,20}$/;

/** Whether a number is written with at most `places` decimals (0.1 + 0.2 is not: it is 0.30000000000000004). */
export const hasPlaces = (value: number, places: number) => Number(value.toFixed(places)) === value;

/** The first problem with `value` against `field`, or undefined when it satisfies it. */
export function problemIn(field: Field, value: unknown, path = ''): Problem | undefined {
  const at = (message: Message): Problem => ({ path: path || 'body', message });
  if (value === undefined) return field.optional ? undefined : at(msg('field.required'));
  switch (field.kind) {
    case 'text': {
      const p = textProblem(value, field.max);
      return p ? at(p) : undefined;
    }
    case 'fen':
      return Number.isSafeInteger(value) && (value as number) >= field.min && (value as number) <= MAX_FEN
        ? undefined
        : at(msg(field.min === 1 ? 'field.positiveFen' : 'field.fen'));
    case 'int':
      return Number.isInteger(value) && (value as number) >= field.min && (value as number) <= field.max ? undefined : at(msg('field.int', { min: field.min, max: field.max }));
    case 'decimal':
      return typeof value === 'number' && value >= field.min && value <= field.max && hasPlaces(value, field.places)
        ? undefined
        : at(msg('field.decimal', { min: field.min, max: field.max, places: field.places }));
    case 'boolean':
      return typeof value === 'boolean' ? undefined : at(msg('field.boolean'));
    case 'date':
      return typeof value === 'string' && isIsoDate(value) ? undefined : at(msg('field.date'));
    case 'phone':
      return typeof value === 'string' && PHONE.test(value) ? undefined : at(msg('field.phone'));
    case 'enum':
      return field.values.includes(value as string) ? undefined : at(msg('field.oneOf', { values: field.values.join(', ') }));
    case 'list': {
      if (!Array.isArray(value) || value.length < field.min || value.length > field.max) return at(msg('field.listSize', { min: field.min, max: field.max }));
      for (const [i, item] of value.entries()) {
        const p = problemIn(field.of, item, join(path, String(i)));
        if (p) return p;
      }
      return undefined;
    }
    case 'object':
      return fieldsProblem(field.fields, value, path);
    case 'either': {
      const problems = field.options.map((o) => problemIn(o, value, path));
      return problems.some((p) => p === undefined) ? undefined : problems[0];
    }
    case 'tagged': {
      const tag = (value as Record<string, unknown> | null)?.[field.tag];
      const variant = typeof tag === 'string' ? field.variants[tag] : undefined;
      if (!variant) return { path: join(path, field.tag), message: msg('field.oneOf', { values: Object.keys(field.variants).join(', ') }) };
      return fieldsProblem({ ...variant, [field.tag]: { kind: 'enum', values: [tag as string] } }, value, path);
    }
  }
}

/** An object with exactly these fields: unknown ones are refused, as the API refuses them. */
function fieldsProblem(fields: Fields, value: unknown, path = ''): Problem | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { path: path || 'body', message: msg('field.object') };
  for (const key of Object.keys(value)) {
    if (!(key in fields)) return { path: join(path, key), message: msg('field.unknown') };
  }
  for (const [key, f] of Object.entries(fields)) {
    const p = problemIn(f, (value as Record<string, unknown>)[key], join(path, key));
    if (p) return p;
  }
  return undefined;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
