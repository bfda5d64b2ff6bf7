import type { FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import { safeParse, type $ZodIssue, type $ZodRawIssue, type $ZodType } from 'zod/v4/core';
import { isMessage, isMessageKey, msg, render, type Bilingual, type Message, type MessageKey, type ParamsOf } from '../domain/catalogue.js';

// zod's own messages in both languages, from zod's locales (never translated by hand); our own
// checks inside a schema name a catalogue message: `says(…)` as the check's message, or `ownIssue(message)`
// (a message with params) as a refinement's or `addIssue`'s params.
const ZH = z.locales.zhCN().localeError;
const EN = z.locales.en().localeError;

/** A problem of a request, already worded in both languages: the error handler picks the caller's. */
export interface LocalizedProblem {
  path: string;
  message: Bilingual;
}

/**
 * A schema check's own message (`.regex(re, says(…))`, `.max(n, says(…))`): a catalogue key, or a
 * message with params as its JSON, which `wording` renders in each language.
 */
export function says<K extends MessageKey>(m: ([ParamsOf<K>] extends [never] ? K : never) | Message): string {
  return typeof m === 'string' ? m : JSON.stringify(m);
}

/** The catalogue message a check's own message names (see `says`), if it names one. */
function named(message: string): Message | undefined {
  if (isMessageKey(message)) return { key: message } as Message;
  if (!message.startsWith('{"key"')) return undefined;
  try {
    const parsed: unknown = JSON.parse(message);
    return isMessage(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** A refinement's or `addIssue`'s own message: the catalogue's, rendered per caller (English as zod's fallback text). */
export const ownIssue = (m: Message) => ({ message: render(m, 'en'), params: m });

const said = (out: ReturnType<typeof ZH>): string => (typeof out === 'string' ? out : (out?.message ?? ''));

const both = (m: Message): Bilingual => ({ zh: render(m, 'zh'), en: render(m, 'en') });

function wording(issue: $ZodIssue): Bilingual {
  if (issue.code === 'custom' && isMessage(issue.params)) return both(issue.params);
  const own = named(issue.message);
  if (own) return both(own);
  // The issue still holds its input here (reportInput), which the locales read ("received number"); it is dropped after.
  const raw = issue as unknown as $ZodRawIssue;
  return { zh: said(ZH(raw)) || '取值无效', en: said(EN(raw)) || 'invalid' };
}

const dotted = (path: readonly PropertyKey[], fallback: string) => path.map(String).join('.') || fallback;

/** Each issue as its problems: an unknown field at its own path, not its parent's. */
function issueProblems(issue: $ZodIssue, part: string): LocalizedProblem[] {
  if (issue.code === 'unrecognized_keys') {
    const unknown = { zh: render(msg('field.unknown'), 'zh'), en: render(msg('field.unknown'), 'en') };
    return issue.keys.map((k) => ({ path: dotted([...issue.path, k], part), message: unknown }));
  }
  return [{ path: dotted(issue.path, part), message: wording(issue) }];
}

/** A parse's problems (parsed with `reportInput`), each at its path under `prefix`, worded in both languages. */
export const problemsOf = (error: { issues: readonly $ZodIssue[] }, prefix: string): LocalizedProblem[] =>
  error.issues.flatMap((i) => issueProblems({ ...i, path: [prefix, ...i.path] } as $ZodIssue, prefix));

/** Fastify's validation entries carry our problems in `params`; this tells them apart. */
export const isLocalizedIssue = (params: unknown): params is { problem: LocalizedProblem } =>
  typeof params === 'object' && params !== null && 'problem' in params && typeof (params as { problem: { path?: unknown } }).problem?.path === 'string';

/**
 * fastify-type-provider-zod's validator, but each problem worded in both languages while the input is
 * at hand (so the locales can say what was received); the error handler sends the caller's.
 */
export const validatorCompiler: FastifySchemaCompiler<$ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const result = safeParse(schema, data, { reportInput: true });
    if (result.success) return { value: result.data };
    const part = httpPart ?? 'body';
    return {
      error: result.error.issues.flatMap((issue) =>
        issueProblems(issue, part).map((problem) => ({
          keyword: issue.code,
          instancePath: `/${problem.path.split('.').join('/')}`,
          schemaPath: '#',
          message: problem.message.en,
          params: { problem },
        })),
      ),
    };
  };
