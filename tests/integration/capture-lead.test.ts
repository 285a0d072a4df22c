import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { cachedCatalog, newId, systemClock } from '#shared/container';
import { SesMailer } from '#shared/mail/ses-mailer';
import { hmacSigner } from '#shared/security/token-signer';
import { EmailTakenError } from '#shared/store/errors';
import { captureLead } from '#shared/use-cases/capture-lead';
import { confirmConsent } from '#shared/use-cases/confirm-consent';
import type { CapturePorts, ConfirmationMailPorts, ConsentPorts } from '#shared/use-cases/ports';
import { type ConfirmationRequest, sendConfirmationMail } from '#shared/use-cases/send-confirmation-mail';
import { eventCatalog } from '#shared/events/catalog';
import { outboxEvents } from '#tests/helpers/outbox';
import { aContact, aForm, aSubmission, aTopic } from '#tests/helpers/factories';
import { testRepositories } from '#tests/helpers/test-table';

const KEY = 'integration-test-signing-key-0123456789';

interface StoredMail {
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
}

async function mailsTo(address: string): Promise<StoredMail[]> {
  const store = (await (await fetch(`${inject('sesEndpoint')}/store`)).json()) as { emails: StoredMail[] };
  return store.emails.filter((mail) => mail.destination.to.includes(address));
}

