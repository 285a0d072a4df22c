import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { cachedCatalog, newId, systemClock } from '#shared/container';
import { SesMailer } from '#shared/mail/ses-mailer';
import { hmacSigner } from '#shared/security/token-signer';
import { EmailTakenError } from '#shared/store/errors';
import { captureLead } from '#shared/use-cases/capture-lead';
import { confirmConsent } from '#shared/use-cases/confirm-consent';
import type { CapturePorts } from '#shared/use-cases/ports';
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
  const form = aForm({ topics: ['newsletter'] });

  beforeAll(async () => {
    repos = await testRepositories();
    await repos.topics.create(aTopic());
    await repos.forms.create(form);
    ports = {
      catalog: cachedCatalog(repos, 0),
      contacts: repos.contacts,
      companies: repos.companies,
      mailer: new SesMailer({ AWS_REGION: 'eu-central-1', SES_ENDPOINT: inject('sesEndpoint') }, undefined),
      signer: hmacSigner(KEY),
      links: { confirmUrl: (token) => `https://api.example.de/v1/consent/confirm?token=${token}` },
      clock: systemClock,
      newId,
      mail: { from: 'no-reply@example.de', confirmTokenTtlDays: 7 },
    };
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

  it('sends the confirmation mail at once and grants the consent when its link is followed', async () => {
    const email = `doi-${randomUUID()}@example.de`;
    const result = await captureLead(ports, { form, submission: aSubmission({ email, consent: ['newsletter'] }), evidence: { ip: '203.0.113.9', userAgent: 'UA' } });
    expect(result.status).toBe('pending_confirmation');
    const [mail] = await mailsTo(email);
    expect(mail?.subject).toBe('Bitte bestätigen Sie Ihre Anmeldung');
    const token = /token=([\w.-]+)/.exec(mail?.body.text ?? '')?.[1] ?? '';
    const confirmed = await confirmConsent(ports, { token, evidence: { ip: '198.51.100.1', userAgent: 'Mail client' } });
    expect(confirmed.outcome).toBe('confirmed');
    const record = await repos.contacts.getRecord(result.contactId);
    expect(record?.contact.consents.newsletter?.status).toBe('granted');
    expect(record?.consentProofs.map((proof) => proof.status)).toEqual(['granted', 'pending']);
    expect(record?.consentProofs[0]).toMatchObject({ ip: '198.51.100.1', userAgent: 'Mail client', formId: form.id, textVersion: aTopic().textVersion });
    expect((await confirmConsent(ports, { token, evidence: {} })).outcome).toBe('already_confirmed');
  });

  it('does not mail the same person twice for a double click', async () => {
    const email = `twice-${randomUUID()}@example.de`;
    await captureLead(ports, { form, submission: aSubmission({ email, consent: ['newsletter'] }), evidence: {} });
    await captureLead(ports, { form, submission: aSubmission({ email, consent: ['newsletter'] }), evidence: {} });
    expect(await mailsTo(email)).toHaveLength(1);
  });

  it('writes nothing when one item of the capture transaction is rejected', async () => {
    const contact = aContact();
    const oversized = { id: 'p1', contactId: contact.id, topic: 'newsletter', status: 'pending' as const, at: new Date().toISOString(), method: 'double_opt_in' as const, source: 'form:x', text: 'x'.repeat(420_000) };
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
