import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { inbox, inboxCount, markNotificationRead, markNotificationsRead, type InboxPage } from '../../db/notifications.js';
import type { ApiDeps } from '../deps.js';
import { msg } from '../../domain/catalogue.js';
import { ERROR_RESPONSES, badRequest, notFound } from '../errors.js';
import { isoDates } from '../iso-dates.js';
import { Inbox, InboxQuery, Notification, NotificationParams, Reads, ReadsBody } from '../schemas/notifications.js';

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
        if (q.before !== undefined && q.offset !== undefined) throw badRequest('offset', msg('field.cursorOrOffset'));
        if (q.before !== undefined && q.sortBy) throw badRequest('before', msg('field.cursorWithSort'));
        const filter: InboxPage = {
          unreadOnly: q.unread === 'true',
          ...(q.kind ? { kind: q.kind } : {}),
          ...(q.before !== undefined ? { before: q.before } : {}),
          ...(q.sortBy ? { sortBy: q.sortBy, sortOrder: q.sortOrder } : {}),
          ...(q.offset !== undefined ? { offset: q.offset } : {}),
          limit: q.limit + 1,
        };
        // The page, then its total (never side by side: see GET /v1/cases).
        const rows = await inbox(db, request.actor, filter);
        const total = await inboxCount(db, request.actor, filter);
        const page = rows.slice(0, q.limit);
        return {
          items: page.map(isoDates),
          nextBefore: rows.length > q.limit && !q.sortBy ? (page[page.length - 1]?.id ?? null) : null,
          total,
        };
      },
    });

    app.post('/notifications/reads', {
      schema: {
        tags: ['notifications'],
        summary: 'Mark several of the caller’s notifications read: all of them, or none (404 naming those that are not the caller’s)',
        body: ReadsBody,
        response: { 200: Reads, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const result = await markNotificationsRead(db, request.actor, request.body.ids, new Date());
        if ('missing' in result) throw notFound(msg('notification.someNotFound', { ids: result.missing.join('、') }));
        return { items: result.rows.map(isoDates) };
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
