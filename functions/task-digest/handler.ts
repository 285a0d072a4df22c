import { linksConfig, mailConfig } from '#shared/config';
import { repositoriesFor, sesMailer, systemClock, tableRef } from '#shared/container';
import { logger } from '#shared/logger';
import { countedMailer } from '#shared/metrics';
import { observedHandler } from '#shared/observed-handler';
import { UserPreferenceRepository } from '#shared/store/user-preference-repository';
import { userDirectory } from '#shared/users/users-config';
import { sendTaskDigests } from '#shared/use-cases/send-task-digests';

const { contacts, companies, tasks } = repositoriesFor(tableRef());
const preferences = new UserPreferenceRepository(tableRef());
const ports = {
  users: userDirectory(),
  settings: preferences,
  claims: preferences,
  tasks,
  contacts,
  companies,
  mailer: countedMailer(sesMailer()),
  clock: systemClock,
  from: mailConfig().MAIL_FROM,
  consoleUrl: linksConfig().PUBLIC_BASE_URL,
};

/**
 * The hourly tick: the morning digest for each user whose local time is 07:xx. A mail SES refused makes
 * the run fail after the others were sent, so the schedule's retry tries that user again (the rest are claimed).
 */
export const handler = observedHandler(async () => {
  const run = await sendTaskDigests(ports);
  if (run.sent.length > 0) logger.info('task digests sent', { sent: run.sent.length, skipped: run.skipped });
  if (run.failed > 0) throw new Error(`${run.failed} task digests could not be sent`);
  return run;
});
