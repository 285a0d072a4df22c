/**
 * Every key shape of the single table, in one place (ARCHITECTURE.md, "One table").
 * Nothing outside shared/store/ builds a `pk` or `sk`.
 */

/**
 * Shards of the `newest` index. Creations are spread over them by contact id so an import creating
 * thousands of contacts a second never piles onto one index partition (each takes ~1,000 writes/s);
 * a page of the contact list reads one Query per shard and merges them.
 */
export const NEWEST_SHARDS = 8;

/** Shards of the journeys' due index and of each journey's counters. */
export const JOURNEY_DUE_SHARDS = 16;
export const JOURNEY_STATS_SHARDS = 16;

/** FNV-1a of the id, so a contact's shard never changes. */
function shardOf(id: string, shards = NEWEST_SHARDS): number {
  let hash = 0x811c9dc5;
  for (let at = 0; at < id.length; at += 1) hash = Math.imul(hash ^ id.charCodeAt(at), 0x01000193);
  return (hash >>> 0) % shards;
}

/**
 * Name-index slots of a contact profile: sparse, keys-only GSIs `name1`…`name3`, each holding one word of
 * the person's name under its index key (shared/domain/name-search.ts `nameIndexKey`), so the name index
 * costs the profile's write nothing extra. Words beyond the slots (a fourth name word) get name-index
 * items as before 0.8.0.
 */
export const NAME_INDEX_SLOTS = 3;
/** The index and key attributes of name slot 1…{@link NAME_INDEX_SLOTS}. */
export const nameIndexSlot = (slot: number) => ({ index: `name${slot}`, pk: `name${slot}Pk`, sk: `name${slot}Sk` });

/** gsi1 partition of the tasks of one user (`U#`) or team (`T#`) in one status. */
const taskAssigneePartition = (assignee: { assigneeId?: string; team?: string }, status: string) =>
  assignee.assigneeId !== undefined ? `TASKS#U#${assignee.assigneeId}#${status}` : `TASKS#T#${assignee.team ?? ''}#${status}`;

const padRow = (row: number) => String(row).padStart(7, '0');

