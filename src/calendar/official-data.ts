// Official PRC holiday schedule from the `chinese-days` npm package. Node-only (uses require):
// load it in activities/repositories and pass the plain data into workflows.
import { createRequire } from 'node:module';

export interface OfficialCalendarData {
  holidays: string[];
  workdays: string[];
  publishedYears: number[];
  source: string;
}

interface ChineseDaysJson {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

let cached: OfficialCalendarData | undefined;

export function officialCalendarData(): OfficialCalendarData {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const json = require('chinese-days/dist/chinese-days.json') as ChineseDaysJson;
  const { version } = require('chinese-days/package.json') as { version: string };
  const holidays = Object.keys(json.holidays).sort();
  const workdays = Object.keys(json.workdays).sort();
  // A year counts as published if the package lists any date in it.
  const publishedYears = [...new Set([...holidays, ...workdays].map((d) => Number(d.slice(0, 4))))].sort((a, b) => a - b);
  // Frozen: the cache is shared, so a caller mutating it would corrupt every later calendar.
  cached = Object.freeze({
    holidays: Object.freeze(holidays) as string[],
    workdays: Object.freeze(workdays) as string[],
    publishedYears: Object.freeze(publishedYears) as number[],
    source: `chinese-days@${version}`,
  });
  return cached;
}
