import { z } from 'zod';
import { CHECKS } from '../../domain/reconciliation.js';
import { CountyCode, IsoDateString } from './common.js';

export const ReconciliationQuery = z.strictObject({
  countyCode: CountyCode.optional(),
  /** The day reconciled (Asia/Shanghai); today when absent. */
  date: IsoDateString.optional(),
});

const Difference = z
  .object({ kind: z.string(), message: z.string() })
  .catchall(z.union([z.string(), z.number(), z.null()]))
  .meta({ id: 'ReconciliationDifference', description: 'What disagrees, with its ids and figures (fen)' });

const Check = z.object({
  check: z.enum(CHECKS),
  ok: z.boolean(),
  counts: z.record(z.string(), z.number()),
  differences: z.array(Difference),
});

export const Reconciliation = z
  .object({
    countyCode: z.string(),
    date: z.string(),
    /** `scheduled`: what the daily run found and stored that day; `live`: reconciled now. */
    source: z.enum(['scheduled', 'live']),
    checkedAt: z.string(),
    ok: z.boolean(),
    differences: z.number(),
    checks: z.array(Check),
  })
  .meta({ id: 'Reconciliation' });
