import { describe, expect, it } from 'vitest';
import { mergeChannel, mergeConsent, mergeContacts } from '#shared/domain/contact-merge';
import { type Contact, emptyContact } from '#shared/domain/contact';

const at = (day: number) => `2026-03-${String(day).padStart(2, '0')}T10:00:00.000Z`;

describe('merging consents per topic', () => {
  it('lets a withdrawal newer than a grant win, and a grant newer than a withdrawal', () => {
    expect(mergeConsent({ status: 'granted', at: at(1) }, { status: 'withdrawn', at: at(2) })?.status).toBe('withdrawn');
    expect(mergeConsent({ status: 'withdrawn', at: at(1) }, { status: 'granted', at: at(2) })?.status).toBe('granted');
    expect(mergeConsent({ status: 'withdrawn', at: at(3) }, { status: 'granted', at: at(2) })?.status).toBe('withdrawn');
  });

  it('never lets pending beat granted, however recent', () => {
    expect(mergeConsent({ status: 'granted', at: at(1) }, { status: 'pending', at: at(9) })?.status).toBe('granted');
    expect(mergeConsent({ status: 'pending', at: at(9) }, { status: 'granted', at: at(1) })?.status).toBe('granted');
  });

  it('takes the stricter state on equal times, and the only one when one side has none', () => {
    expect(mergeConsent({ status: 'granted', at: at(5) }, { status: 'withdrawn', at: at(5) })?.status).toBe('withdrawn');
    expect(mergeConsent(undefined, { status: 'pending', at: at(5) })?.status).toBe('pending');
  });
});

describe('merging channels', () => {
  const state = (status: 'allowed' | 'blocked', day: number) => ({ status, at: at(day), method: 'admin' as const, source: 'api' });

  it('lets blocked win when it is the more recent or equal', () => {
    expect(mergeChannel(state('allowed', 1), state('blocked', 2))?.status).toBe('blocked');
    expect(mergeChannel(state('blocked', 2), state('allowed', 2))?.status).toBe('blocked');
  });

  it('lets a newer allowance win over an older block', () => {
    expect(mergeChannel(state('blocked', 1), state('allowed', 2))?.status).toBe('allowed');
  });
});

describe('merging two profiles', () => {
  const contact = (id: string, day: number, changes: Partial<Contact>): Contact => ({
    ...emptyContact(id, `${id}@example.de`, `${id}@example.de`, 'web', new Date(at(day))),
    ...changes,
  });

  it('keeps the survivor’s values, fills what it lacks, unites tags and adds scores and orders', () => {
    const survivor = contact('s', 5, {
      firstName: 'Anna',
      tags: ['VIP'],
      score: 10,
      fields: { size: 'L' },
      orders: { count: 1, totalMinor: 1000, currency: 'EUR', firstAt: at(6), lastAt: at(6), byMonth: { '2026-03': 1000 } },
      firstTouch: { at: at(5), channel: 'web', source: 'google' },
      lastTouch: { at: at(5), channel: 'web', source: 'google' },
    });
    const other = contact('o', 2, {
      firstName: 'Anne',
      lastName: 'Weiß',
      phone: '030 1',
      company: 'ACME',
      companyId: 'co-1',
      address: { street: 'Hauptstr. 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
      tags: ['vip', 'messe'],
      score: 5,
      fields: { size: 'M', region: 'Nord' },
      orders: { count: 2, totalMinor: 500, currency: 'EUR', firstAt: at(3), lastAt: at(8), byMonth: { '2026-03': 500 } },
      firstTouch: { at: at(2), channel: 'fair', source: 'direct' },
      lastTouch: { at: at(9), channel: 'web', source: 'newsletter' },
      source: 'fair',
    });
    const merged = mergeContacts(survivor, other, new Date(at(10)));
    expect(merged).toMatchObject({
      id: 's',
      firstName: 'Anna',
      lastName: 'Weiß',
      phone: '030 1',
      company: 'ACME',
      companyId: 'co-1',
      address: { city: 'Berlin' },
      tags: ['VIP', 'messe'],
      score: 15,
      fields: { size: 'L', region: 'Nord' },
      orders: { count: 3, totalMinor: 1500, firstAt: at(3), lastAt: at(8), byMonth: { '2026-03': 1500 } },
      firstTouch: { at: at(2), channel: 'fair' },
      lastTouch: { at: at(9), source: 'newsletter' },
      createdAt: at(2),
      source: 'fair',
      mergedIds: ['o'],
      mergedEmails: ['o@example.de'],
    });
  });

  it('carries over what the other had merged in before', () => {
    const merged = mergeContacts(contact('s', 1, {}), contact('o', 2, { mergedIds: ['x'], mergedEmails: ['x@example.de'] }), new Date(at(3)));
    expect(merged.mergedIds).toEqual(['o', 'x']);
    expect(merged.mergedEmails).toEqual(['o@example.de', 'x@example.de']);
  });
});
