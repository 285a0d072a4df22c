import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newId, systemClock } from '#shared/container';
import { eventCatalog } from '#shared/events/catalog';
import { outboxEvents } from '#tests/helpers/outbox';
import { emailHasher } from '#shared/security/email-hash';
import { ErasureRepository } from '#shared/store/erasure-repository';
import { storeCapture } from '#shared/use-cases/capture-lead';
import { eraseContact } from '#shared/use-cases/gdpr';
import { addActivity } from '#shared/use-cases/manage-contact';
import { recordOrder } from '#shared/use-cases/record-order';
import { runSegments } from '#shared/use-cases/run-segments';
import { newSegment } from '#shared/domain/segment';
import { aTopic, aTouchpoint } from '#tests/helpers/factories';
import { testRepositories } from '#tests/helpers/test-table';

describe('eraseContact', () => {
  it('leaves nothing readable about the person in the table, only a keyed hash', async () => {
    const repos = await testRepositories();
    const ports = { contacts: repos.contacts, companies: repos.companies, clock: systemClock, newId };
    const email = `Erika.Loeschmich-${randomUUID()}@Example.de`;
    const { contact } = await storeCapture(ports, {
      newContactId: newId(),
      email,
      emailNormalised: email.toLowerCase(),
      // Four name words, one more than the name slots: the last is a name-index item, which must go too.
      profile: { firstName: 'Erika Berta Clara', lastName: 'Löschmich', company: 'Geheim GmbH', phone: '+49 30 1234567' },
      touchpoint: aTouchpoint(),
      consentTopics: [aTopic()],
      doubleOptIn: false,
      evidence: { source: 'form:f', method: 'single_opt_in', ip: '203.0.113.77', userAgent: 'Erikas Browser' },
    });
    await addActivity(ports, contact.id, { type: 'note', at: new Date().toISOString(), summary: 'Erika mag Kaffee' });
    await recordOrder(ports, { orderId: `O-${randomUUID()}`, contactId: contact.id, amountMinor: 4200, currency: 'EUR', orderedAt: new Date().toISOString() });
    const current = await repos.contacts.get(contact.id);
    if (!current) throw new Error('the captured contact is missing');
    // A tag names her too: its index entry must go with her.
    await repos.contacts.update({ ...current, tags: ['Stammkundin-Erika'] });
    const segment = newSegment({ name: 'Customers', rule: { field: 'orders.count', op: 'gt', value: 0 }, schedule: 'daily' }, newId(), new Date());
    await repos.segments.create(segment);
    const run = await runSegments({ segments: repos.segments, clock: systemClock, newId }, { segmentIds: [segment.id] }, { workers: 2, leaseMs: 60_000 });
    expect(run.segments[0]).toMatchObject({ entered: 1 });
    const key = 'erasure-test-key-0123456789-0123456789';

    await eraseContact(
      {
        ...ports,
        segments: repos.segments,
        journeyParticipants: repos.journeyParticipants,
        erasure: new ErasureRepository(repos.table),
        hashEmail: emailHasher(key),
      },
      contact.id,
    );

    // Outbox items expire within days and carry ids only; everything else must be gone.
    const items = await repos.table.scanAll();
    const outbox = items.filter((item) => item.type === 'outbox');
    for (const item of outbox) expect(Number(item.expiresAt)).toBeLessThanOrEqual(Date.now() / 1000 + 3 * 24 * 3600 + 60);
    for (const secret of [email.toLowerCase(), 'erika', 'löschmich', 'loschmich', '203.0.113.77'])
      expect(JSON.stringify(outbox).toLowerCase(), secret).not.toContain(secret);
    const everything = JSON.stringify(items.filter((item) => item.type !== 'outbox')).toLowerCase();
    for (const secret of [
      email.toLowerCase(),
      'erika',
      'löschmich',
      'loschmich',
      '1234567',
      '203.0.113.77',
      'erikas browser',
      'kaffee',
      'stammkundin',
      contact.id,
    ]) {
      expect(everything, secret).not.toContain(secret.toLowerCase());
    }
    expect(everything).toContain(emailHasher(key)(email.toLowerCase()).toLowerCase());
    expect((await repos.segments.get(segment.id))?.memberCount).toBe(0);
    // Nor can the name search find her, through the name slots (gone with the profile) or the name-index item.
    for (const word of ['erika', 'berta', 'clara', 'loschmich', 'loeschmich']) expect(await repos.contacts.idsByNamePrefix(word, 10), word).toEqual([]);
    // Announced through the outbox, with the hash only, in the transaction that deleted the profile.
    const erased = await outboxEvents(repos.table, eventCatalog.contactErased);
    expect(erased).toEqual([{ id: expect.any(String), occurredAt: expect.any(String), emailHash: emailHasher(key)(email.toLowerCase()) }]);
  });
});
