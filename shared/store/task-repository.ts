import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Task, TaskStatus } from '#shared/domain/task';
import { inParallel } from '#shared/in-parallel';
import type { TableRef } from './dynamo-client';
import { AlreadyExistsError, cancellationReasons, ConcurrentWriteError, writeIf } from './errors';
import { keys, SK_PREFIX } from './keys';
import { decodePosition, encodePosition, getAll, type Page, queryAll, withoutKeys } from './pagination';

export type { Task };

type Assignee = { assigneeId?: string; team?: string };

const assigneeOf = (task: Task): Assignee => (task.assigneeId !== undefined ? { assigneeId: task.assigneeId } : { team: task.team ?? '' });

/** Sort keys of the assignee index are `<dueAt>#<taskId>`: an ISO time, then an id without `#`. */
const validPosition = (sortKey: string) => /^\d{4}-\d{2}-\d{2}T[\d:.]+Z#[^#]+$/.test(sortKey);

/**
 * Tasks: `TASK#<id>` / `META`, in gsi1 under their assignee and status (`TASKS#U#<user>#open`,
 * `TASKS#T#<team>#done`) sorted by due time, so "my open tasks, overdue first" is one Query per
 * partition; and a link `TASK#<id>` in the contact's (or company's) partition, so a contact's tasks are
 * one Query, are erased and exported with the person and move with a merge. Every change is conditioned
 * on the version read (no lost update).
 */
export class TaskRepository {
  constructor(private readonly table: TableRef) {}

  private item(task: Task): Record<string, unknown> {
    return { ...keys.task(task.id), ...keys.taskAssignee(assigneeOf(task), task.status, task.dueAt, task.id), type: 'task', ...task };
  }

  /** Creates the task and its link, only if no task has its id ({@link AlreadyExistsError} otherwise). */
  async create(task: Task): Promise<void> {
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.table.tableName, Item: this.item(task), ConditionExpression: 'attribute_not_exists(pk)' } },
            {
              Put: {
                TableName: this.table.tableName,
                Item: { ...keys.taskLink(task, task.id), type: 'task-link', taskId: task.id, ...(task.contactId ? { contactId: task.contactId } : {}) },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (cancellationReasons(error)?.[0] === 'ConditionalCheckFailed') throw new AlreadyExistsError(`Task ${task.id} exists already`, { cause: error });
      throw error;
    }
  }

  async get(id: string): Promise<Task | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.task(id), ConsistentRead: true }));
    return result.Item ? withoutKeys<Task>(result.Item) : undefined;
  }

  /** Replaces the task if it is still at the version `previous` was read; ConcurrentWriteError otherwise. */
  async update(previous: Task, next: Task): Promise<Task> {
    const written = { ...next, version: previous.version + 1 };
    const put = new PutCommand({
      TableName: this.table.tableName,
      Item: this.item(written),
      ConditionExpression: 'version = :seen',
      ExpressionAttributeValues: { ':seen': previous.version },
    });
    if (!(await writeIf(this.table.client.send(put)))) throw new ConcurrentWriteError();
    return written;
  }

  /**
   * A page of the tasks of these assignees in one status, by due time (earliest, so overdue, first), due
   * before `dueBefore` when given: one Query per assignee, merged; the cursor is the last task's position.
   */
  async listByAssignees(
    assignees: readonly Assignee[],
    status: TaskStatus,
    options: { limit: number; cursor?: string; dueBefore?: string },
  ): Promise<Page<Task>> {
    const after = options.cursor ? decodePosition(options.cursor, validPosition) : undefined;
    const pages = await Promise.all(
      assignees.map(async (assignee) => {
        const result = await this.table.client.send(
          new QueryCommand({
            TableName: this.table.tableName,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':pk': keys.taskAssignees(assignee, status), ':from': after ?? '0', ':to': options.dueBefore ?? '~' },
            Limit: options.limit + 2,
          }),
        );
        return result.Items ?? [];
      }),
    );
    const merged = pages
      .flat()
      .filter((item) => String(item.gsi1sk) !== after)
      .sort((a, b) => String(a.gsi1sk).localeCompare(String(b.gsi1sk)));
    const page = merged.slice(0, options.limit);
    const last = page.at(-1);
    return {
      items: page.map((item) => withoutKeys<Task>(item)),
      ...(merged.length > options.limit && last ? { nextCursor: encodePosition(String(last.gsi1sk)) } : {}),
    };
  }

  /** Every task of a contact or a company (their links, then the tasks), by due time. */
  async listForSubject(subject: { contactId: string } | { companyId: string }): Promise<Task[]> {
    const ids = await this.idsForSubject(subject);
    const tasks = (
      await getAll(
        this.table,
        ids.map((id) => keys.task(id)),
      )
    ).map((item) => withoutKeys<Task>(item));
    return tasks.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
  }

  private async idsForSubject(subject: { contactId: string } | { companyId: string }): Promise<string[]> {
    const link = keys.taskLink(subject, '');
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': link.pk, ':prefix': SK_PREFIX.task },
      ConsistentRead: true,
    });
    return items.map((item) => String(item.taskId));
  }

  /** Deletes a contact's tasks (an erasure; their links go with the partition). */
  async eraseOfContact(contactId: string): Promise<void> {
    const ids = await this.idsForSubject({ contactId });
    await inParallel(ids, 8, async (id) => {
      await this.table.client.send(new DeleteCommand({ TableName: this.table.tableName, Key: keys.task(id) }));
    });
  }

  /**
   * Points the tasks linked from `survivorId`'s partition that still name `otherId` at the survivor (a
   * merge moved their links there). Idempotent.
   */
  async moveToContact(otherId: string, survivorId: string): Promise<number> {
    const ids = await this.idsForSubject({ contactId: survivorId });
    let moved = 0;
    await inParallel(ids, 8, async (id) => {
      const updated = await writeIf(
        this.table.client.send(
          new UpdateCommand({
            TableName: this.table.tableName,
            Key: keys.task(id),
            UpdateExpression: 'SET contactId = :survivor, version = version + :one',
            ConditionExpression: 'contactId = :other',
            ExpressionAttributeValues: { ':survivor': survivorId, ':other': otherId, ':one': 1 },
          }),
        ),
      );
      if (updated) moved += 1;
    });
    return moved;
  }
}
