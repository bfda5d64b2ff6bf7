import { z } from 'zod';
import { CountyCode, Limit } from './common.js';

export const FilingsQuery = z.strictObject({ orgCode: CountyCode.optional(), limit: Limit(500, 100) });

export const Filings = z.object({
  items: z.array(z.object({ caseId: z.string(), orgCode: z.string(), kind: z.string(), amountFen: z.number(), approvedBy: z.string(), approvedAt: z.string() })),
});
