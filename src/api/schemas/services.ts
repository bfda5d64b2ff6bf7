import { z } from 'zod';
import { SERVICE_ORDER_ACTIONS, SERVICE_ORDER_STATUSES } from '../../domain/services.js';
import { AccountNumber, MonthString } from './benefits.js';
import { says } from '../validation.js';
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

const By = z.object({ sub: z.string(), role: z.string(), name: z.string().optional() });
const Step = z.object({ action: z.string(), at: z.string(), by: By, note: z.string().optional(), settlementId: z.string().optional() });

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
  settlementId: z.string().nullable().describe('the settlement that paid its provider, once settled'),
  history: z.array(Step),
  allowedActions: z.array(z.enum(SERVICE_ORDER_ACTIONS)),
});
export const ServiceOrderList = z.object({ items: z.array(ServiceOrder), nextBefore: z.number().nullable() });

export const ProviderParams = z.strictObject({ countyCode: CountyCode });
export const ProviderAccountBody = z.strictObject({
  name: Text(100).describe('the provider as the county’s orders name it'),
  bankName: Text(100),
  accountNumber: AccountNumber,
});
export const Provider = z.object({ countyCode: z.string(), name: z.string(), bankName: z.string(), accountMasked: z.string(), updatedAt: z.string() });
export const ProviderList = z.object({ items: z.array(Provider), mayEdit: z.boolean().describe('the caller may record an account (PUT)') });

export const SettlementBody = z.strictObject({ countyCode: CountyCode, month: MonthString.describe('the month the orders were delivered in') });
export const SettlementParams = z.strictObject({ settlementId: z.string().min(1).max(64) });
export const SettlementsQuery = z.strictObject({
  countyCode: CountyCode.optional(),
  month: MonthString.optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: Limit(200, 50),
});
const SettlementSummary = z.object({
  settlementId: z.string(),
  seq: z.number(),
  countyCode: z.string(),
  month: z.string(),
  orders: z.number(),
  amountFen: z.number(),
  createdAt: z.string(),
  lines: z.number().describe('providers paid'),
  failedLines: z.number().describe('lines the bank returned'),
});
export const SettlementList = z.object({ items: z.array(SettlementSummary), nextBefore: z.number().nullable(), maySettle: z.boolean() });
export const Settlement = SettlementSummary.extend({
  items: z.array(
    z.object({
      line: z.number(),
      reference: z.string().describe('摘要 in the bank file: settlementId/line'),
      provider: z.string(),
      bankName: z.string(),
      accountMasked: z.string(),
      orders: z.number(),
      amountFen: z.number(),
      status: z.enum(['sent', 'failed']),
      failureReason: z.string().nullable(),
    }),
  ),
  orderIds: z.array(z.string()).describe('the orders it settled'),
  withoutAccount: z.array(z.string()).describe('providers of the month’s verified orders left unsettled for want of an account on record'),
  history: z.array(Step.extend({ lines: z.number().optional(), failed: z.number().optional() })),
  allowedActions: z.array(z.enum(['file', 'returns'])),
});
export const SettlementReturnsBody = z.strictObject({
  items: z
    .array(z.strictObject({ reference: z.string().regex(/^settlement-\d+\/\d+$/, says('field.settlementReference')), reason: Text(500) }))
    .min(1)
    .max(1000),
});
export const SettlementReturnsResult = z.object({ failed: z.number().describe('lines newly marked failed; a repeated return counts 0'), settlement: Settlement });
