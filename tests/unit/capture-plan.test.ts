import { describe, expect, it } from 'vitest';
import { CONFIRMATION_RESEND_WINDOW_MS, planCapture } from '#shared/domain/capture-plan';
import { aContact, aTopic, aTouchpoint, captureFacts, NOW } from '#tests/helpers/factories';

const newsletter = aTopic();
const events = aTopic({ id: 'events', name: 'Events' });
const later = (ms: number) => new Date(NOW.getTime() + ms);

describe('planCapture', () => {
  it('creates a captured contact when no topic is ticked', () => {
    const plan = planCapture(captureFacts({ profile: { firstName: 'Anna' } }));
    expect(plan.isNew).toBe(true);
    expect(plan.status).toBe('captured');
    expect(plan.contact.firstName).toBe('Anna');
    expect(plan.proofs).toEqual([]);
    expect(plan.confirmation).toBeUndefined();
    expect(plan.contact.firstTouch).toEqual(plan.contact.lastTouch);
  });

  it('asks for confirmation with proof of the request under double opt-in', () => {
    const plan = planCapture(captureFacts({ consentTopics: [newsletter] }));
    expect(plan.status).toBe('pending_confirmation');
    expect(plan.contact.consents.newsletter?.status).toBe('pending');
    expect(plan.confirmation?.topics).toEqual(['newsletter']);
    expect(plan.proofs).toHaveLength(1);
    expect(plan.proofs[0]).toMatchObject({
      topic: 'newsletter',
      status: 'pending',
      ip: '203.0.113.7',
      userAgent: 'Mozilla/5.0',
      formId: 'f1',
      textVersion: newsletter.textVersion,
      text: newsletter.consentText,
      requestId: plan.confirmation?.requestId,
    });
  });

  it('grants at once, with proof, on a single opt-in form', () => {
    const plan = planCapture(captureFacts({ consentTopics: [newsletter], doubleOptIn: false }));
    expect(plan.status).toBe('subscribed');
    expect(plan.contact.consents.newsletter?.status).toBe('granted');
    expect(plan.proofs[0]).toMatchObject({ status: 'granted', method: 'single_opt_in' });
    expect(plan.confirmation).toBeUndefined();
  });

  it('merges into an existing contact, keeping the first touch and moving the last', () => {
    const firstTouch = { at: '2026-01-01T00:00:00.000Z', channel: 'fair', source: 'direct', campaignId: 'fair' };
    const existing = aContact({ firstName: 'Anna', lastName: 'Weiß', firstTouch, lastTouch: firstTouch });
    const plan = planCapture(captureFacts({ existing, profile: { firstName: 'Anne' }, touchpoint: aTouchpoint({ campaignId: 'web' }) }));
    expect(plan.isNew).toBe(false);
    expect(plan.contact.id).toBe(existing.id);
    expect(plan.contact.firstName).toBe('Anne');
    expect(plan.contact.lastName).toBe('Weiß');
    expect(plan.contact.firstTouch?.campaignId).toBe('fair');
    expect(plan.contact.lastTouch?.campaignId).toBe('web');
  });

  it('never downgrades a granted consent and sends no mail for it', () => {
    const existing = aContact({ consents: { newsletter: { status: 'granted', at: '2026-01-01T00:00:00.000Z' } } });
    const plan = planCapture(captureFacts({ existing, consentTopics: [newsletter] }));
    expect(plan.status).toBe('subscribed');
    expect(plan.contact.consents.newsletter?.status).toBe('granted');
    expect(plan.confirmation).toBeUndefined();
    expect(plan.proofs).toEqual([]);
  });

  it('reuses an open request so earlier links keep working, and does not re-mail within the window', () => {
    const first = planCapture(captureFacts({ consentTopics: [newsletter] }));
    const mailed = { ...first.contact, consents: { newsletter: { ...first.contact.consents.newsletter!, mailSentAt: NOW.toISOString() } } };
    const again = planCapture(captureFacts({ existing: mailed, consentTopics: [newsletter], now: later(60_000) }));
    expect(again.status).toBe('pending_confirmation');
    expect(again.contact.consents.newsletter?.requestId).toBe(first.confirmation?.requestId);
    expect(again.confirmation).toBeUndefined();
  });

  it('mails again once the resend window has passed', () => {
    const first = planCapture(captureFacts({ consentTopics: [newsletter] }));
    const mailed = { ...first.contact, consents: { newsletter: { ...first.contact.consents.newsletter!, mailSentAt: NOW.toISOString() } } };
    const again = planCapture(captureFacts({ existing: mailed, consentTopics: [newsletter], now: later(CONFIRMATION_RESEND_WINDOW_MS) }));
    expect(again.confirmation?.requestId).toBe(first.confirmation?.requestId);
  });

  it('mails again when the earlier mail never went out', () => {
    const first = planCapture(captureFacts({ consentTopics: [newsletter] }));
    const again = planCapture(captureFacts({ existing: first.contact, consentTopics: [newsletter], now: later(1000) }));
    expect(again.confirmation?.topics).toEqual(['newsletter']);
  });

  it('opens a new request after a withdrawal, so the old link cannot re-subscribe', () => {
    const existing = aContact({ consents: { newsletter: { status: 'withdrawn', at: NOW.toISOString(), requestId: 'old' } } });
    const plan = planCapture(captureFacts({ existing, consentTopics: [newsletter] }));
    expect(plan.confirmation?.requestId).not.toBe('old');
    expect(plan.contact.consents.newsletter?.status).toBe('pending');
  });

  it('asks for the not yet granted topics only, in one mail', () => {
    const existing = aContact({ consents: { newsletter: { status: 'granted', at: NOW.toISOString() } } });
    const plan = planCapture(captureFacts({ existing, consentTopics: [newsletter, events] }));
    expect(plan.confirmation?.topics).toEqual(['events']);
    expect(plan.status).toBe('pending_confirmation');
  });
});
