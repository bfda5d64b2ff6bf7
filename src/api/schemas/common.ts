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
