import { describe, expect, it } from 'vitest';
import { planConfirmation } from '#shared/domain/confirm-plan';
import { aContact, NOW, sequentialIds } from '#tests/helpers/factories';

const pending = { status: 'pending' as const, at: NOW.toISOString(), requestId: 'r1', formId: 'f1', textVersion: 'v1' };
const evidence = { ip: '198.51.100.4', userAgent: 'Thunderbird' };

describe('planConfirmation', () => {
  it('grants the pending topics of the request and records the proof', () => {
    const contact = aContact({ consents: { newsletter: pending } });
    const plan = planConfirmation(contact, { topics: ['newsletter'], requestId: 'r1' }, evidence, NOW, sequentialIds());
    expect(plan.kind).toBe('confirmed');
    if (plan.kind !== 'confirmed') return;
    expect(plan.contact.consents.newsletter?.status).toBe('granted');
    expect(plan.proofs[0]).toMatchObject({
      topic: 'newsletter',
      status: 'granted',
      method: 'double_opt_in',
      formId: 'f1',
      textVersion: 'v1',
      requestId: 'r1',
      ...evidence,
    });
  });

  it('says already confirmed on the second use', () => {
    const contact = aContact({ consents: { newsletter: { ...pending, status: 'granted' } } });
    expect(planConfirmation(contact, { topics: ['newsletter'], requestId: 'r1' }, evidence, NOW, sequentialIds()).kind).toBe('already_confirmed');
  });

  it('grants nothing for a link whose request was withdrawn', () => {
    const contact = aContact({ consents: { newsletter: { ...pending, status: 'withdrawn' } } });
    expect(planConfirmation(contact, { topics: ['newsletter'], requestId: 'r1' }, evidence, NOW, sequentialIds()).kind).toBe('stale');
  });

  it('grants nothing for a link of a superseded request', () => {
    const contact = aContact({ consents: { newsletter: { ...pending, requestId: 'r2' } } });
    expect(planConfirmation(contact, { topics: ['newsletter'], requestId: 'r1' }, evidence, NOW, sequentialIds()).kind).toBe('stale');
  });
});
