import { describe, expect, it } from 'vitest';
import { planConsentChanges } from '#shared/domain/consent-change';
import {
  createMailingSchema,
  MailingStateError,
  newMailing,
  planSend,
  type RecipientFacts,
  recipientVerdict,
  unsubscribeHeaders,
} from '#shared/domain/mailing';
import { sesEventSchema, toMailEvent } from '#shared/domain/ses-event';
import { MailOutcomeUnknownError, MailRejectedError, MailThrottledError, translateSesError } from '#shared/mail/errors';
import { aContact, aTopic, NOW } from '#tests/helpers/factories';

const valid = {
  name: 'Newsletter November',
  campaignId: 'c-1',
  segmentId: 's-1',
  topic: 'newsletter',
  templateId: 't-1',
  from: 'Beispiel GmbH <news@example.de>',
};

describe('createMailingSchema', () => {
  it('accepts the documented example', () => {
    expect(createMailingSchema.safeParse({ ...valid, scheduledAt: '2026-12-01T08:00:00Z' }).success).toBe(true);
  });

  it.each([
    ['from', { from: 'news@example.de\r\nBcc: victim@example.com' }],
    ['from', { from: 'not an address' }],
    ['replyTo', { replyTo: 'x <y>' }],
    ['topic', { topic: 'Newsletter!' }],
    ['scheduledAt', { scheduledAt: 'tomorrow' }],
    ['name', { name: '' }],
  ])('names %s when it is bad', (path, change) => {
    const result = createMailingSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });
});

describe('planSend', () => {
  const draft = newMailing(valid, 'm-1', NOW);
  it('starts a draft now, or schedules it when scheduledAt lies ahead', () => {
    expect(planSend(draft, NOW)).toBe('sending');
    expect(planSend({ ...draft, scheduledAt: new Date(NOW.getTime() + 60_000).toISOString() }, NOW)).toBe('scheduled');
    expect(planSend({ ...draft, status: 'scheduled', scheduledAt: NOW.toISOString() }, NOW)).toBe('sending');
  });

  it.each(['sending', 'sent', 'cancelled'] as const)('refuses to send a %s mailing again', (status) => {
    expect(() => planSend({ ...draft, status }, NOW)).toThrow(MailingStateError);
  });
});

describe('recipientVerdict', () => {
  const recipient = (status?: 'granted' | 'pending' | 'withdrawn'): RecipientFacts => ({
    id: 'c',
    email: 'a@b.de',
    emailNormalised: 'a@b.de',
    consents: status ? { newsletter: { status } } : {},
  });
  it('sends only with granted consent for the topic and no suppression', () => {
    expect(recipientVerdict(recipient('granted'), 'newsletter', false)).toBe('send');
    expect(recipientVerdict(recipient('granted'), 'events', false)).toBe('skippedNoConsent');
    expect(recipientVerdict(recipient('pending'), 'newsletter', false)).toBe('skippedNoConsent');
    expect(recipientVerdict(recipient('withdrawn'), 'newsletter', false)).toBe('skippedNoConsent');
    expect(recipientVerdict(recipient(), 'newsletter', false)).toBe('skippedNoConsent');
    expect(recipientVerdict(recipient('granted'), 'newsletter', true)).toBe('suppressed');
    expect(recipientVerdict(undefined, 'newsletter', false)).toBe('suppressed');
  });
});

