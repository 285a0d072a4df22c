import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { newId } from '#shared/container';
import type { Contact } from '#shared/domain/contact';
import { type Mailing, newMailing, type RecipientBatch } from '#shared/domain/mailing';
import { hmacSigner } from '#shared/security/token-signer';
import { MailOutcomeUnknownError, MailThrottledError } from '#shared/mail/errors';
import type { Mailer, OutgoingMail } from '#shared/mail/mailer';
import { SendPacer } from '#shared/mail/send-pacer';
import { SesMailer } from '#shared/mail/ses-mailer';
import { ErasureRepository } from '#shared/store/erasure-repository';
import { eraseContact } from '#shared/use-cases/gdpr';
import { recordMailEvent } from '#shared/use-cases/record-mail-event';
import { prepareMailing, type RecipientQueue } from '#shared/use-cases/prepare-mailing';
import { BatchIncompleteError, sendRecipientBatch, type SenderPorts } from '#shared/use-cases/send-recipient-batch';
import { aContact, movableClock } from '#tests/helpers/factories';
import { testRepositories } from '#tests/helpers/test-table';
import { outboxEvents } from '#tests/helpers/outbox';
import { eventCatalog } from '#shared/events/catalog';

type Repos = Awaited<ReturnType<typeof testRepositories>>;

const KEY = 'k'.repeat(40);
const TOPIC = 'newsletter';

/** The recipient queue as a list the test delivers from (the SQS adapter and the local queue are tested end to end). */
function listQueue(): RecipientQueue & { batches: RecipientBatch[] } {
  const batches: RecipientBatch[] = [];
  return { batches, enqueue: async (more) => void batches.push(...more) };
}

interface SesStoreMail {
  messageId: string;
  destination: { to: string[] };
  subject: string;
}
async function mailsWithSubject(subject: string): Promise<SesStoreMail[]> {
  const store = (await (await fetch(`${inject('sesEndpoint')}/store`)).json()) as { emails: SesStoreMail[] };
  return store.emails.filter((mail) => mail.subject === subject);
}

const consent = (status: 'granted' | 'pending' | 'withdrawn'): Partial<Contact> => ({ consents: { [TOPIC]: { status, at: new Date().toISOString() } } });

async function aMember(repos: Repos, segmentId: string, overrides: Partial<Contact>): Promise<Contact> {
  const contact = await repos.contacts.create(aContact(overrides));
  await repos.segments.applyChange({
    contactId: contact.id,
    version: contact.version,
    current: {},
    entered: [segmentId],
    exited: [],
    at: new Date().toISOString(),
  });
  return contact;
}

async function aSendingMailing(repos: Repos, segmentId: string, subject: string): Promise<Mailing> {
  const templateId = `t-${randomUUID()}`;
  const at = new Date().toISOString();
  await repos.templates.create({
    id: templateId,
    name: 'T',
    subject,
    html: '<p>Hallo {{firstName|du}}</p><a href="{{unsubscribeUrl}}">Abmelden</a>',
    createdAt: at,
    updatedAt: at,
  });
  const mailing = newMailing(
    { name: subject, campaignId: 'camp-1', segmentId, topic: TOPIC, templateId, from: 'News <news@leadflow.local>' },
    `m-${randomUUID()}`,
    new Date(),
  );
  await repos.mailings.create(mailing);
  await repos.mailings.changeStatus(mailing, 'sending', new Date(), { startedAt: at });
  return mailing;
}

function senderPorts(repos: Repos, overrides: Partial<SenderPorts> = {}): SenderPorts {
  const mailer = new SesMailer({ AWS_REGION: 'eu-central-1', SES_ENDPOINT: inject('sesEndpoint') }, undefined, { maxAttempts: 1 });
  return {
    mailings: repos.mailings,
    templates: repos.templates,
    contacts: repos.contacts,
    suppressions: repos.suppressions,
    mailer,
    pacer: new SendPacer(() => mailer.maxSendRate(), 1),
    signer: hmacSigner(KEY),
    links: {
      unsubscribeUrl: (token) => `https://mail.example.de/v1/unsubscribe?token=${token}`,
      preferencesUrl: (token) => `https://mail.example.de/v1/preferences?token=${token}`,
    },
    clock: { now: () => new Date() },
    newId,
    settings: { claimLeaseMs: 60_000, throttleAttempts: 3, concurrency: 4, unsubscribeTokenTtlDays: 400 },
    ...overrides,
  };
}

/** Delivers every queued batch, as often as `times`, all at once (a queue's at-least-once delivery, concurrent senders). */
async function deliverAll(ports: SenderPorts, batches: RecipientBatch[], times = 1): Promise<PromiseSettledResult<unknown>[]> {
  return Promise.allSettled(Array.from({ length: times }, () => batches.map((batch) => sendRecipientBatch(ports, batch))).flat());
}

