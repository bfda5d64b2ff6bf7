import { z } from 'zod';
import { COOPERATION_STATUSES } from '../../domain/residence.js';
import { Limit, Text } from './common.js';

export const CooperationListQuery = z.strictObject({
  status: z.enum(COOPERATION_STATUSES).optional(),
  direction: z.enum(['incoming', 'outgoing']).default('incoming').describe('incoming: the requests the caller’s county (the 户籍 county) must answer; outgoing: those its cases sent'),
  limit: Limit(200, 50),
});

export const CooperationParams = z.strictObject({ requestId: z.string().min(1).max(200) });

export const CooperationAnswerBody = z.strictObject({
  findings: Text(2000).describe('what the 户籍 county found (协查结果)'),
  householdSituation: Text(2000).optional().describe('the family’s situation at the 户籍 place, as visited or registered'),
});

export const CooperationRequest = z
  .object({
    requestId: z.string(),
    caseId: z.string().describe('the case it belongs to: readable by the accepting county only'),
    orgCode: z.string().describe('the street that accepted the case (where the applicant lives)'),
    fromCounty: z.string(),
    toCounty: z.string().describe('the 户籍 county, which answers'),
    status: z.enum(COOPERATION_STATUSES),
    requestedAt: z.string(),
    dueDate: z.string().describe('the last working day to answer (YYYY-MM-DD, Asia/Shanghai); holidays do not count'),
    dueAt: z.string(),
    permitNumber: z.string().describe('居住证号码'),
    applicant: z.object({ name: z.string(), idNumberMasked: z.string() }),
    findings: z.string().nullable(),
    householdSituation: z.string().nullable(),
    answeredAt: z.string().nullable(),
    mayAnswer: z.boolean().describe('the caller may answer it now'),
  })
  .meta({ id: 'CooperationRequest' });

export const CooperationList = z.object({ items: z.array(CooperationRequest) });

/** The request as a case of the accepting county shows it. */
export const CooperationOnCase = z.looseObject({
  requestId: z.string(),
  fromCounty: z.string(),
  toCounty: z.string(),
  permitNumber: z.string(),
  status: z.enum(COOPERATION_STATUSES),
  dueDate: z.string(),
  dueAt: z.string(),
  findings: z.string().nullable(),
  householdSituation: z.string().nullable(),
  answeredAt: z.string().nullable(),
});
