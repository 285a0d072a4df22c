import * as z from '#shared/zod';
import { isoDateTime, requiredText, text } from './common-schemas';

/** A task's state: open until someone completes it; a done task can be reopened. */
export const TASK_STATUSES = ['open', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/**
 * A follow-up (Wiedervorlage) on a contact or a company, assigned to a user or to a team, due at a time.
 * `version` guards every change (no lost update); responses leave it out.
 */
export interface Task {
  id: string;
  contactId?: string;
  companyId?: string;
  title: string;
  note?: string;
  dueAt: string;
  assigneeId?: string;
  team?: string;
  status: TaskStatus;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  completedAt?: string;
  /** Where the task came from when a reaction created it (`lead.qualified:<event id>`). */
  origin?: string;
  version: number;
}

const userId = z.string().trim().min(1).max(200);
const teamName = z.string().trim().min(1).max(100);
const taskDueAt = isoDateTime.transform((value) => new Date(value).toISOString());

const exactlyOne = (names: readonly [string, string], message: string) => (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
  const given = names.filter((name) => value[name] !== undefined);
  if (given.length > 1) for (const name of given.slice(1)) ctx.addIssue({ code: 'custom', path: [name], message });
  return given;
};

/**
 * `POST /v1/tasks`: on exactly one of a contact or a company; for exactly one of a user or a team
 * (neither: the caller).
 *
 * @example { "contactId": "3f0c…", "title": "Angebot nachfassen", "dueAt": "2026-12-03T09:00:00+01:00", "team": "sales-north" }
 */
export const taskCreateSchema = z
  .strictObject({
    contactId: z.string().trim().min(1).max(100).optional(),
    companyId: z.string().trim().min(1).max(100).optional(),
    title: requiredText(200),
    dueAt: taskDueAt,
    assigneeId: userId.optional(),
    team: teamName.optional(),
    note: text(2000).optional(),
  })
  .superRefine((task, ctx) => {
    const subjects = exactlyOne(['contactId', 'companyId'], 'give either contactId or companyId, not both')(task, ctx);
    if (subjects.length === 0) ctx.addIssue({ code: 'custom', path: ['contactId'], message: 'give the contactId or the companyId the task is about' });
    exactlyOne(['assigneeId', 'team'], 'give either assigneeId or team, not both')(task, ctx);
  });
export type TaskCreate = z.output<typeof taskCreateSchema>;

/**
 * `PATCH /v1/tasks/{id}`: complete (`done`) or reopen (`open`), postpone (`dueAt`), reassign (to a user
 * or a team), retitle, change the note (`""` clears it).
 *
 * @example { "status": "done" }
 */
export const taskPatchSchema = z
  .strictObject({
    status: z.enum(TASK_STATUSES).optional(),
    dueAt: taskDueAt.optional(),
    assigneeId: userId.optional(),
    team: teamName.optional(),
    title: requiredText(200).optional(),
    note: text(2000).optional(),
  })
  .superRefine((patch, ctx) => {
    exactlyOne(['assigneeId', 'team'], 'give either assigneeId or team, not both')(patch, ctx);
    if (Object.keys(patch).length === 0) ctx.addIssue({ code: 'custom', path: [], message: 'must change at least one field' });
  });
export type TaskPatch = z.output<typeof taskPatchSchema>;

/**
 * `GET /v1/tasks`: by default the caller's open tasks and their team's, overdue first, then by due time.
 * `assigneeId` or `team` names whose; `contactId` or `companyId` lists a record's tasks instead (newest due last).
 */
export const taskListQuery = z
  .strictObject({
    assigneeId: userId.optional(),
    team: teamName.optional(),
    status: z.enum(TASK_STATUSES).default('open'),
    dueBefore: isoDateTime.transform((value) => new Date(value).toISOString()).optional(),
    contactId: z.string().trim().min(1).max(100).optional(),
    companyId: z.string().trim().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(2000).optional(),
  })
  .superRefine((query, ctx) => {
    const given = (['assigneeId', 'team', 'contactId', 'companyId'] as const).filter((name) => query[name] !== undefined);
    for (const name of given.slice(1))
      ctx.addIssue({ code: 'custom', path: [name], message: `give at most one of assigneeId, team, contactId, companyId (${given[0]} is given)` });
  });
export type TaskListQuery = z.output<typeof taskListQuery>;

/** Whose tasks a list shows: a user's own (and their team's), one team's, or a contact's or company's. */
export type TaskScope = { assigneeId: string; team?: string } | { team: string } | { contactId: string } | { companyId: string };

/** Open and due before `now`. */
export const isOverdue = (task: Pick<Task, 'status' | 'dueAt'>, now: Date): boolean => task.status === 'open' && task.dueAt < now.toISOString();
