import { z } from 'zod';

export const AuditQuery = z
  .strictObject({
    caseId: z.string().min(1).max(100).optional(),
    caseNumber: z.string().trim().min(1).max(30).optional().describe('受理编号 (420106-2026-000123) instead of the case id'),
  })
  .refine((q) => (q.caseId === undefined) !== (q.caseNumber === undefined), { message: '请提供 caseId 或 caseNumber 之一', path: ['caseId'] });

const AuditEntry = z
  .object({
    seq: z.number(),
    at: z.string(),
    actor: z.object({ sub: z.string(), role: z.string(), org: z.string(), name: z.string().optional().describe('the person’s name, from their token') }),
    action: z.string(),
    summary: z.string(),
    details: z.record(z.string(), z.unknown()),
    recordedAt: z.string(),
  })
  .meta({ id: 'AuditEntry' });

export const AuditTrail = z.object({ caseId: z.string(), caseNumber: z.string(), applicantName: z.string(), items: z.array(AuditEntry) });
