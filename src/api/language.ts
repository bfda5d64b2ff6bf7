import type { Lang } from '../domain/catalogue.js';

/**
 * The language of the caller's messages: English when `Accept-Language` prefers some `en` (any `en-*`)
 * over every `zh`, Chinese otherwise — Chinese is the default, and what the console's browser sends.
 */
export function languageOf(header: string | string[] | undefined): Lang {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  let en = 0;
  let zh = 0;
  for (const part of value.split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    if (!Number.isFinite(weight)) continue;
    const primary = tag.trim().split('-')[0];
    if (primary === 'en') en = Math.max(en, weight);
    if (primary === 'zh') zh = Math.max(zh, weight);
  }
  return en > zh ? 'en' : 'zh';
}
