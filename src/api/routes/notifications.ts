import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { inbox, markNotificationRead } from '../../db/notifications.js';
import type { ApiDeps } from '../deps.js';
import { msg } from '../../domain/catalogue.js';
import { ERROR_RESPONSES, notFound } from '../errors.js';
import { isoDates } from '../iso-dates.js';
import { Inbox, InboxQuery, Notification, NotificationParams } from '../schemas/notifications.js';

/** The caller's inbox: notifications addressed to its role at its street or county. */
export const notificationRoutes =
  ({ db }: ApiDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/notifications', {
      schema: {
        tags: ['notifications'],
        summary: 'Notifications for the caller’s role and org, newest first',
        querystring: InboxQuery,
        response: { 200: Inbox, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const q = request.query;
        const rows = await inbox(db, request.actor, { unreadOnly: q.unread === 'true', before: q.before, limit: q.limit + 1 });
        const page = rows.slice(0, q.limit);
        return {
          items: page.map(isoDates),
          nextBefore: rows.length > q.limit ? (page[page.length - 1]?.id ?? null) : null,
        };
      },
    });

    app.post('/notifications/:id/read', {
      schema: {
        tags: ['notifications'],
        summary: 'Mark one of the caller’s notifications read',
        params: NotificationParams,
        response: { 200: Notification, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const row = await markNotificationRead(db, request.actor, request.params.id, new Date());
        if (!row) throw notFound(msg('notification.notFound', { id: request.params.id }));
        return isoDates(row);
      },
    });
  };
