import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditTrail, verifyAuditTrail } from '../../db/audit.js';
import { caseIdOfNumber } from '../../db/cases.js';
import { AUDIT_READERS } from '../../domain/roles.js';
import { requireRole } from '../auth.js';
import { readCase } from '../case-access.js';
import type { ApiDeps } from '../deps.js';
import { msg } from '../../domain/catalogue.js';
import { ErrorBody, notFound } from '../errors.js';
import { isoDates } from '../iso-dates.js';
import { AuditQuery, AuditTrail, AuditVerdict, AuditVerifyQuery } from '../schemas/audit.js';

export const auditRoutes =
  ({ db }: ApiDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/audit', {
      schema: {
        tags: ['audit'],
        summary: 'Every recorded step of a case, in order, by case id or 受理编号 (auditor, supervisor)',
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
        requireRole(request.actor, AUDIT_READERS, 'what.readAudit');
        const { caseId: byId, caseNumber } = request.query;
        // A number not found and a case outside the caller's scope look the same: 404.
        const caseId = byId ?? (await caseIdOfNumber(db, caseNumber!));
        if (!caseId) throw notFound(msg('case.notFound', { id: caseNumber ?? '' }));
        const row = await readCase(db, request.actor, caseId);
        const trail = await auditTrail(db, caseId);
        // A case's trail is short: ordered and paged here, in the order asked for (seq by default).
        const { sortBy = 'seq', sortOrder, offset = 0, limit } = request.query;
        const key = (r: (typeof trail)[number]) => (sortBy === 'seq' ? r.seq : r[sortBy].getTime());
        const sorted = [...trail].sort((a, b) => (key(a) - key(b) || a.seq - b.seq) * (sortOrder === 'desc' ? -1 : 1));
        const rows = sorted.slice(offset, limit === undefined ? undefined : offset + limit);
        return {
          total: trail.length,
          caseId,
          caseNumber: row.caseNumber,
          applicantName: row.applicantName,
          items: rows.map(({ id: _id, caseId: _caseId, actorSub, actorRole, actorOrg, actorName, details, ...r }) => ({
            ...isoDates(r),
            actor: { sub: actorSub, role: actorRole, org: actorOrg, ...(actorName ? { name: actorName } : {}) },
            details: details as Record<string, unknown>,
          })),
        };
      },
    });

    app.get('/audit/verify', {
      schema: {
        tags: ['audit'],
        summary: 'Whether a case’s audit trail is as written (auditor, supervisor): its hash chain and the daily anchors that named it; where it breaks',
        querystring: AuditVerifyQuery,
        response: { 200: AuditVerdict, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
      handler: async (request) => {
        requireRole(request.actor, AUDIT_READERS, 'what.readAudit');
        const { caseId } = request.query;
        await readCase(db, request.actor, caseId);
        return { caseId, ...(await verifyAuditTrail(db, caseId)) };
      },
    });
  };