export const keys = {
  contact: (id: string) => ({ pk: `CONTACT#${id}`, sk: 'PROFILE' }),
  contactPartition: (id: string) => `CONTACT#${id}`,
  /** The contact-facts index key: only profiles carry it, so the index is theirs alone (sparse). */
  contactFacts: (id: string) => ({ factsPk: id }),
  /** The `newest` index key of a profile: its shard, then creation time and id (unique, so a position is exact). */
  newestContact: (id: string, createdAt: string) => ({ newestPk: `CONTACTS#${shardOf(id)}`, newestSk: `${createdAt}#${id}` }),
  newestContactShards: (): string[] => Array.from({ length: NEWEST_SHARDS }, (_, shard) => `CONTACTS#${shard}`),
  emailClaim: (normalisedEmail: string) => ({ pk: `EMAIL#${normalisedEmail}`, sk: 'EMAIL' }),
  timelineEntry: (contactId: string, at: string, id: string) => ({ pk: `CONTACT#${contactId}`, sk: `TL#${at}#${id}` }),
  consentProof: (contactId: string, topic: string, at: string, id: string) => ({
    pk: `CONTACT#${contactId}`,
    sk: `CONSENT#${topic}#${at}#${id}`,
  }),
  /** A channel change's proof in the contact's partition (erased with it, exported with it). */
  contactChannelProof: (contactId: string, channel: string, at: string, id: string) => ({
    pk: `CONTACT#${contactId}`,
    sk: `CHANNEL#${channel}#${at}#${id}`,
  }),
  /**
   * A print mailing's touchpoint: one per export and person (put only if absent), on the timeline
   * (`TL#`) but without the capture flag, so it is no `lead.captured`.
   */
  printTouchpoint: (contactId: string, exportId: string) => ({ pk: `CONTACT#${contactId}`, sk: `TL#PRINT#${exportId}` }),
  /** A company's channel change's proof in the company's partition. */
  companyChannelProof: (companyId: string, channel: string, at: string, id: string) => ({
    pk: `COMPANY#${companyId}`,
    sk: `CHANNEL#${channel}#${at}#${id}`,
  }),
  companyPartition: (id: string) => `COMPANY#${id}`,
  campaign: (id: string) => ({ pk: `CAMPAIGN#${id}`, sk: 'META' }),
  campaignCode: (code: string) => ({ pk: `CAMPAIGNCODE#${code}`, sk: 'CODE' }),
  form: (id: string) => ({ pk: `FORM#${id}`, sk: 'META' }),
  topic: (id: string) => ({ pk: `TOPIC#${id}`, sk: 'META' }),
  /** A custom field's definition, listed through gsi1 `FIELD` by key. */
  customField: (key: string) => ({ pk: `FIELD#${key}`, sk: 'META' }),
  idempotency: (scope: string, key: string) => ({ pk: `IDEMPOTENCY#${scope}#${key}`, sk: 'IDEMPOTENCY' }),
  /**
   * An audit entry under its id (so a put conditioned on its absence never writes one twice), listed by
   * time through gsi1 `AUDIT#DAY#<yyyy-mm-dd>` / `<at>#<id>`. Every audit key starts with `AUDIT`: the
   * read-only functions' grant to write entries is limited to those partitions.
   */
  auditEntry: (id: string) => ({ pk: `AUDITENTRY#${id}`, sk: 'ENTRY' }),
  auditDay: (at: string, id: string) => ({ gsi1pk: `AUDIT#DAY#${at.slice(0, 10)}`, gsi1sk: `${at}#${id}` }),
  auditDayPartition: (day: string) => `AUDIT#DAY#${day}`,
  /** A copy of an audit entry in its actor's partition and in each entity's, sorted by time: the filters are one Query. */
  auditByActor: (actor: string, at: string, id: string) => ({ pk: `AUDITACTOR#${actor}`, sk: `${at}#${id}` }),
  auditActorPartition: (actor: string) => `AUDITACTOR#${actor}`,
  auditByEntity: (entityId: string, at: string, id: string) => ({ pk: `AUDITENTITY#${entityId}`, sk: `${at}#${id}` }),
  auditEntityPartition: (entityId: string) => `AUDITENTITY#${entityId}`,
  /** Name index: partition by the token's first two letters, sorted by token, so prefixes are one Query. */
  nameIndex: (token: string, contactId: string) => ({ pk: `NAME#${token.slice(0, 2)}`, sk: `${token}#${contactId}` }),
  nameIndexPartition: (token: string) => `NAME#${token.slice(0, 2)}`,
  /**
   * A profile's name-slot keys, one word a slot: partition by the key's first letter (a query word of two
   * letters can have a key of one, `ue` → `u`), sorted by key and id, so a prefix is one Query per slot.
   */
  nameSlots: (indexKeys: readonly string[], contactId: string): Record<string, string> =>
    Object.fromEntries(
      indexKeys.slice(0, NAME_INDEX_SLOTS).flatMap((key, at) => {
        const slot = nameIndexSlot(at + 1);
        return [
          [slot.pk, `NAME#${key.slice(0, 1)}`],
          [slot.sk, `${key}#${contactId}`],
        ];
      }),
    ),
  nameSlotPartition: (indexKey: string) => `NAME#${indexKey.slice(0, 1)}`,
  /** The full key of a name-index entry from the sort key kept in a contact's `searchKeys`. */
  nameIndexEntry: (sk: string) => ({ pk: `NAME#${sk.slice(0, 2)}`, sk }),
  /**
   * Tag index: one item per tag of a contact, partitioned by the folded tag and sorted by when the
   * contact was created, so `?tag=` lists the tagged newest first with one Query.
   */
  tagIndex: (tag: string, createdAt: string, contactId: string) => ({ pk: `TAG#${tag}`, sk: `${createdAt}#${contactId}` }),
  tagPartition: (tag: string) => `TAG#${tag}`,
  /** The full key of a tag-index entry from the `tag|sort key` kept in a contact's `tagKeys`. */
  tagIndexEntry: (tagKey: string) => {
    const at = tagKey.lastIndexOf('|');
    return { pk: `TAG#${tagKey.slice(0, at)}`, sk: tagKey.slice(at + 1) };
  },
  company: (id: string) => ({ pk: `COMPANY#${id}`, sk: 'PROFILE' }),
  companyName: (folded: string) => ({ pk: `COMPANYNAME#${folded}`, sk: 'CLAIM' }),
  /** gsi1 partition holding a company's people. */
  companyPeople: (companyId: string) => `COMPANY#${companyId}`,
  order: (contactId: string, orderId: string) => ({ pk: `CONTACT#${contactId}`, sk: `ORDER#${orderId}` }),
  orderClaim: (orderId: string) => ({ pk: `ORDERID#${orderId}`, sk: 'ORDER' }),
  suppressionHash: (hash: string) => ({ pk: `SUPPRESSION#${hash}`, sk: 'HASH' }),
  /** An import's record (status, counts, progress), listed through gsi1 `IMPORT` by start time. */
  importMeta: (importId: string) => ({ pk: `IMPORT#${importId}`, sk: 'META' }),
  /** A background print export's state (status, counts, when), read by `GET /v1/print-exports/{id}`. */
  printExportMeta: (exportId: string) => ({ pk: `PRINTEXPORT#${exportId}`, sk: 'META' }),
  importPartition: (importId: string) => `IMPORT#${importId}`,
  /** A row's claim as versions before 0.8.0 wrote it (still read, so a file imported then is not imported again). */
  importRow: (importId: string, row: number) => ({ pk: `IMPORT#${importId}`, sk: `ROW#${padRow(row)}` }),
  /**
   * An import row's touchpoint, whose key is the row's claim: put only if absent, it makes the row
   * exactly once (a row always reaches the same contact: its address's). Listed by file and row
   * through gsi1, so a re-run skips the rows done with one Query per batch.
   */
  importRowTouchpoint: (contactId: string, fileId: string, row: number) => ({
    pk: `CONTACT#${contactId}`,
    sk: `TL#ROW#${fileId}#${padRow(row)}`,
    gsi1pk: `IMPORTROWS#${fileId}`,
    gsi1sk: padRow(row),
  }),
  /** gsi1 partition of the rows of a file imported (their touchpoints), sorted by row. */
  importRowTouchpoints: (fileId: string) => `IMPORTROWS#${fileId}`,
  importRowPosition: (row: number) => padRow(row),
  /** A rejected row and why, sorted by row number. */
  importRejection: (importId: string, row: number) => ({ pk: `IMPORT#${importId}`, sk: `REJ#${padRow(row)}` }),
  segment: (id: string) => ({ pk: `SEGMENT#${id}`, sk: 'META' }),
  segmentMember: (segmentId: string, contactId: string) => ({ pk: `SEG#${segmentId}`, sk: `C#${contactId}` }),
  segmentMembers: (segmentId: string) => `SEG#${segmentId}`,
  template: (id: string) => ({ pk: `TEMPLATE#${id}`, sk: 'META' }),
  mailing: (id: string) => ({ pk: `MAILING#${id}`, sk: 'META' }),
  /**
   * A lead-scoring ledger entry in the contact's partition (erased, exported and merged with it): one per
   * scorable event, put only if absent, so the event's id claims it and a redelivery scores nothing twice.
   */
  scoreEntry: (contactId: string, at: string, eventId: string) => ({ pk: `CONTACT#${contactId}`, sk: `SCORE#${at}#${eventId}` }),
  scoreEntryPrefix: 'SCORE#',
  /** The scoring rules (versioned) and the state of the newest rebuild. */
  scoring: { pk: 'SCORING', sk: 'META' },
  scoringRebuild: { pk: 'SCORING', sk: 'REBUILD' },
  /** The product's settings (the frequency cap). */
  settings: { pk: 'SETTINGS', sk: 'META' },
  /** The ABC classification: the run under way (its lease) and the last finished run's figures. */
  abcRun: { pk: 'ABC', sk: 'RUN' },
  /** A journey: its lifecycle and newest definition on `META`, each published version fixed as `V#<n>`. */
  journey: (id: string) => ({ pk: `JOURNEY#${id}`, sk: 'META' }),
  /** When any journey last changed status (published, paused, resumed, archived): triggers reload their catalogue then. */
  journeyCatalog: { pk: 'JOURNEYS', sk: 'CATALOG' },
  journeyVersion: (id: string, version: number) => ({ pk: `JOURNEY#${id}`, sk: `V#${String(version).padStart(5, '0')}` }),
  /**
   * A person in a journey, in the person's own partition: an erasure removes it with everything else,
   * the 360° page reads it with the profile, and a million participants spread over a million partitions.
   */
  journeyParticipant: (contactId: string, journeyId: string) => ({ pk: `CONTACT#${contactId}`, sk: `JOURNEY#${journeyId}` }),
  journeyParticipantPrefix: 'JOURNEY#',
  /** A journey mail's SES event of one kind, claimed once (the mailing's send record plays this part for mailings). */
  journeyMailEvent: (contactId: string, messageId: string, kind: string) => ({ pk: `CONTACT#${contactId}`, sk: `JMAIL#${messageId}#${kind}` }),
  /** The due index (`due`, keys only): active participants by due time, over shards so no minute is one hot partition. */
  journeyDue: (contactId: string, dueAt: string, journeyId: string) => ({
    duePk: `JDUE#${shardOf(contactId, JOURNEY_DUE_SHARDS)}`,
    dueSk: `${dueAt}#${journeyId}`,
  }),
  journeyDueShards: (): string[] => Array.from({ length: JOURNEY_DUE_SHARDS }, (_, shard) => `JDUE#${shard}`),
  /** gsi1 partition listing a journey's participants of one status, by entry time. */
  journeyParticipants: (journeyId: string, status: string) => `JP#${journeyId}#${status}`,
  /** A journey's counters, over shards (by contact) so concurrent steps rarely meet on one item. */
  journeyStats: (journeyId: string, shard: number) => ({ pk: `JSTATS#${journeyId}#${shard}`, sk: 'STATS' }),
  journeyStatsShard: (contactId: string) => shardOf(contactId, JOURNEY_STATS_SHARDS),
  /** A recipient's send record: the conditional put that claims it is what makes "never twice" hold. */
  mailingSend: (mailingId: string, contactId: string) => ({ pk: `MAILING#${mailingId}`, sk: `C#${contactId}` }),
  /** Mailings waiting for their `scheduledAt`, sorted by it, so the scheduler reads only what is due. */
  scheduledMailing: (scheduledAt: string, mailingId: string) => ({ pk: 'SCHEDULED_MAILINGS', sk: `${scheduledAt}#${mailingId}` }),
  scheduledMailings: 'SCHEDULED_MAILINGS',
  /**
   * A campaign's counters (README, "Analytics"), three views of the same additions kept in step:
   * per UTC day (`D#2026-11-24`: e-mail funnel and attribution totals, read for totals and byDay),
   * per day and source/medium (`S#2026-11-24#google#cpc`) and per month and source/medium
   * (`M#2026-11#google#cpc`), so a year's bySource reads twelve months, not 365 days.
   */
  campaignStats: (campaignId: string, day: string) => ({ pk: `STATS#${campaignId}`, sk: `D#${day}` }),
  campaignSourceStats: (campaignId: string, day: string, source: string, medium: string) => ({ pk: `STATS#${campaignId}`, sk: `S#${day}#${source}#${medium}` }),
  campaignMonthSourceStats: (campaignId: string, month: string, source: string, medium: string) => ({
    pk: `STATS#${campaignId}`,
    sk: `M#${month}#${source}#${medium}`,
  }),
  campaignStatsPartition: (campaignId: string) => `STATS#${campaignId}`,
  /** What a contact has added to the campaign counters so far, so a re-run adds only the difference. */
  attribution: (contactId: string) => ({ pk: `CONTACT#${contactId}`, sk: 'ATTRIBUTION' }),
  /** What is left of a contact merged into another: ids only (`mergedInto`, `mergedAt`), where its profile was. */
  mergedTombstone: (contactId: string) => ({ pk: `CONTACT#${contactId}`, sk: 'MERGED' }),
  /** A pair of contacts the user said are not one person, under both ids in order (one partition: read at once). */
  duplicateDismissal: (pairId: string) => ({ pk: 'DUPLICATE_DISMISSALS', sk: pairId }),
  duplicateDismissals: 'DUPLICATE_DISMISSALS',
  /** An address no mailing may reach (bounce, complaint, by hand). Removed with the contact on erasure. */
  suppression: (emailNormalised: string) => ({ pk: `SUPPRESSED#${emailNormalised}`, sk: 'ADDRESS' }),
  /**
   * An event waiting in the outbox (written in the transaction of the change it announces; the
   * stream's outbox reader publishes it, TTL removes it). Sharded by id so a burst of captures does
   * not pile onto one partition.
   */
  outboxEntry: (id: string, at: string) => ({ pk: `OUTBOX#${shardOf(id)}`, sk: `${at}#${id}` }),
  /**
   * The owner index (`owner`, keys only) on contact and company profiles: `OWNER#<userId>`, sorted by kind
   * and id. On the profile item itself, so a change of owner, a merge (the merged profile is deleted)
   * and an erasure keep it right without further writes.
   */
  ownerIndex: (userId: string, kind: 'contact' | 'company', id: string) => ({ ownerPk: `OWNER#${userId}`, ownerSk: `${kind === 'contact' ? 'C' : 'K'}#${id}` }),
  ownerPartition: (userId: string) => `OWNER#${userId}`,
  ownerKindPrefix: (kind: 'contact' | 'company') => (kind === 'contact' ? 'C#' : 'K#'),
  /** A task (Wiedervorlage), listed through gsi1 by assignee (user or team) and status, sorted by due time. */
  task: (id: string) => ({ pk: `TASK#${id}`, sk: 'META' }),
  taskAssignee: (assignee: { assigneeId?: string; team?: string }, status: string, dueAt: string, id: string) => ({
    gsi1pk: taskAssigneePartition(assignee, status),
    gsi1sk: `${dueAt}#${id}`,
  }),
  taskAssignees: (assignee: { assigneeId?: string; team?: string }, status: string) => taskAssigneePartition(assignee, status),
  /** A task's link in its contact's or company's partition: erased, exported and moved (merge) with the contact. */
  taskLink: (subject: { contactId?: string; companyId?: string }, taskId: string) => ({
    pk: subject.contactId !== undefined ? `CONTACT#${subject.contactId}` : `COMPANY#${subject.companyId ?? ''}`,
    sk: `TASK#${taskId}`,
  }),
  taskLinkPrefix: 'TASK#',
  /** A user's own settings (the digest preference); users themselves live in Cognito or the configured list. */
  userPreferences: (userId: string) => ({ pk: `USER#${userId}`, sk: 'PREFS' }),
  /** The claim of a user's digest for one local day (`2026-12-02`): put only if absent, so never two (TTL). */
  digestClaim: (userId: string, localDay: string) => ({ pk: `USER#${userId}`, sk: `DIGEST#${localDay}` }),
  /** A team's round-robin counter for qualified leads (atomic ADD). */
  roundRobin: (team: string) => ({ pk: `ROUNDROBIN#${team}`, sk: 'COUNTER' }),
  /** gsi1 partition that lists all entities of one kind, newest last. */
  listing: (kind: 'CAMPAIGN' | 'FORM' | 'TOPIC' | 'COMPANY' | 'SEGMENT' | 'TEMPLATE' | 'MAILING' | 'SUPPRESSION' | 'IMPORT' | 'JOURNEY' | 'FIELD') => kind,
  /** gsi1 partition an archived entity moves to: out of its list, listed on its own with `?archived=true`. */
  archivedListing: (kind: ArchivableKind) => `${kind}#ARCHIVED`,
} as const;