/**
 * Like the queue: delivers every batch (twice at once: duplicates, concurrent senders), then again
 * each one that failed, until all succeed. Only "not settled yet" may fail.
 */
async function deliverUntilSettled(ports: SenderPorts, batches: RecipientBatch[]): Promise<void> {
  let results = await deliverAll(ports, batches, 2);
  for (let round = 0; round < 3 && results.some((result) => result.status === 'rejected'); round += 1) {
    for (const result of results) if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(BatchIncompleteError);
    results = await deliverAll(ports, batches);
  }
  expect(results.every((result) => result.status === 'fulfilled')).toBe(true);
}

describe('sending a mailing on DynamoDB Local and the SES stand-in', () => {
  let repos: Repos;
  let segmentId: string;
  let subject: string;
  beforeEach(async () => {
    repos = await testRepositories();
    segmentId = `seg-${randomUUID()}`;
    subject = `Brief ${randomUUID()}`;
  });

  it('snapshots, checks and sends each recipient exactly once even when every batch is delivered twice at the same time', async () => {
    const granted = await Promise.all(Array.from({ length: 7 }, () => aMember(repos, segmentId, consent('granted'))));
    await aMember(repos, segmentId, consent('pending'));
    await aMember(repos, segmentId, {});
    const suppressed = await aMember(repos, segmentId, consent('granted'));
    await repos.suppressions.add({
      email: suppressed.email,
      emailNormalised: suppressed.emailNormalised,
      reason: 'manual',
      at: new Date().toISOString(),
      source: 'admin',
    });
    const mailing = await aSendingMailing(repos, segmentId, subject);
    const queue = listQueue();

    const prepared = await prepareMailing({ ...repos, queue, clock: { now: () => new Date() } }, mailing.id);
    expect(prepared).toEqual({ recipients: 10, queued: 7, skipped: 3 });
    await deliverUntilSettled(senderPorts(repos), queue.batches);

    const sent = await mailsWithSubject(subject);
    expect(sent.map((mail) => mail.destination.to[0]).sort()).toEqual(granted.map((contact) => contact.email).sort());
    const stored = await repos.mailings.get(mailing.id);
    expect(stored?.status).toBe('sent');
    expect(stored?.counts).toMatchObject({ recipients: 10, sent: 7, skippedNoConsent: 2, suppressed: 1, failed: 0 });
    // The campaign's e-mail funnel starts with the same 7, counted once although every batch came twice.
    const funnel = (await repos.table.scanAll()).filter((item) => item.pk === 'STATS#camp-1');
    expect(funnel.map((item) => item.email_sent)).toEqual([7]);
  });

  it('skips and counts as capped whoever the frequency cap keeps from another marketing mail, and mails the others', async () => {
    const [recent, fresh] = [await aMember(repos, segmentId, consent('granted')), await aMember(repos, segmentId, consent('granted'))];
    // A journey mail yesterday: with at most one marketing mail per 7 days, this mailing must skip them.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    await repos.contacts.addMailEntry(recent.id, { id: 'j-mail-sent', at: yesterday, kind: 'sent', journeyId: 'j-1', stepId: 'welcome', messageId: 'j-mail' });
    const mailing = await aSendingMailing(repos, segmentId, subject);
    const queue = listQueue();
    await prepareMailing({ ...repos, queue, clock: { now: () => new Date() } }, mailing.id);
    const capped = senderPorts(repos, {
      frequencyCap: { cap: async () => ({ mails: 1, days: 7 }), sentSince: (contactId, since) => repos.contacts.mailsSentSince(contactId, since) },
    });
    await deliverUntilSettled(capped, queue.batches);

    expect((await mailsWithSubject(subject)).map((mail) => mail.destination.to[0])).toEqual([fresh.email]);
    const stored = await repos.mailings.get(mailing.id);
    expect(stored?.status).toBe('sent');
    expect(stored?.counts).toMatchObject({ recipients: 2, sent: 1, capped: 1, skippedNoConsent: 0 });
  });

  it('checks again at send time: who withdrew or was erased after the snapshot is skipped and counted', async () => {
    const [stays, leaves, erased] = [
      await aMember(repos, segmentId, consent('granted')),
      await aMember(repos, segmentId, consent('granted')),
      await aMember(repos, segmentId, consent('granted')),
    ];
    const mailing = await aSendingMailing(repos, segmentId, subject);
    const queue = listQueue();
    await prepareMailing({ ...repos, queue, clock: { now: () => new Date() } }, mailing.id);
    const current = (await repos.contacts.get(leaves.id))!;
    await repos.contacts.update({ ...current, consents: { [TOPIC]: { status: 'withdrawn', at: new Date().toISOString() } } });
    await eraseContact(
      { ...repos, erasure: new ErasureRepository(repos.table), hashEmail: (email) => `hash-${email}`, clock: { now: () => new Date() }, newId },
      erased.id,
    );

    await deliverAll(senderPorts(repos), queue.batches);

    expect((await mailsWithSubject(subject)).map((mail) => mail.destination.to[0])).toEqual([stays.email]);
    expect((await repos.mailings.get(mailing.id))?.counts).toMatchObject({ recipients: 3, sent: 1, skippedNoConsent: 1, suppressed: 1 });
  });

  it('retries SES throttling (mock SES that throttles the first calls) until every mail is sent, never dropping or doubling one', async () => {
    const members = await Promise.all(Array.from({ length: 3 }, () => aMember(repos, segmentId, consent('granted'))));
    const mailing = await aSendingMailing(repos, segmentId, subject);
    const queue = listQueue();
    await prepareMailing({ ...repos, queue, clock: { now: () => new Date() } }, mailing.id);
    const real = senderPorts(repos).mailer;
    let throttles = 5;
    const throttlingSes: Mailer = {
      send: async (mail: OutgoingMail) => {
        if (throttles > 0) {
          throttles -= 1;
          throw new MailThrottledError('SES TooManyRequestsException (mock)');
        }
        return real.send(mail);
      },
    };
    const ports = senderPorts(repos, {
      mailer: throttlingSes,
      settings: { claimLeaseMs: 60_000, throttleAttempts: 2, concurrency: 3, unsubscribeTokenTtlDays: 400 },
    });

    const first = await deliverAll(ports, queue.batches);
    expect(first[0]).toMatchObject({ status: 'rejected', reason: expect.any(BatchIncompleteError) });
    const afterFirst = await repos.mailings.get(mailing.id);
    expect(afterFirst?.status).toBe('sending');
    await deliverAll(ports, queue.batches);
    await deliverAll(ports, queue.batches);

    expect(throttles).toBe(0);
    expect((await mailsWithSubject(subject)).map((mail) => mail.destination.to[0]).sort()).toEqual(members.map((member) => member.email).sort());
    expect((await repos.mailings.get(mailing.id))?.counts).toMatchObject({ recipients: 3, sent: 3, failed: 0 });
  });

  it('sends exactly once after a sender crashed between claim and send: the claim lapses, then the next delivery sends', async () => {
    const member = await aMember(repos, segmentId, consent('granted'));
    const mailing = await aSendingMailing(repos, segmentId, subject);
    const queue = listQueue();
    await prepareMailing({ ...repos, queue, clock: { now: () => new Date() } }, mailing.id);
    const clock = movableClock();
    const real = senderPorts(repos).mailer;
    let crashes = 1;
    const crashingSender: Mailer = {
      send: async (mail) => {
        if (crashes-- > 0) throw new Error('the sender process died (simulated crash before SES was called)');
        return real.send(mail);
      },
    };
    const ports = senderPorts(repos, { mailer: crashingSender, clock });

    await expect(sendRecipientBatch(ports, queue.batches[0]!)).rejects.toBeInstanceOf(BatchIncompleteError);
    expect((await repos.mailings.sendRecord(mailing.id, member.id))?.state).toBe('claimed');
    // Redelivered while the claim holds: nobody sends (the first sender might still be at it).
    await expect(sendRecipientBatch(ports, queue.batches[0]!)).rejects.toBeInstanceOf(BatchIncompleteError);
    expect(await mailsWithSubject(subject)).toHaveLength(0);

    clock.advance(61_000);
    await sendRecipientBatch(ports, queue.batches[0]!);
    await sendRecipientBatch(ports, queue.batches[0]!);

    expect(await mailsWithSubject(subject)).toHaveLength(1);
    expect((await repos.mailings.get(mailing.id))?.counts).toMatchObject({ recipients: 1, sent: 1, failed: 0 });
  });

  it('counts a mail SES gave no answer for as failed and never sends it again (it may have gone out)', async () => {
    await aMember(repos, segmentId, consent('granted'));
    const mailing = await aSendingMailing(repos, segmentId, subject);
    const queue = listQueue();
    await prepareMailing({ ...repos, queue, clock: { now: () => new Date() } }, mailing.id);
    let calls = 0;
    const silentSes: Mailer = {
      send: async () => {
        calls += 1;
        throw new MailOutcomeUnknownError('SES gave no answer (mock time-out)');
      },
    };
    const ports = senderPorts(repos, { mailer: silentSes });

    await sendRecipientBatch(ports, queue.batches[0]!);
    await sendRecipientBatch(ports, queue.batches[0]!);

    expect(calls).toBe(1);
    expect((await repos.mailings.get(mailing.id))?.counts).toMatchObject({ recipients: 1, sent: 0, failed: 1 });
    expect((await repos.mailings.get(mailing.id))?.status).toBe('sent');
  });

  it('resumes a preparation that failed half-way without counting or mailing anyone twice', async () => {
    const members = await Promise.all(Array.from({ length: 5 }, () => aMember(repos, segmentId, consent('granted'))));
    const mailing = await aSendingMailing(repos, segmentId, subject);
    const queue = listQueue();
    let failing = true;
    // The queue takes the batches, then the preparation dies before it records its progress.
    const flakyQueue: RecipientQueue = {
      enqueue: async (batches) => {
        await queue.enqueue(batches);
        if (failing) {
          failing = false;
          throw new Error('lost the connection after queueing (simulated)');
        }
      },
    };
    await expect(prepareMailing({ ...repos, queue: flakyQueue, clock: { now: () => new Date() } }, mailing.id)).rejects.toThrow('simulated');
    await prepareMailing({ ...repos, queue: flakyQueue, clock: { now: () => new Date() } }, mailing.id);

    expect(queue.batches).toHaveLength(2);
    await deliverUntilSettled(senderPorts(repos), queue.batches);

    expect((await mailsWithSubject(subject)).map((mail) => mail.destination.to[0]).sort()).toEqual(members.map((member) => member.email).sort());
    const stored = await repos.mailings.get(mailing.id);
    expect(stored?.counts).toMatchObject({ recipients: 5, sent: 5 });
    expect(stored?.status).toBe('sent');
  });

  it('sends nothing more once the mailing is cancelled', async () => {
    await aMember(repos, segmentId, consent('granted'));
    const mailing = await aSendingMailing(repos, segmentId, subject);
    const queue = listQueue();
    await prepareMailing({ ...repos, queue, clock: { now: () => new Date() } }, mailing.id);
    await repos.mailings.changeStatus({ ...mailing, status: 'sending' }, 'cancelled', new Date());

    expect(await sendRecipientBatch(senderPorts(repos), queue.batches[0]!)).toEqual({ settled: {}, cancelled: true });
    expect(await mailsWithSubject(subject)).toHaveLength(0);
  });
});

