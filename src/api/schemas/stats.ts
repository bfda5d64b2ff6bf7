import { z } from 'zod';
import { says } from '../validation.js';
import { CASE_TYPES } from '../../domain/cases.js';
import { IsoDateString, OrgCode } from './common.js';

export const SlaQuery = z.strictObject({ orgCode: OrgCode.optional(), from: IsoDateString.optional(), to: IsoDateString.optional() });

const SlaItem = z.object({
  orgCode: z.string(),
  type: z.string(),
  open: z.number(),
  decidedOnTime: z.number(),
  decidedLate: z.number(),
  overdueNow: z.number(),
  dueSoon: z.number().describe('open, not overdue, due within the next three days'),
});

export const SlaStats = z.object({
  orgCode: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  items: z.array(SlaItem),
  cooperationOverdue: z.number().describe('居住地申办: cooperation requests overdue now that the county sent or must answer'),
  care: z
    .array(
      z.object({
        orgCode: z.string(),
        discoveriesOverdue: z.number().describe('主动发现 still unvisited after their visit due date'),
        contactsOverdue: z.number().describe('benefits whose next contact (visit or call) is past'),
      }),
    )
    .describe('走访联系 per street, today: only streets with something overdue'),
});

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, says('field.month'));

export const SlaMonthlyQuery = z.strictObject({
  orgCode: OrgCode.optional(),
  type: z.enum(CASE_TYPES).optional(),
  from: Month.describe('first month, YYYY-MM (Asia/Shanghai)'),
  to: Month.describe('last month, YYYY-MM; at most 36 months after from'),
});

export const SlaMonthly = z.object({
  orgCode: z.string(),
  type: z.string().nullable(),
  items: z.array(
    z.object({
      month: z.string(),
      decided: z.number(),
      decidedOnTime: z.number(),
      decidedLate: z.number(),
      onTimeRate: z.number().nullable().describe('decided on time ÷ decided (null: nothing decided)'),
      emergencyPaid: z.number().describe('临时救助 急难型 paid in the month'),
      emergencyPaidLate: z.number().describe('of them, paid after the 24-hour window'),
    }),
  ),
});
