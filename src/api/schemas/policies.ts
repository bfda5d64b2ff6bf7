import { z } from 'zod';
import { says } from '../validation.js';
import { POLICY_KEY_NAMES, POLICY_VALUES, type AnyPolicySpec, type PolicyKey } from '../../domain/policy-values.js';
import { SIMULATED_KEYS, SIMULATED_TYPES } from '../../domain/simulation.js';
import { IsoDateString, Text } from './common.js';
import { checkedSchemaOf, formSchemaOf } from './from-fields.js';

/** A key's value as the API checks it: its field, then its entry's cross-field rule (reported at its path). */
function valueSchemaOf(key: string, { value, check }: AnyPolicySpec): z.ZodType {
  // With an id, each key's shape is a component of the OpenAPI document (PolicyValue-<key>).
  return checkedSchemaOf(value, check).meta({ id: `PolicyValue-${key}`, description: value.description ? `policy ${key}: ${value.description}` : `policy ${key}` });
}

/** What each policy key's value must be (the domain's table): a value the service could not run on is refused with 400. */
export const POLICY_VALUE_SCHEMAS = Object.fromEntries(Object.entries(POLICY_VALUES).map(([key, spec]) => [key, valueSchemaOf(key, spec)])) as Record<PolicyKey, z.ZodType>;

export const PolicyParams = z.strictObject({ region: z.string().regex(/^\d{6}$/, says('field.regionCode')) });
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

/** Every loadable key: its Chinese name and the JSON Schema of its value (what a form asks for). */
export const POLICY_KEY_FORMS = (Object.keys(POLICY_VALUES) as PolicyKey[]).map((key) => ({ key, name: POLICY_KEY_NAMES[key], schema: formSchemaOf(POLICY_VALUES[key].value) }));

export const PolicyList = z.object({
  regionCode: z.string(),
  asOf: z.string(),
  items: z.array(PolicyEntry),
  keys: z.array(z.object({ key: z.string(), name: z.string(), schema: z.record(z.string(), z.unknown()) })).describe('every key: its Chinese name and the JSON Schema of its value'),
  mayLoad: z.boolean().describe('the caller may load values for this region (PUT)'),
  maySimulate: z.boolean().describe('the caller may run a what-if for this region (POST …/simulations)'),
  simulatedKeys: z.array(z.enum(SIMULATED_KEYS)).describe('the keys a what-if can run'),
});
export const PolicyLoaded = PolicyEntry.extend({ adjustedBenefits: z.number().describe('benefits whose amount the value moves from its month (benefit-adjusted entries)') });

export const SimulationBody = z.strictObject({
  key: z.enum(SIMULATED_KEYS),
  value: z.unknown().describe('the proposed value, in the shape of its key: components.schemas PolicyValue-<key>'),
  effectiveFrom: IsoDateString.describe('the day the proposal would take effect: households as on that day, benefits as they pay that month'),
});

const count = (what: string) => z.number().int().describe(what);
const SimulationCounts = {
  coveredBefore: count('paid now (低保: an active or 渐退期 benefit; 低收入: recognised)'),
  coveredAfter: count('paid under the proposal: eligible, or in 渐退期 (coveredBefore − leaving + entering)'),
  entering: count('not covered before, eligible after'),
  leaving: count('covered before, stopped after (not eligible, and not entering 渐退期)'),
  phasingOut: count('in 渐退期 after, at its frozen amount: already in it, or entering it (income strictly above the standard with a member in work)'),
  suspended: count('低保 suspended: counted neither before nor after'),
  unassessed: count('no members on record: left as they are'),
  monthlyCostBeforeFen: count('what the benefits pay a month now'),
  monthlyCostAfterFen: count('the computed amounts of those eligible after, plus the frozen amounts in 渐退期'),
};

export const SimulationResponse = z.object({
  regionCode: z.string(),
  key: z.enum(SIMULATED_KEYS),
  effectiveFrom: z.string(),
  month: z.string().describe('the month the benefits before are priced in (YYYY-MM)'),
  rows: z.array(z.object({ orgCode: z.string(), type: z.enum(SIMULATED_TYPES), ...SimulationCounts })).describe('per street and type, over the households with a 低保 case'),
  totals: z.object({ households: count('households simulated'), ...SimulationCounts }),
});
