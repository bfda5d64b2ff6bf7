import { and, desc, eq, isNull, lt } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { notifications } from '../../db/schema.js';
import { ERROR_RESPONSES, notFound } from '../errors.js';

const Notification = z.object({
  id: z.number(),
  caseId: z.string().nullable(),
  kind: z.string().describe('deadline-reminder, overdue, payment-escalated, reserve-short, deliberation, …'),
  message: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

/** The caller's inbox: notifications addressed to its role at its street or county. */
export const notificationRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/notifications', {
      schema: {
        tags: ['notifications'],
        summary: 'Notifications for the caller’s role and org, newest first',
        querystring: z.strictObject({
          unread: z.enum(['true', 'false']).optional(),
          before: z.coerce.number().int().min(1).optional().describe('the id of the last item of the previous page'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(Notification), nextBefore: z.number().nullable() }), ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const { actor } = request;
        const q = request.query;
        const rows = await db
          .select()
          .from(notifications)
          .where(
            and(
              eq(notifications.recipientRole, actor.role),
              eq(notifications.recipientOrg, actor.org),
              q.unread === 'true' ? isNull(notifications.readAt) : undefined,
              q.before ? lt(notifications.id, q.before) : undefined,
            ),
          )
          .orderBy(desc(notifications.id))
          .limit(q.limit + 1);
        const page = rows.slice(0, q.limit);
        return {
          items: page.map((n) => ({
            id: n.id,
            caseId: n.caseId,
            kind: n.kind,
            message: n.message,
            createdAt: n.createdAt.toISOString(),
            readAt: n.readAt?.toISOString() ?? null,
          })),
          nextBefore: rows.length > q.limit ? (page[page.length - 1]?.id ?? null) : null,
        };
      },
    });

    app.post('/notifications/:id/read', {
      schema: {
        tags: ['notifications'],
        summary: 'Mark one of the caller’s notifications read',
        params: z.strictObject({ id: z.coerce.number().int().min(1) }),
        response: { 200: Notification, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const { actor } = request;
        const mine = and(eq(notifications.id, request.params.id), eq(notifications.recipientRole, actor.role), eq(notifications.recipientOrg, actor.org));
        // The first reading is the one kept: marking twice changes nothing.
        await db.update(notifications).set({ readAt: new Date() }).where(and(mine, isNull(notifications.readAt)));
        const [row] = await db.select().from(notifications).where(mine);
        if (!row) throw notFound(`no notification ${request.params.id} for you`);
        return { id: row.id, caseId: row.caseId, kind: row.kind, message: row.message, createdAt: row.createdAt.toISOString(), readAt: row.readAt?.toISOString() ?? null };
      },
    });
  };
