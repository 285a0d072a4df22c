import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { repositoriesFor } from '#shared/container';
import type { User } from '#shared/domain/user';
import type { Mailer } from '#shared/mail/mailer';
import { SesMailer } from '#shared/mail/ses-mailer';
import { TaskRepository } from '#shared/store/task-repository';
import { UserPreferenceRepository } from '#shared/store/user-preference-repository';
import { createTask } from '#shared/use-cases/manage-tasks';
import { type DigestPorts, sendTaskDigests } from '#shared/use-cases/send-task-digests';
import { cachedDirectory } from '#shared/users/user-directory';
import { aContact, movableClock } from '#tests/helpers/factories';
import { createTestTable } from '#tests/helpers/test-table';

interface StoredMail {
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
}

const run = randomUUID().slice(0, 8);
const address = (name: string) => `${name}-${run}@example.com`;

async function mailsTo(to: string): Promise<StoredMail[]> {
  const store = (await (await fetch(`${inject('sesEndpoint')}/store`)).json()) as { emails: StoredMail[] };
  return store.emails.filter((mail) => mail.destination.to.includes(to));
}

const users: User[] = [
  { id: `berlin-${run}`, name: 'Berta Berlin', email: address('berlin'), team: `north-${run}`, roles: ['sales'], timeZone: 'Europe/Berlin', locale: 'de' },
  { id: `mate-${run}`, name: 'Mats Nord', email: address('mate'), team: `north-${run}`, roles: ['sales'], timeZone: 'Europe/Berlin', locale: 'de' },
  { id: `ny-${run}`, name: 'Nora York', email: address('ny'), roles: ['sales'], timeZone: 'America/New_York', locale: 'en' },
  { id: `idle-${run}`, name: 'Ida Leer', email: address('idle'), roles: ['sales'], timeZone: 'Europe/Berlin', locale: 'de' },
  { id: `off-${run}`, name: 'Otto Aus', email: address('off'), roles: ['sales'], timeZone: 'Europe/Berlin', locale: 'de' },
];
const [berlin, mate, ny, idle, off] = users as [User, User, User, User, User];

// 2026-03-29 is the day Berlin moves to summer time (07:00 CEST = 05:00 UTC); New York moved on 2026-03-08.
const clock = movableClock(new Date('2026-03-29T05:30:00Z'));
let ports: DigestPorts;
let contactId: string;

const realMailer = () => new SesMailer({ AWS_REGION: 'eu-central-1', SES_ENDPOINT: inject('sesEndpoint') }, undefined, { maxAttempts: 1 });

beforeAll(async () => {
  const table = await createTestTable();
  const { contacts, companies } = repositoriesFor(table);
  const tasks = new TaskRepository(table);
  const preferences = new UserPreferenceRepository(table);
  const directory = cachedDirectory(async () => users);
  const contact = await contacts.create(aContact({ firstName: 'Erika', lastName: 'Kundin' }));
  contactId = contact.id;
  ports = {
    users: directory,
    settings: preferences,
    claims: preferences,
    tasks,
    contacts,
    companies,
    mailer: realMailer(),
    clock,
    from: 'Leadflow <no-reply@leadflow.local>',
    consoleUrl: 'https://console.example.com',
  };
  const taskPorts = { tasks, users: directory, contacts, companies, clock: movableClock(new Date('2026-03-01T00:00:00Z')), newId: randomUUID };
  const task = (title: string, dueAt: string, assignee: { assigneeId: string } | { team: string }) =>
    createTask(taskPorts, berlin.id, { contactId, title, dueAt, ...assignee });
  await task('Überfällig seit Freitag', '2026-03-27T08:00:00.000Z', { assigneeId: berlin.id });
  // 22:00 in Berlin on the 29th: today. 00:30 on the 30th: tomorrow, not in today's digest.
  await task('Heute spät', '2026-03-29T20:00:00.000Z', { assigneeId: berlin.id });
  await task('Morgen früh', '2026-03-29T22:30:00.000Z', { assigneeId: berlin.id });
  await task('Team-Rückruf', '2026-03-29T09:00:00.000Z', { team: `north-${run}` });
  // 23:00 in New York on the 29th (03:00 UTC on the 30th): today there.
  await task('Call the buyer', '2026-03-30T03:00:00.000Z', { assigneeId: ny.id });
  await task('Aus, trotzdem fällig', '2026-03-28T08:00:00.000Z', { assigneeId: off.id });
  await preferences.setDigest(off.id, false, clock.now());
});

