import { z } from 'zod';
import { CountyCode, Limit, Offset, PositiveFen, sorting, StreetCode, Total } from './common.js';

export const ReserveFundParams = z.strictObject({ orgCode: StreetCode });

export const ReserveFundQuery = z.strictObject({
  ...sorting(['at', 'amountFen'] as const),
  offset: Offset.describe('skip this many ledger entries (page numbers)'),
  limit: Limit(1000, 100),
});

export const ReplenishmentBody = z.strictObject({ amountFen: PositiveFen, note: z.string().trim().min(1).max(2000).optional() });

export const ReserveFund = z
  .object({
    orgCode: z.string(),
    countyCode: z.string(),
    balanceFen: z.number(),
    presetFen: z.number(),
    entries: z.array(
      z.object({
        id: z.number(),
        kind: z.string().describe('preset | payout | replenishment | reversal'),
        amountFen: z.number().describe('signed: money in positive, a payout negative'),
        balanceAfterFen: z.number(),
        caseId: z.string().nullable(),
        instalment: z.number().nullable(),
        actorSub: z.string(),
        note: z.string().nullable(),
        at: z.string(),
      }),
    ),
    entriesTotal: Total.describe('how many entries the ledger has, over all pages'),
  })
  .meta({ id: 'ReserveFund' });

export const Replenished = ReserveFund.extend({ replenishment: z.object({ entryId: z.number(), amountFen: z.number(), duplicate: z.boolean() }) });

export const ReserveOverviewQuery = z.strictObject({ countyCode: CountyCode.optional().describe('default: the caller’s county') });

export const ReserveOverview = z.object({
  countyCode: z.string(),
  lowBalanceRatio: z.number().describe('a fund is low below this share of its preset'),
  items: z.array(
    z.object({
      orgCode: z.string(),
      balanceFen: z.number(),
      presetFen: z.number(),
      low: z.boolean(),
      used: z.boolean().describe('false: never moved; the preset is the balance'),
      updatedAt: z.string().nullable(),
    }),
  ),
});
