import { ROLES } from '#shared/domain/user';
import { TASK_STATUSES } from '#shared/domain/task';
import type { TaskView } from '#shared/use-cases/manage-tasks';
import type { ListedUser } from '#shared/use-cases/manage-users';
import type { UserRef } from '#shared/use-cases/sales-ports';
import * as z from '#shared/zod';
import { isoTime } from './common-responses';

/** A user of the product. @example { "id": "sales-anna", "name": "Anna Vertrieb", "email": "anna@example.com", "team": "sales-north", "roles": ["sales"], "timeZone": "Europe/Berlin" } */
export const userResponse = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  team: z.string().optional(),
  roles: z.array(z.enum(ROLES)),
  timeZone: z.string(),
  locale: z.enum(['de', 'en']).optional(),
}) satisfies z.ZodType<ListedUser>;

/** The caller, with whether they get the morning task digest. */
export const currentUserResponse = userResponse.extend({ digest: z.boolean() });

/** An owner or assignee as records show them. */
export const userRefResponse = z.object({ id: z.string(), name: z.string(), email: z.string(), team: z.string().optional() }) satisfies z.ZodType<UserRef>;

/**
 * A task (Wiedervorlage).
 *
 * @example { "id": "t-1", "contactId": "3f0c…", "title": "Angebot nachfassen", "dueAt": "2026-12-03T08:00:00.000Z", "assigneeId": "sales-anna",
 *            "status": "open", "overdue": false, "subject": { "kind": "contact", "id": "3f0c…", "name": "Erika Muster" },
 *            "createdAt": "2026-12-01T10:00:00.000Z", "createdBy": "local-admin", "updatedAt": "2026-12-01T10:00:00.000Z" }
 */
export const taskResponse = z.object({
  id: z.string(),
  contactId: z.string().optional(),
  companyId: z.string().optional(),
  title: z.string(),
  note: z.string().optional(),
  dueAt: isoTime,
  assigneeId: z.string().optional(),
  team: z.string().optional(),
  status: z.enum(TASK_STATUSES),
  overdue: z.boolean(),
  subject: z.object({ kind: z.enum(['contact', 'company']), id: z.string(), name: z.string() }),
  createdAt: isoTime,
  createdBy: z.string(),
  updatedAt: isoTime,
  completedAt: isoTime.optional(),
  origin: z.string().optional(),
}) satisfies z.ZodType<TaskView>;

/** Every user of the product, by name. */
export const userListResponse = z.object({ items: z.array(userResponse) });

/** A task on the 360° timeline: when it was created, and when it was completed. */
export const taskTimelineEntryResponse = z.object({
  kind: z.literal('task'),
  at: isoTime,
  taskId: z.string(),
  title: z.string(),
  event: z.enum(['created', 'completed']),
  status: z.enum(TASK_STATUSES),
  assigneeId: z.string().optional(),
  team: z.string().optional(),
});
