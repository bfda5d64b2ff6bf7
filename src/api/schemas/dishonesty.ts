import { z } from 'zod';
import { isValidCreditCode } from '../../domain/credit-code.js';
import { DISHONESTY_ACTIONS, DISHONESTY_KINDS, DISHONESTY_STATUSES } from '../../domain/dishonesty.js';
import { says } from '../validation.js';
import { CountyCode, IsoDateString, Limit, Text } from './common.js';
import { Applicant, ResidentIdNumber } from './intake.js';

export const DishonestyLookup = z.strictObject({ idNumber: Applicant.shape.idNumber });

export const DishonestyEntries = z.object({
  listedNow: z.boolean(),
  entries: z.array(
    z.object({
      applicantIdMasked: z.string(),
      elsewhere: z.boolean().describe('listed by another county: only that, and until when, is shown'),
      reason: z.string().nullable().describe('null for another county’s entry'),
      sourceCaseId: z.string().nullable().describe('null for another county’s entry'),
      startDate: z.string().nullable().describe('null for another county’s entry'),
      expiresOn: z.string(),
      active: z.boolean(),
    }),
  ),
});

/** 失信 entries (004 §四): a person by ID number, an organisation by 统一社会信用代码. */
const Subject = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('person'), idNumber: ResidentIdNumber.describe('stored as a keyed hash and a mask, never in full') }),
  z.strictObject({
    kind: z.literal('organisation'),
    creditCode: z.string().refine(isValidCreditCode, says('field.creditCode')).describe('统一社会信用代码 (GB 32100-2015)'),
    name: Text(128),
  }),
]);

export const DishonestyEntryBody = z.strictObject({
  subject: Subject,
  kind: z.enum(DISHONESTY_KINDS).describe('瞒报收入, 虚假资料, 多报/瞒报家庭成员, 虚假承诺, 其他'),
  sourceCaseId: z.string().min(1).max(64).optional().describe('the case it was found in: one the proposer reads, of its county'),
  evidence: Text(2000).describe('what was found, and where the proof is kept'),
});

export const DishonestyEntryActionBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('confirm'), listedUntil: IsoDateString.optional().describe('default: the policy key `dishonesty`.`days` from today') }),
  z.strictObject({ action: z.literal('reject'), reason: Text(500) }),
  z.strictObject({ action: z.literal('appeal'), reason: Text(500) }),
  z.strictObject({ action: z.literal('remove'), reason: Text(500) }),
]);

export const DishonestyEntryParams = z.object({ entryId: z.string().min(1).max(64) });

export const DishonestyEntriesQuery = z.strictObject({
  countyCode: CountyCode.optional().describe('default: the caller’s county'),
  status: z.enum(DISHONESTY_STATUSES).optional(),
  before: z.coerce.number().int().positive().optional().describe('a page after this `seq`'),
  limit: Limit(200, 50),
});

export const DishonestyEntry = z.object({
  entryId: z.string(),
  seq: z.number().describe('the order entries were proposed in; `before` pages by it'),
  status: z.enum(DISHONESTY_STATUSES),
  kind: z.enum(DISHONESTY_KINDS),
  subject: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('person'), idNumberMasked: z.string() }),
    z.object({ kind: z.literal('organisation'), creditCode: z.string(), name: z.string() }),
  ]),
  countyCode: z.string(),
  sourceCaseId: z.string().nullable(),
  evidence: z.string().nullable(),
  reason: z.string(),
  startDate: z.string().nullable(),
  listedUntil: z.string().nullable(),
  listedNow: z.boolean(),
  history: z.array(z.object({ action: z.string(), at: z.string(), by: z.object({ sub: z.string(), role: z.string(), name: z.string().optional() }), reason: z.string().optional(), listedUntil: z.string().optional() })),
  allowedActions: z.array(z.enum(DISHONESTY_ACTIONS)),
});

export const DishonestyEntryList = z.object({ items: z.array(DishonestyEntry), nextBefore: z.number().nullable() });
