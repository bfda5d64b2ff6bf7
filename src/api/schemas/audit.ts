import { z } from 'zod';

export const AuditQuery = z.strictObject({ caseId: z.string().min(1).max(100) });

const AuditEntry = z
  .object({
    seq: z.number(),
    at: z.string(),
    actor: z.object({ sub: z.string(), role: z.string(), org: z.string() }),
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

export const AuditTrail = z.object({ caseId: z.string(), items: z.array(AuditEntry) });

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
