import { z } from 'zod';
import { DISCOVERY_ACTIONS, DISCOVERY_SOURCES, DISCOVERY_STATUSES } from '../../domain/discoveries.js';
import { CountyCode, IsoDateString, Limit, OrgCode, StreetCode, Text } from './common.js';
import { ApplicationBody } from './applications.js';
import { ResidentIdNumber } from './intake.js';

/** 主动发现: a person found in hardship before they apply. */
export const DiscoveryReport = z.strictObject({
  source: z.enum(DISCOVERY_SOURCES).describe('网格员, 部门数据比对, 12349 热线, 走访, 本人, 公安, 志愿者'),
  orgCode: StreetCode.describe('the street where the person lives: its caseworkers visit'),
  person: z.strictObject({ name: Text(64), idNumber: ResidentIdNumber.optional().describe('when known; kept as a keyed hash and a mask') }),
  address: Text(200),
  situation: Text(2000).describe('the hardship as reported'),
  foundOn: IsoDateString.optional().describe('the day found (a match list’s date); default today, never after it'),
});

/** At most 10,000 rows a request: a department's match list of a county. */
export const DiscoveryImport = z.strictObject({ rows: z.array(DiscoveryReport).min(1).max(10_000) });

export const DiscoveryImportResult = z.object({ created: z.number(), existing: z.number() });

export const DiscoveryParams = z.object({ discoveryId: z.string().min(1).max(64) });

export const DiscoveryActionBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('visit'), findings: Text(2000), on: IsoDateString.optional().describe('the day visited; default today') }),
  z.strictObject({ action: z.literal('invite'), application: ApplicationBody.describe('the one-door application (POST /v1/applications) filled in with the person at the street of the discovery') }),
  z.strictObject({ action: z.literal('close'), reason: Text(500) }),
  z.strictObject({ action: z.literal('refer'), receivingOrg: Text(100), note: Text(500).optional() }),
]);

export const DiscoveriesQuery = z.strictObject({
  orgCode: OrgCode.optional().describe('a street, or a county for all its streets; default the caller’s'),
  status: z.enum(DISCOVERY_STATUSES).optional(),
  overdue: z.enum(['true', 'false']).optional().describe('true: only those not visited by their due date'),
  before: z.coerce.number().int().positive().optional().describe('a page after this `seq`'),
  limit: Limit(200, 50),
});

export const Discovery = z.object({
  discoveryId: z.string(),
  seq: z.number(),
  source: z.enum(DISCOVERY_SOURCES),
  orgCode: z.string(),
  status: z.enum(DISCOVERY_STATUSES),
  person: z.object({ name: z.string(), idNumberMasked: z.string().nullable() }),
  address: z.string(),
  situation: z.string(),
  foundOn: z.string(),
  visitDueDate: z.string(),
  overdue: z.boolean(),
  visitedOn: z.string().nullable(),
  findings: z.string().nullable(),
  applicationId: z.string().nullable(),
  outcome: z.string().nullable().describe('why it was closed, or where it was referred'),
  existing: z.boolean().describe('true: this person was already pending from this source; that discovery is answered'),
  history: z.array(z.object({ action: z.string(), at: z.string(), by: z.object({ sub: z.string(), role: z.string(), name: z.string().optional() }), note: z.string().optional() })),
  allowedActions: z.array(z.enum(DISCOVERY_ACTIONS)),
});

export const DiscoveryList = z.object({ items: z.array(Discovery), total: z.number(), nextBefore: z.number().nullable() });

export const CampaignBody = z.strictObject({ year: z.number().int().min(2000).max(2100), countyCode: CountyCode });
export const CampaignParams = z.object({ campaignId: z.string().min(1).max(64) });
export const Campaign = z.object({
  campaignId: z.string(),
  countyCode: z.string(),
  year: z.number(),
  openedAt: z.string(),
  streets: z.array(
    z.object({
      orgCode: z.string(),
      discovered: z.number(),
      visited: z.number(),
      invited: z.number(),
      overdue: z.number(),
      pushedAt: z.string().nullable().describe('when the street last pushed its list to the county (POST /v1/campaigns/{campaignId}/pushes); null: not yet'),
    }),
  ),
  totals: z.object({ discovered: z.number(), visited: z.number(), invited: z.number(), overdue: z.number() }),
});

export const CampaignPush = z.object({
  campaignId: z.string(),
  orgCode: z.string(),
  pushedAt: z.string(),
  discovered: z.number(),
  visited: z.number(),
  invited: z.number(),
  overdue: z.number(),
});