describe('unsubscribeHeaders', () => {
  it('carries the https link first, the mailto second, and the RFC 8058 one-click marker', () => {
    expect(unsubscribeHeaders('https://x.de/v1/unsubscribe?token=t', 'mailto:u@x.de?subject=unsubscribe%20t')).toEqual({
      'List-Unsubscribe': '<https://x.de/v1/unsubscribe?token=t>, <mailto:u@x.de?subject=unsubscribe%20t>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    expect(unsubscribeHeaders('https://x.de/u', undefined)['List-Unsubscribe']).toBe('<https://x.de/u>');
  });
});

describe('toMailEvent', () => {
  const base = {
    mail: {
      messageId: 'msg-1',
      timestamp: '2026-11-24T08:00:00.000Z',
      destination: ['a@b.de'],
      tags: { mailingId: ['m-1'], contactId: ['c-1'], campaignId: ['k-1'] },
    },
  };
  it('maps a hard bounce to a suppression and ignores soft ones', () => {
    const hard = toMailEvent(
      sesEventSchema.parse({ ...base, eventType: 'Bounce', bounce: { bounceType: 'Permanent', timestamp: '2026-11-24T08:00:05.000Z' } }),
    );
    expect(hard).toEqual({
      kind: 'bounced',
      messageId: 'msg-1',
      mailingId: 'm-1',
      contactId: 'c-1',
      campaignId: 'k-1',
      at: '2026-11-24T08:00:05.000Z',
      suppress: 'bounce',
    });
    expect(toMailEvent(sesEventSchema.parse({ ...base, eventType: 'Bounce', bounce: { bounceType: 'Transient' } }))).toBeUndefined();
  });

  it('suppresses on a complaint, counts opens and clicks, and ignores mails without a mailing tag', () => {
    expect(toMailEvent(sesEventSchema.parse({ ...base, eventType: 'Complaint', complaint: {} }))?.suppress).toBe('complaint');
    expect(toMailEvent(sesEventSchema.parse({ ...base, eventType: 'Click', click: { link: 'https://x.de/a' } }))).toMatchObject({
      kind: 'clicked',
      link: 'https://x.de/a',
    });
    expect(toMailEvent(sesEventSchema.parse({ ...base, eventType: 'Send' }))).toBeUndefined();
    expect(toMailEvent(sesEventSchema.parse({ ...base, eventType: 'Delivery', mail: { ...base.mail, tags: {} } }))).toBeUndefined();
  });

  it('rejects an event without a message id or with a broken time', () => {
    expect(sesEventSchema.safeParse({ eventType: 'Delivery', mail: { timestamp: '2026-11-24T08:00:00Z' } }).success).toBe(false);
    expect(sesEventSchema.safeParse({ ...base, eventType: 'Delivery', delivery: { timestamp: 'yesterday' } }).success).toBe(false);
  });
});

describe('translateSesError', () => {
  const sdkError = (name: string, status?: number) => Object.assign(new Error(name), { name, ...(status ? { $metadata: { httpStatusCode: status } } : {}) });
  it('tells "try later", "never" and "unknown" apart', () => {
    expect(translateSesError(sdkError('TooManyRequestsException', 429))).toBeInstanceOf(MailThrottledError);
    expect(translateSesError(sdkError('ThrottlingException', 400))).toBeInstanceOf(MailThrottledError);
    expect(translateSesError(sdkError('InternalFailure', 500))).toBeInstanceOf(MailThrottledError);
    expect(translateSesError(sdkError('MessageRejected', 400))).toBeInstanceOf(MailRejectedError);
    expect(translateSesError(sdkError('TimeoutError'))).toBeInstanceOf(MailOutcomeUnknownError);
  });
});

describe('planConsentChanges', () => {
  const topic = aTopic();
  it('withdraws with proof once; a repeat changes nothing', () => {
    const contact = aContact({ consents: { newsletter: { status: 'granted', at: NOW.toISOString() } } });
    const first = planConsentChanges(
      contact,
      [{ topic, status: 'withdrawn' }],
      { method: 'unsubscribe', source: 'email:m-1', ip: '203.0.113.9' },
      NOW,
      () => 'p-1',
    );
    expect(first.changed).toEqual(['newsletter']);
    expect(first.proofs[0]).toMatchObject({ status: 'withdrawn', method: 'unsubscribe', source: 'email:m-1', ip: '203.0.113.9' });
    expect(
      planConsentChanges(first.contact, [{ topic, status: 'withdrawn' }], { method: 'unsubscribe', source: 'email:m-1' }, NOW, () => 'p-2').proofs,
    ).toEqual([]);
  });

  it('records the wording when a topic is granted on the preference page, and never withdraws what was never asked', () => {
    const contact = aContact();
    const plan = planConsentChanges(
      contact,
      [
        { topic, status: 'granted' },
        { topic: aTopic({ id: 'events' }), status: 'withdrawn' },
      ],
      { method: 'preferences', source: 'email:m-1' },
      NOW,
      () => 'p-1',
    );
    expect(plan.changed).toEqual(['newsletter']);
    expect(plan.proofs[0]).toMatchObject({ status: 'granted', text: topic.consentText, textVersion: topic.textVersion });
  });
});
