import { z } from 'zod';
import { CORRECTION_ACTIONS, CORRECTION_PATHS, CORRECTION_STATUSES } from '../../domain/corrections.js';
import { Limit, OrgCode, Text } from './common.js';

const Value = z.union([z.string(), z.number()]);

export const CorrectionBody = z.strictObject({
  path: z.enum(CORRECTION_PATHS).describe('what is corrected: the applicant’s name, phone or address, the household’s monthly income (fen) or size, the decided monthly amount (fen)'),
  value: Value.describe('the corrected value: a name or an address (text), a phone, fen (an integer ≥ 0), a household size (1–20)'),
  reason: Text(500).describe('why the record is wrong'),
  evidence: Text(2000).describe('what shows the right value, and where the proof is kept'),
});

export const CorrectionActionBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('approve'), note: Text(500).optional() }),
  z.strictObject({ action: z.literal('refuse'), reason: Text(500) }),
]);

export const CorrectionParams = z.object({ correctionId: z.string().min(1).max(64) });
export const CaseCorrectionParams = z.object({ caseId: z.string().min(1).max(100) });
export const BenefitCorrectionParams = z.object({ benefitId: z.string().min(1).max(120) });

export const CorrectionsQuery = z.strictObject({
  orgCode: OrgCode.optional().describe('a street or the county; default: a caseworker’s street, anyone else’s county'),
  status: z.enum(CORRECTION_STATUSES).optional(),
  caseId: z.string().min(1).max(100).optional(),
  before: z.coerce.number().int().positive().optional().describe('a page after this `seq`'),
  limit: Limit(200, 50),
});

const Effect = z
  .object({
    backPayFen: z.number().optional().describe('补发: owed for the months already sent below the corrected amount'),
    recoveryFen: z.number().optional().describe('to be recovered for the months already sent above it'),
    months: z.array(z.object({ month: z.string(), payee: z.string(), amountFen: z.number().describe('as sent'), correctedFen: z.number() })),
  })
  .meta({ id: 'CorrectionEffect' });

export const Correction = z
  .object({
    correctionId: z.string(),
    seq: z.number().describe('the order corrections were proposed in; `before` pages by it'),
    caseId: z.string(),
    benefitId: z.string().nullable().describe('the benefit a decided amount’s correction changes'),
    orgCode: z.string(),
    countyCode: z.string(),
    path: z.enum(CORRECTION_PATHS),
    pathLabel: z.string().describe('the path as caseworkers name it'),
    value: Value.describe('the corrected value'),
    before: Value.nullable().describe('the value it replaces (null where the record held none): as proposed, and as replaced once approved'),
    reason: z.string(),
    evidence: z.string(),
    status: z.enum(CORRECTION_STATUSES),
    proposedBy: z.string(),
    fromMonth: z.string().nullable().describe('a decided amount: the first month paid at the corrected amount (the first not yet sent)'),
    effect: Effect.nullable().describe('a decided amount, approved: 补发 or recovery over the months already sent, which stay as they were'),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
    history: z.array(
      z.object({
        action: z.string(),
        at: z.string(),
        by: z.object({ sub: z.string(), role: z.string(), name: z.string().optional() }),
        before: Value.nullable(),
        after: Value,
        note: z.string().optional(),
        reason: z.string().optional(),
      }),
    ),
    allowedActions: z.array(z.enum(CORRECTION_ACTIONS)),
  })
  .meta({ id: 'Correction' });

export const CorrectionList = z.object({ items: z.array(Correction), nextBefore: z.number().nullable() });

/** On a case: its approved corrections, each with the value it replaced (the case shows the corrected ones). */
export const AppliedCorrections = z
  .array(z.object({ correctionId: z.string(), path: z.enum(CORRECTION_PATHS), before: Value.nullable(), after: Value, approvedAt: z.string() }))
  .describe('容错纠错: approved corrections, in the order approved; the fields above show the corrected values, each original kept here');
