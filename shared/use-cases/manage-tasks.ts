import { NotFoundError, ValidationError } from '#shared/domain/errors';
import type { Page } from '#shared/domain/page';
import { isOverdue, type Task, type TaskCreate, type TaskListQuery, type TaskPatch } from '#shared/domain/task';
import { knownTeam, knownUser } from './manage-users';
import { ConcurrentWriteError } from './port-errors';
import type { Clock } from './ports';
import type { TaskStore, Users } from './sales-ports';

/** A task as the API answers it: without its version, with whether it is overdue and what it is about. */
export type TaskView = Omit<Task, 'version'> & { overdue: boolean; subject: { kind: 'contact' | 'company'; id: string; name: string } };

interface Subjects {
  contacts: { getMany(ids: readonly string[]): Promise<Array<{ id: string; email: string; firstName?: string; lastName?: string }>> };
  companies: { getMany(ids: readonly string[]): Promise<Array<{ id: string; name: string }>> };
}

type TaskPorts = Subjects & { tasks: TaskStore; users: Users; clock: Clock; newId: () => string };

const MAX_ATTEMPTS = 5;

const personName = (contact: { email: string; firstName?: string; lastName?: string }) =>
  [contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.email;

/** Tasks as answered, with their contact's or company's name (one batch read of each). */
export async function taskViews(ports: Subjects & { clock: Clock }, tasks: readonly Task[]): Promise<TaskView[]> {
  const contactIds = [...new Set(tasks.flatMap((task) => (task.contactId ? [task.contactId] : [])))];
  const companyIds = [...new Set(tasks.flatMap((task) => (task.companyId ? [task.companyId] : [])))];
  const [contacts, companies] = await Promise.all([
    contactIds.length ? ports.contacts.getMany(contactIds) : [],
    companyIds.length ? ports.companies.getMany(companyIds) : [],
  ]);
  const names = new Map<string, string>([
    ...contacts.map((contact) => [contact.id, personName(contact)] as const),
    ...companies.map((company) => [company.id, company.name] as const),
  ]);
  const now = ports.clock.now();
  return tasks.map(({ version: _version, ...task }) => {
    const subject = task.contactId ? { kind: 'contact' as const, id: task.contactId } : { kind: 'company' as const, id: task.companyId ?? '' };
    return { ...task, overdue: isOverdue(task, now), subject: { ...subject, name: names.get(subject.id) ?? subject.id } };
  });
}

async function assigneeFor(users: Users, input: { assigneeId?: string; team?: string }): Promise<{ assigneeId: string } | { team: string } | undefined> {
  if (input.assigneeId !== undefined) return { assigneeId: (await knownUser(users, input.assigneeId, 'assigneeId')).id };
  if (input.team !== undefined) return { team: await knownTeam(users, input.team, 'team') };
  return undefined;
}

/**
 * Creates a task on a contact or a company, for a user or a team (neither: the caller). An unknown
 * contact, company, user or team is a 400 naming the field.
 */
export async function createTask(ports: TaskPorts, callerId: string, input: TaskCreate, id = ports.newId(), origin?: string): Promise<TaskView> {
  if (input.contactId !== undefined && (await ports.contacts.getMany([input.contactId])).length === 0)
    throw new ValidationError(`contactId: ${input.contactId} is not a contact`, [
      { path: 'contactId', message: 'is not a contact (unknown, merged or erased)' },
    ]);
  if (input.companyId !== undefined && (await ports.companies.getMany([input.companyId])).length === 0)
    throw new ValidationError(`companyId: ${input.companyId} is not a company`, [{ path: 'companyId', message: 'is not a company' }]);
  const assignee = (await assigneeFor(ports.users, input)) ?? { assigneeId: callerId };
  const at = ports.clock.now().toISOString();
  const task: Task = {
    id,
    ...(input.contactId !== undefined ? { contactId: input.contactId } : { companyId: input.companyId ?? '' }),
    title: input.title,
    ...(input.note ? { note: input.note } : {}),
    dueAt: input.dueAt,
    ...assignee,
    status: 'open',
    createdAt: at,
    createdBy: callerId,
    updatedAt: at,
    ...(origin ? { origin } : {}),
    version: 1,
  };
  await ports.tasks.create(task);
  const [view] = await taskViews(ports, [task]);
  return view ?? Promise.reject(new NotFoundError('Task', id));
}

export async function getTask(ports: Pick<TaskPorts, 'tasks' | 'contacts' | 'companies' | 'clock'>, id: string): Promise<TaskView> {
  const task = await ports.tasks.get(id);
  if (!task) throw new NotFoundError('Task', id);
  const [view] = await taskViews(ports, [task]);
  return view ?? Promise.reject(new NotFoundError('Task', id));
}

/** The task after `patch`: completed or reopened, postponed, reassigned, retitled. */
export function changedTask(
  task: Task,
  patch: Omit<TaskPatch, 'assigneeId' | 'team'>,
  assignee: { assigneeId: string } | { team: string } | undefined,
  now: Date,
): Task {
  const { assigneeId: _assigneeId, team: _team, completedAt: _completedAt, note: _note, ...rest } = task;
  const status = patch.status ?? task.status;
  const completedAt = status === 'done' ? (task.status === 'done' ? task.completedAt : now.toISOString()) : undefined;
  const note = patch.note === undefined ? task.note : patch.note || undefined;
  return {
    ...rest,
    ...(assignee ?? (task.assigneeId !== undefined ? { assigneeId: task.assigneeId } : { team: task.team ?? '' })),
    status,
    ...(patch.dueAt ? { dueAt: patch.dueAt } : {}),
    ...(patch.title ? { title: patch.title } : {}),
    ...(note ? { note } : {}),
    ...(completedAt ? { completedAt } : {}),
    updatedAt: now.toISOString(),
  };
}

/** Completes, reopens, postpones, reassigns or retitles a task; re-read and re-applied when another change came in between. */
export async function patchTask(ports: TaskPorts, id: string, patch: TaskPatch): Promise<TaskView> {
  const assignee = await assigneeFor(ports.users, patch);
  for (let attempt = 1; ; attempt += 1) {
    const task = await ports.tasks.get(id);
    if (!task) throw new NotFoundError('Task', id);
    try {
      const written = await ports.tasks.update(task, changedTask(task, patch, assignee, ports.clock.now()));
      const [view] = await taskViews(ports, [written]);
      return view ?? Promise.reject(new NotFoundError('Task', id));
    } catch (error) {
      if (!(error instanceof ConcurrentWriteError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

/**
 * Lists tasks: a contact's or company's (all of them, by due time), or an assignee's by due time, overdue
 * first: by default the caller's own and their team's, `assigneeId` a user's own, `team` a team's.
 */
export async function listTasks(
  ports: Pick<TaskPorts, 'tasks' | 'users' | 'contacts' | 'companies' | 'clock'>,
  callerId: string,
  query: TaskListQuery,
): Promise<Page<TaskView>> {
  const { status, dueBefore, limit, cursor } = query;
  if (query.contactId !== undefined || query.companyId !== undefined) {
    if (cursor !== undefined)
      throw new ValidationError('cursor: a record lists all its tasks at once', [{ path: 'query.cursor', message: 'pages only lists by assignee' }]);
    const subject = query.contactId !== undefined ? { contactId: query.contactId } : { companyId: query.companyId ?? '' };
    const tasks = (await ports.tasks.listForSubject(subject)).filter((task) => task.status === status && (!dueBefore || task.dueAt < dueBefore));
    return { items: await taskViews(ports, tasks) };
  }
  let assignees: Array<{ assigneeId?: string; team?: string }>;
  if (query.team !== undefined) assignees = [{ team: query.team }];
  else if (query.assigneeId !== undefined) assignees = [{ assigneeId: query.assigneeId }];
  else {
    const caller = await ports.users.get(callerId);
    assignees = [{ assigneeId: callerId }, ...(caller?.team ? [{ team: caller.team }] : [])];
  }
  const page = await ports.tasks.listByAssignees(assignees, status, { limit, ...(cursor ? { cursor } : {}), ...(dueBefore ? { dueBefore } : {}) });
  return { items: await taskViews(ports, page.items), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}
