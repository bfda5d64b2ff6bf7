import { z } from 'zod';
import { IsoDateString } from './common.js';

export const CalendarYearParams = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) });

export const PublishedYear = z.strictObject({
  source: z.string().trim().min(1).max(500).describe('e.g. 国务院办公厅关于2027年部分节假日安排的通知'),
  days: z
    .array(z.strictObject({ date: IsoDateString, working: z.boolean(), note: z.string().max(200).optional() }))
    .max(366)
    .describe('weekdays off (working: false) and weekend days worked (working: true)'),
});

export const PublishedYearResult = z.object({
  year: z.number(),
  region: z.string().describe('000000 (the State Council) or the loading province (xx0000): the calendar this year replaced'),
  days: z.number(),
  casesRecounted: z.number(),
  benefitsRecounted: z.number().describe('benefits whose open review deadline counted across the year, told to count it again'),
});
