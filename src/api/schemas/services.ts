import { z } from 'zod';
import { SERVICE_ORDER_ACTIONS, SERVICE_ORDER_STATUSES } from '../../domain/services.js';
import { MonthString } from './benefits.js';
import { CountyCode, Limit, OrgCode, Text } from './common.js';

export const CatalogueParams = z.object({ countyCode: CountyCode });
export const ServiceCatalogue = z.object({
  countyCode: z.string(),
  placeholder: z.boolean().describe('true while the catalogue is the seeded placeholder, not the county’s published prices'),
  items: z.array(z.object({ service: z.string(), name: z.string(), unit: z.string(), unitPriceFen: z.number() })),
});

export const ServiceOrderBody = z
  .strictObject({
    benefitId: z.string().min(1).max(64).optional(),
    caseId: z.string().min(1).max(64).optional(),
    service: z.string().min(1).max(40).describe('a `service` of the county’s catalogue'),
    units: z.number().int().min(1).max(1000),
    provider: Text(100).describe('who delivers it (机构 or 个人)'),
    month: MonthString.describe('the month it is delivered in: the person’s cap is that month’s'),
  })
  .describe('exactly one of benefitId or caseId: whose service');

export const ServiceOrderParams = z.object({ orderId: z.string().min(1).max(64) });
export const ServiceOrderActionBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('deliver'), note: Text(500).optional() }),
  z.strictObject({ action: z.literal('verify'), note: Text(500).optional() }),
  z.strictObject({ action: z.literal('cancel'), reason: Text(500) }),
]);

export const ServiceOrdersQuery = z.strictObject({
  orgCode: OrgCode.optional(),
  status: z.enum(SERVICE_ORDER_STATUSES).optional(),
  month: MonthString.optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: Limit(200, 50),
});

export const ServiceOrder = z.object({
  orderId: z.string(),
  seq: z.number(),
  orgCode: z.string(),
  personName: z.string(),
  benefitId: z.string().nullable(),
  caseId: z.string().nullable(),
  service: z.string(),
  serviceName: z.string(),
  unit: z.string(),
  units: z.number(),
  unitPriceFen: z.number(),
  amountFen: z.number(),
  provider: z.string(),
  month: z.string(),
  status: z.enum(SERVICE_ORDER_STATUSES),
  history: z.array(z.object({ action: z.string(), at: z.string(), by: z.object({ sub: z.string(), role: z.string(), name: z.string().optional() }), note: z.string().optional() })),
  allowedActions: z.array(z.enum(SERVICE_ORDER_ACTIONS)),
});
export const ServiceOrderList = z.object({ items: z.array(ServiceOrder), nextBefore: z.number().nullable() });