describe('the morning task digest', () => {
  it('sends in the hour of 07:00 local time one mail per user of their own and their team’s open tasks due today or overdue, overdue first', async () => {
    const result = await sendTaskDigests(ports);
    expect(result.sent.sort()).toEqual([berlin.id, mate.id].sort());

    const [mail, ...more] = await mailsTo(berlin.email);
    expect(more).toHaveLength(0);
    expect(mail?.subject).toBe('Ihre Aufgaben heute: 3 fällig, davon 1 überfällig');
    const text = mail?.body.text ?? '';
    expect(text).toContain('Guten Morgen Berta Berlin');
    expect(text.indexOf('Überfällig seit Freitag')).toBeLessThan(text.indexOf('Team-Rückruf'));
    expect(text.indexOf('Team-Rückruf')).toBeLessThan(text.indexOf('Heute spät'));
    expect(text).toContain('überfällig 27.03.2026, 09:00 · Erika Kundin');
    expect(text).toContain(`Team north-${run}`);
    expect(text).not.toContain('Morgen früh');
    expect(text).toContain(`https://console.example.com/contacts/${contactId}`);
    expect(text).toContain('https://console.example.com/tasks');
    expect(mail?.body.html).toContain(`<a href="https://console.example.com/contacts/${contactId}">Team-Rückruf</a>`);

    const [mateMail] = await mailsTo(mate.email);
    expect(mateMail?.subject).toBe('Ihre Aufgaben heute: 1 fällig');
    expect(mateMail?.body.text).toContain('Team-Rückruf');
    expect(mateMail?.body.text).not.toContain('Heute spät');
  });

  it('sends nobody an empty digest, nothing to a user who turned it off, and nothing in New York before their morning', async () => {
    expect(await mailsTo(idle.email)).toHaveLength(0);
    expect(await mailsTo(off.email)).toHaveLength(0);
    expect(await mailsTo(ny.email)).toHaveLength(0);
  });

  it('never sends a second digest the same local day: a retried run and a later run in the day send nothing', async () => {
    clock.advance(15 * 60_000);
    expect((await sendTaskDigests(ports)).sent).toEqual([]);
    clock.advance(60 * 60_000);
    expect((await sendTaskDigests(ports)).sent).toEqual([]);
    expect(await mailsTo(berlin.email)).toHaveLength(1);
  });

  it('reaches New York at 07:00 Eastern daylight time, in English, with the task due late tonight there', async () => {
    clock.advance(new Date('2026-03-29T11:10:00Z').getTime() - clock.now().getTime());
    expect((await sendTaskDigests(ports)).sent).toEqual([ny.id]);
    const [mail] = await mailsTo(ny.email);
    expect(mail?.subject).toBe('Your tasks today: 1 due');
    expect(mail?.body.text).toContain('Good morning Nora York');
    expect(mail?.body.text).toContain('Call the buyer (due 29 Mar 2026, 23:00 · Erika Kundin)');
  });

  it('sends the next day again (mock: SES refuses the first attempt, the claim is given back and the next run sends)', async () => {
    // 2026-03-30 07:05 in Berlin.
    clock.advance(new Date('2026-03-30T05:05:00Z').getTime() - clock.now().getTime());
    const refusing: Mailer = {
      send: async () => {
        throw Object.assign(new Error('mock: SES throttles'), { name: 'TooManyRequestsException' });
      },
    };
    const failed = await sendTaskDigests({ ...ports, mailer: refusing });
    expect(failed.failed).toBe(2);
    const retried = await sendTaskDigests(ports);
    expect(retried.sent.sort()).toEqual([berlin.id, mate.id].sort());
    const mails = await mailsTo(berlin.email);
    expect(mails).toHaveLength(2);
    expect(mails[1]?.body.text).toContain('Morgen früh');
  });
});
