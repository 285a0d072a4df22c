import type { Company } from '#shared/domain/company';
import { taskViews, type TaskView } from './manage-tasks';
import { ownerOf } from './owners';
import type { Clock } from './ports';
import type { TaskStore, UserRef, Users } from './sales-ports';
import type { ContactView } from './view-contact';

type SalesPorts = {
  users: Users;
  tasks: Pick<TaskStore, 'listForSubject'>;
  contacts: Parameters<typeof taskViews>[0]['contacts'];
  companies: Parameters<typeof taskViews>[0]['companies'];
  clock: Clock;
};

/** A task's entries on a timeline: created, and completed when it is done. */
export function taskTimeline(tasks: readonly TaskView[]): ContactView['timeline'] {
  return tasks.flatMap((task) => {
    const common = {
      taskId: task.id,
      title: task.title,
      status: task.status,
      ...(task.assigneeId ? { assigneeId: task.assigneeId } : {}),
      ...(task.team ? { team: task.team } : {}),
    };
    return [
      { kind: 'task' as const, at: task.createdAt, event: 'created', ...common },
      ...(task.completedAt ? [{ kind: 'task' as const, at: task.completedAt, event: 'completed', ...common }] : []),
    ];
  });
}

/** The 360° view with the person's owner (their own or their company's), their tasks, and the tasks on the timeline. */
export async function withSalesView(
  ports: SalesPorts,
  view: ContactView,
): Promise<ContactView & { owner: UserRef | null; ownerInherited: boolean; tasks: TaskView[] }> {
  const [owner, tasks] = await Promise.all([
    ownerOf(ports.users, view.contact, view.company),
    ports.tasks.listForSubject({ contactId: view.contact.id }).then((found) => taskViews(ports, found)),
  ]);
  const timeline = [...view.timeline, ...taskTimeline(tasks)].sort((a, b) => b.at.localeCompare(a.at));
  return { ...view, ...owner, tasks, timeline };
}

/** A company with its owner and its own tasks. */
export async function withCompanySales<C extends Company>(ports: SalesPorts, company: C): Promise<C & { owner: UserRef | null; tasks: TaskView[] }> {
  const [{ owner }, tasks] = await Promise.all([
    ownerOf(ports.users, {}, company),
    ports.tasks.listForSubject({ companyId: company.id }).then((found) => taskViews(ports, found)),
  ]);
  return { ...company, owner, tasks };
}
