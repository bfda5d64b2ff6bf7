import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AUDIT_READERS } from '../../domain/roles.js';
import { auditTrail } from '../../db/case-records.js';
import type { Db } from '../../db/client.js';
import { requireRole } from '../auth.js';
import { readCase } from '../case-service.js';
import { ErrorBody } from '../errors.js';

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

export const auditRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/audit', {
      schema: {
        tags: ['audit'],
        summary: 'Every recorded step of a case, in order (auditor, supervisor)',
        querystring: z.strictObject({ caseId: z.string().min(1).max(100) }),
        response: {
          200: z.object({ caseId: z.string(), items: z.array(AuditEntry) }),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
        },
      },
      handler: async (request) => {
        requireRole(request.actor, AUDIT_READERS, 'read the audit trail');
        const { caseId } = request.query;
        await readCase(db, request.actor, caseId);
        const rows = await auditTrail(db, caseId);
        return {
          caseId,
          items: rows.map((r) => ({
            seq: r.seq,
            at: r.at.toISOString(),
            actor: { sub: r.actorSub, role: r.actorRole, org: r.actorOrg },
            action: r.action,
            summary: r.summary,
            details: r.details as Record<string, unknown>,
            recordedAt: r.recordedAt.toISOString(),
          })),
        };
      },
    });
  };
