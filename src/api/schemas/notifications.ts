import { z } from 'zod';
import { Limit, Offset, Total, sorting } from './common.js';

export const InboxQuery = z.strictObject({
  unread: z.enum(['true', 'false']).optional(),
  kind: z.string().min(1).max(50).optional().describe('only notifications of this kind'),
  ...sorting(['createdAt', 'kind', 'readAt'] as const),
  before: z.coerce.number().int().min(1).optional().describe('the id of the last item of the previous page'),
  offset: Offset,
  limit: Limit(200, 50),
});

export const ReadsBody = z.strictObject({
  ids: z
    .array(z.number().int().min(1))
    .min(1)
    .max(200)
    .transform((ids) => [...new Set(ids)])
    .describe('the notifications to mark read (at most 200): all of them the caller’s, or none is marked (404 naming the others)'),
});

export const NotificationParams = z.strictObject({ id: z.coerce.number().int().min(1) });

export const Notification = z.object({
  id: z.number(),
  caseId: z.string().nullable(),
  kind: z.string().describe('deadline-reminder, overdue, payment-escalated, reserve-short, deliberation, …'),
  message: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

export const Inbox = z.object({ items: z.array(Notification), nextBefore: z.number().nullable(), total: Total });

export const Reads = z.object({ items: z.array(Notification) });
