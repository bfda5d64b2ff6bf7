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
  })
  .meta({ id: 'AuditEntry' });

export const AuditTrail = z.object({ caseId: z.string(), items: z.array(AuditEntry) });
