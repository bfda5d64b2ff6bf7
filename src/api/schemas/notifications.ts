import { z } from 'zod';
import { Limit } from './common.js';

export const InboxQuery = z.strictObject({
  unread: z.enum(['true', 'false']).optional(),
  before: z.coerce.number().int().min(1).optional().describe('the id of the last item of the previous page'),
  limit: Limit(200, 50),
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

export const Inbox = z.object({ items: z.array(Notification), nextBefore: z.number().nullable() });