/** The kinds of entity that are archived instead of deleted (they stay readable by id). */
export type ArchivableKind = 'FORM' | 'TOPIC' | 'SEGMENT' | 'TEMPLATE' | 'JOURNEY';

/** The contact id inside a name slot's sort key (`<key>#<id>`; keys are letters and digits). */
export const contactIdOfNameSlot = (sk: string): string => sk.slice(sk.indexOf('#') + 1);

/** The contact id inside a `newest` index sort key (`<createdAt>#<id>`; ISO times hold no `#`). */
export const contactIdOfNewest = (sk: string): string => sk.slice(sk.indexOf('#') + 1);

/** The mailing id inside a scheduled-mailing entry's sort key (`<scheduledAt>#<id>`). */
export const mailingIdOfScheduled = (sk: string): string => sk.slice(sk.indexOf('#') + 1);
/** The contact id inside a segment member's sort key. */
export const contactIdOfMember = (sk: string): string => sk.slice('C#'.length);
/** The normalised address inside an email claim's partition key. */
export const emailOfClaim = (pk: string): string => pk.slice('EMAIL#'.length);
/** The uploads bucket's object keys are the files' concern (shared/files/upload-keys.ts); re-exported for the store's callers. */
export { importIdOfUploadKey, UPLOADS_PREFIX, uploadObjectKey } from '../files/upload-keys';
export { EXPORTS_PREFIX, exportObjectKey } from '../files/export-keys';

