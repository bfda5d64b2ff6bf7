import { z } from 'zod';
import { POLICY_VALUES, type AnyPolicySpec, type PolicyKey } from '../../domain/policy-values.js';
import { IsoDateString, Text } from './common.js';
import { checkedSchemaOf } from './from-fields.js';

/** A key's value as the API checks it: its field, then its entry's cross-field rule (reported at its path). */
function valueSchemaOf(key: string, { value, check }: AnyPolicySpec): z.ZodType {
  // With an id, each key's shape is a component of the OpenAPI document (PolicyValue-<key>).
  return checkedSchemaOf(value, check).meta({ id: `PolicyValue-${key}`, description: value.description ? `policy ${key}: ${value.description}` : `policy ${key}` });
}

/** What each policy key's value must be (the domain's table): a value the service could not run on is refused with 400. */
export const POLICY_VALUE_SCHEMAS = Object.fromEntries(Object.entries(POLICY_VALUES).map(([key, spec]) => [key, valueSchemaOf(key, spec)])) as Record<PolicyKey, z.ZodType>;

export const PolicyParams = z.strictObject({ region: z.string().regex(/^\d{6}$/, 'must be a 6-digit region code (000000: national)') });
export const PolicyKeyParams = PolicyParams.extend({ key: z.enum(Object.keys(POLICY_VALUES) as [PolicyKey, ...PolicyKey[]]) });

export const PolicyBody = z.strictObject({
  value: z.unknown().describe('the value, in the shape of its key: components.schemas PolicyValue-<key>'),
  effectiveFrom: IsoDateString.describe('a date after today (Asia/Shanghai): the past is never edited'),
  source: Text(500).describe('the document it comes from, e.g. 武汉市民政局 2026 年第 12 号'),
});

const PolicyEntry = z.object({
  regionCode: z.string().describe('the region the value belongs to; 000000 where the county has none of its own'),
  key: z.string(),
  value: z.unknown(),
  effectiveFrom: z.string(),
  source: z.string().nullable(),
  status: z.enum(['in-force', 'scheduled']),
  placeholder: z.boolean().describe('a seeded placeholder, not a published figure: load the real value'),
});

export const PolicyList = z.object({ regionCode: z.string(), asOf: z.string(), items: z.array(PolicyEntry) });
export const PolicyLoaded = PolicyEntry.extend({ adjustedBenefits: z.number().describe('benefits whose amount the value moves from its month (benefit-adjusted entries)') });
