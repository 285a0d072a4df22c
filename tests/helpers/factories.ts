import { randomUUID } from 'node:crypto';
import type { Contact, Touchpoint } from '#shared/domain/contact';
import { emptyContact } from '#shared/domain/contact';
import type { Form } from '#shared/domain/form';
import { newTopic, type Topic } from '#shared/domain/topic';
import type { Submission } from '#shared/domain/submission';
import type { CaptureFacts } from '#shared/domain/capture-plan';

export const NOW = new Date('2026-03-10T09:30:00.000Z');

/** A clock the test moves (to let a crashed run's leases or a crashed sender's claims lapse). */
export function movableClock(start = new Date()) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

let counter = 0;
export const sequentialIds =
  (prefix = 'id') =>
  () =>
    `${prefix}-${++counter}`;

export function aTopic(overrides: Partial<Parameters<typeof newTopic>[0]> = {}): Topic {
  return newTopic({ id: 'newsletter', name: 'Newsletter', description: 'Monthly news', ...overrides }, NOW);
}

export function aForm(overrides: Partial<Form> = {}): Form {
  return {
    id: `form-${randomUUID()}`,
    name: 'Footer form',
    topics: ['newsletter'],
    doubleOptIn: true,
    allowedOrigins: ['https://www.example.de'],
    locale: 'de',
    fields: [
      { name: 'firstName', required: false },
      { name: 'lastName', required: false },
    ],
    createdAt: NOW.toISOString(),
    ...overrides,
  };
}

export function aSubmission(overrides: Partial<Submission> = {}): Submission {
  return { email: `lead-${randomUUID()}@example.de`, consent: [], ...overrides };
}

export function aContact(overrides: Partial<Contact> = {}): Contact {
  const id = overrides.id ?? `contact-${randomUUID()}`;
  const email = overrides.email ?? `${id}@example.de`;
  return { ...emptyContact(id, email, email.toLowerCase(), 'web', NOW), version: 1, ...overrides };
}

export function aTouchpoint(overrides: Partial<Omit<Touchpoint, 'contactId'>> = {}): Omit<Touchpoint, 'contactId'> {
  return { id: `tp-${randomUUID()}`, at: NOW.toISOString(), kind: 'form_submission', channel: 'web', source: 'direct', ...overrides };
}

export function captureFacts(overrides: Partial<CaptureFacts> = {}): CaptureFacts {
  const email = overrides.email ?? `lead-${randomUUID()}@example.de`;
  return {
    existing: undefined,
    newContactId: `contact-${randomUUID()}`,
    email,
    emailNormalised: email.toLowerCase(),
    profile: {},
    touchpoint: aTouchpoint(),
    consentTopics: [],
    doubleOptIn: true,
    evidence: { source: 'form:f1', method: 'double_opt_in', formId: 'f1', ip: '203.0.113.7', userAgent: 'Mozilla/5.0' },
    now: NOW,
    newId: sequentialIds(),
    ...overrides,
  };
}