describe('SES events for a mailing', () => {
  it('suppresses a hard-bounced address at once, counts each kind once per recipient and ignores soft bounces', async () => {
    const repos = await testRepositories();
    const segmentId = `seg-${randomUUID()}`;
    const subject = `Brief ${randomUUID()}`;
    const member = await aMember(repos, segmentId, consent('granted'));
    const mailing = await aSendingMailing(repos, segmentId, subject);
    const queue = listQueue();
    await prepareMailing({ ...repos, queue, clock: { now: () => new Date() } }, mailing.id);
    await sendRecipientBatch(senderPorts(repos), queue.batches[0]!);
    const messageId = (await repos.mailings.sendRecord(mailing.id, member.id))?.messageId ?? '';
    const ports = repos;
    const sesEvent = (eventType: 'Bounce' | 'Delivery', bounceType?: string) => ({
      eventType,
      mail: {
        messageId,
        timestamp: new Date().toISOString(),
        destination: [member.email],
        tags: { mailingId: [mailing.id], contactId: [member.id], campaignId: ['camp-1'] },
      },
      ...(bounceType ? { bounce: { bounceType, timestamp: '2026-11-24T10:00:00.000Z' } } : {}),
    });

    expect(await recordMailEvent(ports, sesEvent('Bounce', 'Transient'))).toBe('ignored');
    expect(await repos.suppressions.suppressedAmong([member.emailNormalised])).toEqual(new Set());
    expect(await recordMailEvent(ports, sesEvent('Bounce', 'Permanent'))).toBe('counted');
    expect(await recordMailEvent(ports, sesEvent('Bounce', 'Permanent'))).toBe('repeat');

    expect(await repos.suppressions.suppressedAmong([member.emailNormalised])).toEqual(new Set([member.emailNormalised]));
    expect((await repos.mailings.get(mailing.id))?.counts).toMatchObject({ sent: 1, bounced: 1 });
    // Announced once, in the transaction that counted it, with an id derived from the SES message.
    expect(await outboxEvents(repos.table, eventCatalog.emailBounced)).toEqual([
      { id: `${messageId}-bounced`, contactId: member.id, mailingId: mailing.id, occurredAt: '2026-11-24T10:00:00.000Z' },
    ]);
    const stats = (await repos.table.scanAll()).find((item) => item.pk === 'STATS#camp-1' && item.sk === 'D#2026-11-24');
    expect(stats).toMatchObject({ email_bounced: 1 });
  });
});