describe('captureLead against DynamoDB Local and the SES stand-in', () => {
  let repos: Awaited<ReturnType<typeof testRepositories>>;
  let ports: CapturePorts;
  let mailPorts: ConfirmationMailPorts;
  let consentPorts: ConsentPorts;
  const form = aForm({ topics: ['newsletter'] });
  const requestsFor = (contactId: string) =>
    outboxEvents<ConfirmationRequest & { id: string }>(repos.table, eventCatalog.consentRequested, (detail) => detail.contactId === contactId);

  beforeAll(async () => {
    repos = await testRepositories();
    await repos.topics.create(aTopic());
    await repos.forms.create(form);
    ports = { catalog: cachedCatalog(repos, 0), contacts: repos.contacts, companies: repos.companies, clock: systemClock, newId };
    mailPorts = {
      catalog: cachedCatalog(repos, 0),
      contacts: repos.contacts,
      mailer: new SesMailer({ AWS_REGION: 'eu-central-1', SES_ENDPOINT: inject('sesEndpoint') }, undefined),
      signer: hmacSigner(KEY),
      links: { confirmUrl: (token) => `https://api.example.de/v1/consent/confirm?token=${token}` },
      clock: systemClock,
      mail: { from: 'no-reply@example.de', confirmTokenTtlDays: 7 },
    };
    consentPorts = { contacts: repos.contacts, signer: hmacSigner(KEY), clock: systemClock, newId };
  });

  it('merges a second submission into the same contact, ignoring case and whitespace', async () => {
    const email = `Merge-${randomUUID()}@Example.de`;
    const first = await captureLead(ports, { form, submission: aSubmission({ email, firstName: 'Anna' }), evidence: {} });
    const second = await captureLead(ports, { form, submission: aSubmission({ email: `  ${email.toLowerCase()} `, lastName: 'Weiß' }), evidence: {} });
    expect(second.contactId).toBe(first.contactId);
    const record = await repos.contacts.getRecord(first.contactId);
    expect(record?.touchpoints).toHaveLength(2);
    expect(record?.contact).toMatchObject({ firstName: 'Anna', lastName: 'Weiß' });
  });

  it('keeps one contact when 20 submissions of a new address arrive at once', async () => {
    const email = `race-${randomUUID()}@example.de`;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) => captureLead(ports, { form, submission: aSubmission({ email, firstName: `N${index}` }), evidence: {} })),
    );
    expect(new Set(results.map((result) => result.contactId)).size).toBe(1);
    const items = await repos.table.scanAll();
    const contactId = results[0]?.contactId;
    expect(items.filter((item) => item.type === 'contact' && item.emailNormalised === email)).toHaveLength(1);
    expect(items.filter((item) => item.type === 'email-claim' && item.pk === `EMAIL#${email}`)).toHaveLength(1);
    expect(items.filter((item) => item.type === 'touchpoint' && item.contactId === contactId)).toHaveLength(20);
  });

  it('writes lead.captured into the outbox with the capture, for a new and then a known person', async () => {
    const email = `announced-${randomUUID()}@example.de`;
    const first = await captureLead(ports, { form, submission: aSubmission({ email }), evidence: {} });
    await captureLead(ports, { form, submission: aSubmission({ email }), evidence: {} });
    const captured = await outboxEvents<{ id: string; contactId: string; isNew: boolean; formId?: string; channel: string }>(
      repos.table,
      eventCatalog.leadCaptured,
      (detail) => detail.contactId === first.contactId,
    );
    expect(captured.map((detail) => detail.isNew).sort()).toEqual([false, true]);
    expect(captured.every((detail) => detail.formId === form.id && detail.channel === 'web')).toBe(true);
    expect(new Set(captured.map((detail) => detail.id)).size).toBe(2);
    expect(JSON.stringify(captured)).not.toContain(email);
  });

  it('asks for the confirmation mail through the outbox, sends it from there, and grants the consent when its link is followed', async () => {
    const email = `doi-${randomUUID()}@example.de`;
    const result = await captureLead(ports, {
      form,
      submission: aSubmission({ email, consent: ['newsletter'] }),
      evidence: { ip: '203.0.113.9', userAgent: 'UA' },
    });
    expect(result.status).toBe('pending_confirmation');
    expect(await mailsTo(email)).toEqual([]);
    const [request] = await requestsFor(result.contactId);
    expect(request).toMatchObject({ topics: ['newsletter'], formId: form.id });
    expect(await sendConfirmationMail(mailPorts, request!)).toBe('sent');
    const [mail] = await mailsTo(email);
    expect(mail?.subject).toBe('Bitte bestätigen Sie Ihre Anmeldung');
    const token = /token=([\w.-]+)/.exec(mail?.body.text ?? '')?.[1] ?? '';
    const confirmed = await confirmConsent(consentPorts, { token, evidence: { ip: '198.51.100.1', userAgent: 'Mail client' } });
    expect(confirmed.outcome).toBe('confirmed');
    const record = await repos.contacts.getRecord(result.contactId);
    expect(record?.contact.consents.newsletter?.status).toBe('granted');
    expect(record?.consentProofs.map((proof) => proof.status)).toEqual(['granted', 'pending']);
    expect(record?.consentProofs[0]).toMatchObject({ ip: '198.51.100.1', userAgent: 'Mail client', formId: form.id, textVersion: aTopic().textVersion });
    expect((await confirmConsent(consentPorts, { token, evidence: {} })).outcome).toBe('already_confirmed');
    // A redelivered request for a confirmed consent sends nothing.
    expect(await sendConfirmationMail(mailPorts, request!)).toBe('not_due');
  });

  it('does not mail the same person twice for a double click, however often and in whatever order the requests arrive', async () => {
    const email = `twice-${randomUUID()}@example.de`;
    const first = await captureLead(ports, { form, submission: aSubmission({ email, consent: ['newsletter'] }), evidence: {} });
    await captureLead(ports, { form, submission: aSubmission({ email, consent: ['newsletter'] }), evidence: {} });
    // The second submission came before the first mail went out, so it asked again; both share the request.
    const requests = await requestsFor(first.contactId);
    expect(requests).toHaveLength(2);
    expect(new Set(requests.map((request) => request.requestId)).size).toBe(1);
    const outcomes = await Promise.all([...requests, ...requests].map((request) => sendConfirmationMail(mailPorts, request)));
    expect(outcomes.filter((outcome) => outcome === 'sent')).toHaveLength(1);
    expect(await mailsTo(email)).toHaveLength(1);
    // Within the resend window a third submission does not even ask.
    await captureLead(ports, { form, submission: aSubmission({ email, consent: ['newsletter'] }), evidence: {} });
    expect(await requestsFor(first.contactId)).toHaveLength(2);
  });

  it('gives the mail back when SES does not take it, so the retried request sends it', async () => {
    const email = `ses-down-${randomUUID()}@example.de`;
    const result = await captureLead(ports, { form, submission: aSubmission({ email, consent: ['newsletter'] }), evidence: {} });
    const [request] = await requestsFor(result.contactId);
    const unreachable = new SesMailer({ AWS_REGION: 'eu-central-1', SES_ENDPOINT: 'http://127.0.0.1:9' }, undefined, { maxAttempts: 1 });
    await expect(sendConfirmationMail({ ...mailPorts, mailer: unreachable }, request!)).rejects.toThrow();
    expect((await repos.contacts.get(result.contactId))?.consents.newsletter?.mailSentAt).toBeUndefined();
    expect(await sendConfirmationMail(mailPorts, request!)).toBe('sent');
    expect(await mailsTo(email)).toHaveLength(1);
  });

  it('writes nothing when one item of the capture transaction is rejected', async () => {
    const contact = aContact();
    const oversized = {
      id: 'p1',
      contactId: contact.id,
      topic: 'newsletter',
      status: 'pending' as const,
      at: new Date().toISOString(),
      method: 'double_opt_in' as const,
      source: 'form:x',
      text: 'x'.repeat(420_000),
    };
    await expect(repos.contacts.create(contact, { proofs: [oversized] })).rejects.toThrow();
    const items = await repos.table.scanAll();
    expect(items.filter((item) => item.pk === `CONTACT#${contact.id}` || item.pk === `EMAIL#${contact.emailNormalised}`)).toEqual([]);
  });

  it('refuses a second contact for a claimed email', async () => {
    const contact = aContact();
    await repos.contacts.create(contact);
    await expect(repos.contacts.create({ ...contact, id: `other-${randomUUID()}` })).rejects.toBeInstanceOf(EmailTakenError);
  });
});
