import { z } from 'zod';
import { says } from '../validation.js';
import { date, fen, phone, positiveFen, text } from '../../domain/fields.js';
import { schemaOf } from './from-fields.js';

// Primitives every resource's schemas use. Request schemas reject unknown fields (strictObject);
// responses describe what we send.

// The rules of money, text, phone numbers and dates are the domain's (domain/fields.ts).
export const Fen = schemaOf(fen());
export const PositiveFen = schemaOf(positiveFen());
export const Text = (max: number) => schemaOf(text(max));
export const Phone = schemaOf(phone());
export const StreetCode = z.string().regex(/^\d{9}$/, says('field.streetCode'));
export const CountyCode = z.string().regex(/^\d{6}$/, says('field.countyCode'));
export const OrgCode = z.string().regex(/^\d{6}(\d{3})?$/, says('field.orgCode'));
export const IsoDateString = schemaOf(date());

export const IdempotencyHeaders = z.looseObject({
  'idempotency-key': z.string().min(1).max(200).optional(),
});

/** A page size from the query string. */
export const Limit = (max: number, byDefault: number) => z.coerce.number().int().min(1).max(max).default(byDefault);

/**
 * Page numbers beside the cursor: skip this many items (page n of size limit: (n − 1) × limit). A list
 * answers `total` (how many match) whichever way it is paged.
 */
export const Offset = z.coerce.number().int().min(0).max(100_000).optional().describe('skip this many items: page numbers instead of the cursor (not both)');
/** Server-side sorting on one of a list's columns, ascending or descending. */
export const sorting = <const C extends readonly [string, ...string[]]>(columns: C) => ({
  sortBy: z.enum(columns).optional().describe('the column to order by (instead of the list’s own order; not with cursor)'),
  sortOrder: z.enum(['asc', 'desc']).default('asc').describe('with sortBy: ascending (default) or descending'),
});
export const Total = z.number().int().min(0).describe('how many items match the filters, over all pages');
