/**
 * Every key shape of the single table, in one place (ARCHITECTURE.md, "One table").
 * Nothing outside shared/store/ builds a `pk` or `sk`.
 */
export const keys = {
  contact: (id: string) => ({ pk: `CONTACT#${id}`, sk: 'PROFILE' }),
  contactPartition: (id: string) => `CONTACT#${id}`,
  emailClaim: (normalisedEmail: string) => ({ pk: `EMAIL#${normalisedEmail}`, sk: 'EMAIL' }),
  timelineEntry: (contactId: string, at: string, id: string) => ({ pk: `CONTACT#${contactId}`, sk: `TL#${at}#${id}` }),
  consentProof: (contactId: string, topic: string, at: string, id: string) => ({
    pk: `CONTACT#${contactId}`,
    sk: `CONSENT#${topic}#${at}#${id}`,
  }),
  campaign: (id: string) => ({ pk: `CAMPAIGN#${id}`, sk: 'META' }),
  campaignCode: (code: string) => ({ pk: `CAMPAIGNCODE#${code}`, sk: 'CODE' }),
  form: (id: string) => ({ pk: `FORM#${id}`, sk: 'META' }),
  topic: (id: string) => ({ pk: `TOPIC#${id}`, sk: 'META' }),
  idempotency: (scope: string, key: string) => ({ pk: `IDEMPOTENCY#${scope}#${key}`, sk: 'IDEMPOTENCY' }),
  /** gsi1 partition that lists all entities of one kind, newest last. */
  listing: (kind: 'CAMPAIGN' | 'FORM' | 'TOPIC') => kind,
} as const;

export const SK_PREFIX = { timeline: 'TL#', consent: 'CONSENT#', profile: 'PROFILE' } as const;