/** The row number inside an import row claim's sort key. */
export const rowOfImportClaim = (sk: string): number => Number(sk.slice('ROW#'.length));
/** The segment id inside a segment member's partition key. */
export const segmentIdOfMembers = (pk: string): string => pk.slice('SEG#'.length);

/**
 * The touchpoint attribute saying whether its capture created the contact: the `isNew` of the
 * `lead.captured` its stream record stands for. Internal: reads of the timeline leave it out.
 */
export const LEAD_IS_NEW = 'leadIsNew';

/** The prefixes of the items whose stream records are events (shared/store/stream-records.ts reads them). */
export const STREAM_EVENT_PREFIX = {
  outbox: 'OUTBOX#',
  segmentMembers: 'SEG#',
  contact: 'CONTACT#',
  consent: 'CONSENT#',
  timeline: 'TL#',
  mailing: 'MAILING#',
} as const;

/**
 * DynamoDB stream filters (Lambda event-filtering syntax) for the functions the table's changes
 * trigger: each a list of patterns, a record passes when one matches (Lambda takes up to 5). The
 * manifest names them; CDK turns them into FilterCriteria and the local stream poller applies the
 * same patterns.
 */
export const streamFilters = {
  /** A contact profile written (created or changed), not erased. */
  contactProfiles: [{ eventName: ['INSERT', 'MODIFY'], dynamodb: { Keys: { pk: { S: [{ prefix: 'CONTACT#' }] }, sk: { S: ['PROFILE'] } } } }],
  /**
   * The outbox: an outbox item written, a segment membership started or ended, a consent proof
   * written (consents change only with a proof), a touchpoint written, a mailing that turned from
   * `sending` to `sent` (five patterns: Lambda's limit per event source).
   */
  outbox: [
    { eventName: ['INSERT'], dynamodb: { Keys: { pk: { S: [{ prefix: STREAM_EVENT_PREFIX.outbox }] } } } },
    { eventName: ['INSERT', 'REMOVE'], dynamodb: { Keys: { pk: { S: [{ prefix: STREAM_EVENT_PREFIX.segmentMembers }] } } } },
    {
      eventName: ['INSERT'],
      dynamodb: { Keys: { pk: { S: [{ prefix: STREAM_EVENT_PREFIX.contact }] }, sk: { S: [{ prefix: STREAM_EVENT_PREFIX.consent }] } } },
    },
    // A capture's touchpoint (web form or import row): its record is the `lead.captured`.
    {
      eventName: ['INSERT'],
      dynamodb: {
        Keys: { pk: { S: [{ prefix: STREAM_EVENT_PREFIX.contact }] }, sk: { S: [{ prefix: STREAM_EVENT_PREFIX.timeline }] } },
        NewImage: { type: { S: ['touchpoint'] } },
      },
    },
    {
      eventName: ['MODIFY'],
      dynamodb: {
        Keys: { pk: { S: [{ prefix: STREAM_EVENT_PREFIX.mailing }] }, sk: { S: ['META'] } },
        OldImage: { status: { S: ['sending'] } },
        NewImage: { status: { S: ['sent'] } },
      },
    },
  ],
} as const;

export const SK_PREFIX = {
  task: 'TASK#',
  timeline: 'TL#',
  consent: 'CONSENT#',
  channel: 'CHANNEL#',
  order: 'ORDER#',
  profile: 'PROFILE',
  importRejection: 'REJ#',
} as const;
