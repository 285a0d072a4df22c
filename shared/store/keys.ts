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
  /** Name index: partition by the token's first two letters, sorted by token, so prefixes are one Query. */
  nameIndex: (token: string, contactId: string) => ({ pk: `NAME#${token.slice(0, 2)}`, sk: `${token}#${contactId}` }),
  nameIndexPartition: (token: string) => `NAME#${token.slice(0, 2)}`,
  /** The full key of a name-index entry from the sort key kept in a contact's `searchKeys`. */
  nameIndexEntry: (sk: string) => ({ pk: `NAME#${sk.slice(0, 2)}`, sk }),
  company: (id: string) => ({ pk: `COMPANY#${id}`, sk: 'PROFILE' }),
  companyName: (folded: string) => ({ pk: `COMPANYNAME#${folded}`, sk: 'CLAIM' }),
  /** gsi1 partition holding a company's people. */
  companyPeople: (companyId: string) => `COMPANY#${companyId}`,
  order: (contactId: string, orderId: string) => ({ pk: `CONTACT#${contactId}`, sk: `ORDER#${orderId}` }),
  orderClaim: (orderId: string) => ({ pk: `ORDERID#${orderId}`, sk: 'ORDER' }),
  suppressionHash: (hash: string) => ({ pk: `SUPPRESSION#${hash}`, sk: 'HASH' }),
  importMeta: (fileHash: string) => ({ pk: `IMPORT#${fileHash}`, sk: 'META' }),
  importRow: (fileHash: string, row: number) => ({ pk: `IMPORT#${fileHash}`, sk: `ROW#${String(row).padStart(7, '0')}` }),
  /** gsi1 partition that lists all entities of one kind, newest last. */
  listing: (kind: 'CAMPAIGN' | 'FORM' | 'TOPIC' | 'COMPANY') => kind,
} as const;

export const SK_PREFIX = { timeline: 'TL#', consent: 'CONSENT#', order: 'ORDER#', profile: 'PROFILE' } as const;
