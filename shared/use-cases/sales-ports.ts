import type { Page } from '#shared/domain/page';
import type { Task, TaskStatus } from '#shared/domain/task';
import type { User } from '#shared/domain/user';

/**
 * The ports of the sales use cases (users, owners, tasks, the digest, qualified leads), each listing
 * the methods those use cases call; shared/store and shared/users satisfy them.
 */

export interface Users {
  list(): Promise<User[]>;
  get(id: string): Promise<User | undefined>;
}

export interface TaskStore {
  /** AlreadyExistsError when a task has this id. */
  create(task: Task): Promise<void>;
  get(id: string): Promise<Task | undefined>;
  /** ConcurrentWriteError when the task is no longer at `previous.version`. */
  update(previous: Task, next: Task): Promise<Task>;
  listByAssignees(
    assignees: ReadonlyArray<{ assigneeId?: string; team?: string }>,
    status: TaskStatus,
    options: { limit: number; cursor?: string; dueBefore?: string },
  ): Promise<Page<Task>>;
  listForSubject(subject: { contactId: string } | { companyId: string }): Promise<Task[]>;
}

/** A contact's tasks as erasure and merge see them. */
export interface ContactTasks {
  listForSubject(subject: { contactId: string }): Promise<Task[]>;
  eraseOfContact(contactId: string): Promise<void>;
  moveToContact(otherId: string, survivorId: string): Promise<number>;
}

export interface UserSettings {
  digestEnabled(userId: string): Promise<boolean>;
  setDigest(userId: string, digest: boolean, at: Date): Promise<void>;
}

export interface DigestClaims {
  claimDigest(userId: string, localDay: string, at: Date): Promise<boolean>;
  releaseDigest(userId: string, localDay: string): Promise<void>;
}

export interface TurnCounter {
  nextInTurn(team: string): Promise<number>;
}

export interface OwnerIndex {
  idsOwnedBy(userId: string, kind: 'contact' | 'company'): Promise<string[]>;
}

/** A user as owners and assignees are shown: without roles or time zone. */
export type UserRef = Pick<User, 'id' | 'name' | 'email' | 'team'>;

export const userRef = (user: User): UserRef => ({ id: user.id, name: user.name, email: user.email, ...(user.team ? { team: user.team } : {}) });
