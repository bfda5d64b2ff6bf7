import { z } from 'zod';
import { Offset, Total, sorting } from './common.js';

export const AuditQuery = z
  .strictObject({
    caseId: z.string().min(1).max(100).optional(),
    caseNumber: z.string().trim().min(1).max(30).optional().describe('受理编号 (420106-2026-000123) instead of the case id'),
    ...sorting(['seq', 'at', 'recordedAt'] as const),
    offset: Offset,
    limit: z.coerce.number().int().min(1).max(1000).optional().describe('a page of the trail; every entry without it'),
  })
  .refine((q) => (q.caseId === undefined) !== (q.caseNumber === undefined), { message: '请提供 caseId 或 caseNumber 之一', path: ['caseId'] });

/** A trail's verification names the case by its id. */
export const AuditVerifyQuery = z.strictObject({ caseId: z.string().min(1).max(100) });

const AuditEntry = z
  .object({
    seq: z.number(),
    at: z.string(),
    actor: z.object({ sub: z.string(), role: z.string(), org: z.string(), name: z.string().optional().describe('the person’s name, from their token') }),
    action: z.string(),
    summary: z.string(),
    details: z.record(z.string(), z.unknown()),
    recordedAt: z.string(),
    /** The case's hash chain (GET /v1/audit/verify): position in write order, previous entry's hash, this one's. */
    chainIndex: z.number().nullable().optional(),
    prevHash: z.string().nullable().optional(),
    hash: z.string().nullable().optional(),
  })
  .meta({ id: 'AuditEntry' });

export const AuditTrail = z.object({ caseId: z.string(), caseNumber: z.string(), applicantName: z.string(), items: z.array(AuditEntry), total: Total });

export const AuditVerdict = z
  .object({
    caseId: z.string(),
    ok: z.boolean(),
    entries: z.number(),
    /** The first place the chain does not hold: its position, the entry's seq (null when it is gone), why. */
    brokenAt: z
      .object({
        chainIndex: z.number(),
        seq: z.number().nullable(),
        reason: z.enum(['unchained', 'missing', 'link', 'altered', 'anchor']),
        message: z.string(),
      })
      .optional(),
  })
  .meta({ id: 'AuditVerdict' });
