import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditTrail, verifyAuditTrail } from '../../db/audit.js';
import { AUDIT_READERS } from '../../domain/roles.js';
import { requireRole } from '../auth.js';
import { readCase } from '../case-access.js';
import type { ApiDeps } from '../deps.js';
import { ErrorBody } from '../errors.js';
import { isoDates } from '../iso-dates.js';
import { AuditQuery, AuditTrail, AuditVerdict } from '../schemas/audit.js';

export const auditRoutes =
  ({ db }: ApiDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/audit', {
      schema: {
        tags: ['audit'],
        summary: 'Every recorded step of a case, in order (auditor, supervisor)',
        querystring: AuditQuery,
        response: {
          200: AuditTrail,
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
          items: rows.map(({ id: _id, caseId: _caseId, actorSub, actorRole, actorOrg, details, ...r }) => ({
            ...isoDates(r),
            actor: { sub: actorSub, role: actorRole, org: actorOrg },
            details: details as Record<string, unknown>,
          })),
        };
      },
    });

    app.get('/audit/verify', {
      schema: {
        tags: ['audit'],
        summary: 'Whether a case’s audit trail is as written (auditor, supervisor): its hash chain and the daily anchors that named it; where it breaks',
        querystring: AuditQuery,
        response: { 200: AuditVerdict, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
      handler: async (request) => {
        requireRole(request.actor, AUDIT_READERS, 'read the audit trail');
        const { caseId } = request.query;
        await readCase(db, request.actor, caseId);
        return { caseId, ...(await verifyAuditTrail(db, caseId)) };
      },
    });
  };
