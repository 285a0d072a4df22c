import { endOfLocalDay, localDay, localHour } from '#shared/domain/local-time';
import { renderTaskDigest } from '#shared/domain/task-digest-mail';
import type { Mailer } from '#shared/mail/mailer';
import { inParallel } from '#shared/in-parallel';
import { logger } from '#shared/logger';
import { taskViews } from './manage-tasks';
import type { Clock } from './ports';
import type { DigestClaims, TaskStore, Users, UserSettings } from './sales-ports';

/** The local hour the digest goes out in. */
export const DIGEST_HOUR = 7;
/** At most this many tasks in one digest (the mail links to the full list). */
const DIGEST_TASKS = 100;

export interface DigestPorts {
  users: Users;
  settings: Pick<UserSettings, 'digestEnabled'>;
  claims: DigestClaims;
  tasks: Pick<TaskStore, 'listByAssignees'>;
  contacts: Parameters<typeof taskViews>[0]['contacts'];
  companies: Parameters<typeof taskViews>[0]['companies'];
  mailer: Mailer;
  clock: Clock;
  /** The staff mail's sender (MAIL_FROM). */
  from: string;
  /** The console's base URL (PUBLIC_BASE_URL): the links point into it. */
  consoleUrl: string;
}

export interface DigestRun {
  sent: string[];
  /** Users whose morning it is but who had nothing due (no empty digest), had it off, or got it already. */
  skipped: number;
  failed: number;
}

/**
 * The hourly digest run: each user whose local time is in the hour of 07:00 and who has the digest on
 * gets ONE mail with their open tasks due today or overdue, their own and their team's. Nobody gets an
 * empty digest. The user and local day are claimed before the mail goes to SES, so a retried or
 * overlapping run sends nothing twice; a mail SES refuses gives the claim back for the next run.
 */
export async function sendTaskDigests(ports: DigestPorts): Promise<DigestRun> {
  const now = ports.clock.now();
  const run: DigestRun = { sent: [], skipped: 0, failed: 0 };
  const morning = (await ports.users.list()).filter((user) => localHour(now, user.timeZone) === DIGEST_HOUR);
  await inParallel(morning, 4, async (user) => {
    if (!(await ports.settings.digestEnabled(user.id))) {
      run.skipped += 1;
      return;
    }
    const assignees = [{ assigneeId: user.id }, ...(user.team ? [{ team: user.team }] : [])];
    const page = await ports.tasks.listByAssignees(assignees, 'open', { limit: DIGEST_TASKS, dueBefore: endOfLocalDay(now, user.timeZone).toISOString() });
    if (page.items.length === 0) {
      run.skipped += 1;
      return;
    }
    const day = localDay(now, user.timeZone);
    if (!(await ports.claims.claimDigest(user.id, day, now))) {
      run.skipped += 1;
      return;
    }
    const tasks = await taskViews(ports, page.items);
    const mail = renderTaskDigest({
      name: user.name,
      locale: user.locale ?? 'de',
      timeZone: user.timeZone,
      tasksUrl: `${ports.consoleUrl}/tasks`,
      lines: tasks.map((task) => ({
        title: task.title,
        dueAt: task.dueAt,
        overdue: task.overdue,
        subjectName: task.subject.name,
        url: `${ports.consoleUrl}/${task.subject.kind === 'contact' ? 'contacts' : 'companies'}/${encodeURIComponent(task.subject.id)}`,
        ...(task.team ? { team: task.team } : {}),
      })),
    });
    try {
      await ports.mailer.send({ to: user.email, from: ports.from, ...mail, tags: { kind: 'task-digest' } });
      run.sent.push(user.id);
    } catch (error) {
      await ports.claims.releaseDigest(user.id, day);
      run.failed += 1;
      logger.error('task digest not sent', { userId: user.id, errorName: error instanceof Error ? error.name : 'unknown' });
    }
  });
  return run;
}
