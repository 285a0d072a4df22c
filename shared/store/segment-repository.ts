import { GetCommand, ScanCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Segment, SegmentRunSummary } from '#shared/domain/segment';
import type { SegmentFacts } from '#shared/domain/segment-rule';
import type { MembershipChange, SegmentMember } from '#shared/use-cases/segment-ports';
import type { TableRef } from './dynamo-client';
import { archiveItem } from './entity-writes';
import { cancellationReasons, ConcurrentWriteError, isConditionalCheckFailed, writeIf } from './errors';
import { contactIdOfMember, keys } from './keys';
import { getAll, type Page, queryAll, queryPage, withoutKeys } from './pagination';
import { putNew } from './put-new';

export type { MembershipChange, SegmentMember };

/** One transaction may hold 100 items: the profile update plus this many member puts/deletes. */
const CHANGES_PER_TRANSACTION = 99;

/**
 * Segments (`SEGMENT#<id>` / `META`), their members (`SEG#<id>` / `C#<contactId>`) and the scan of the
 * contact-facts index that segment runs read. A contact's memberships also live on its profile
 * (`segments`), so a run learns what changed from the profile it scans, without loading member lists;
 * both are written in one transaction conditioned on the profile's version.
 */
export class SegmentRepository {
  constructor(private readonly table: TableRef) {}

  private metaItem(segment: Segment) {
    return { ...keys.segment(segment.id), gsi1pk: keys.listing('SEGMENT'), gsi1sk: `${segment.createdAt}#${segment.id}`, type: 'segment', ...segment };
  }

  create(segment: Segment): Promise<void> {
    return putNew(this.table, this.metaItem(segment), `Segment ${segment.id}`);
  }

  /** Replaces the definition if nobody changed it since it was read; run bookkeeping is kept as stored. */
  async update(previous: Segment, next: Segment): Promise<void> {
    const removes = [...(next.description === undefined ? ['description'] : []), ...(next.evaluatedAt === undefined ? ['evaluatedAt'] : [])];
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.segment(next.id),
          UpdateExpression: `SET #name = :name, #rule = :rule, schedule = :schedule, updatedAt = :updatedAt${next.description === undefined ? '' : ', description = :description'}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: 'updatedAt = :seen',
          ExpressionAttributeNames: { '#name': 'name', '#rule': 'rule' },
          ExpressionAttributeValues: {
            ':name': next.name,
            ':rule': next.rule,
            ':schedule': next.schedule,
            ':updatedAt': next.updatedAt,
            ':seen': previous.updatedAt,
            ...(next.description === undefined ? {} : { ':description': next.description }),
          },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new ConcurrentWriteError({ cause: error });
      throw error;
    }
  }

  async get(id: string): Promise<Segment | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.segment(id), ConsistentRead: true }));
    return result.Item ? this.toSegment(result.Item) : undefined;
  }

  async getMany(ids: readonly string[]): Promise<Segment[]> {
    const unique = [...new Set(ids)].slice(0, 100);
    return (
      await getAll(
        this.table,
        unique.map((id) => keys.segment(id)),
      )
    ).map((item) => this.toSegment(item));
  }

  list(limit: number, cursor?: string, options: { archived?: boolean } = {}): Promise<Page<Segment>> {
    const partition = options.archived ? keys.archivedListing('SEGMENT') : keys.listing('SEGMENT');
    return queryPage(this.table, { index: 'gsi1', partition, limit, ...(cursor ? { cursor } : {}) }, (item) => this.toSegment(item));
  }

  /**
   * Every segment (a product has tens, not thousands), archived ones included: mailings made before
   * the archive still send to its members, so runs and live refreshes keep them current.
   */
  async listAll(): Promise<Segment[]> {
    const partitions = [keys.listing('SEGMENT'), keys.archivedListing('SEGMENT')];
    const items = await Promise.all(
      partitions.map((partition) =>
        queryAll(this.table, { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': partition } }),
      ),
    );
    return items.flat().map((item) => this.toSegment(item));
  }

  /**
   * Archives the segment (idempotent); undefined when there is no such segment. Its `updatedAt` is
   * left alone, so a run in flight still records its result.
   */
  async archive(id: string, now: Date): Promise<Segment | undefined> {
    const item = await archiveItem(this.table, keys.segment(id), 'SEGMENT', now);
    return item ? this.toSegment(item) : undefined;
  }

  private toSegment(item: Record<string, unknown>): Segment {
    return withoutKeys<Segment>(item);
  }

  /**
   * Takes the segment's lease for a run: succeeds when no run holds it or the holder's lease has run
   * out (a crashed run). Returns the segment as leased, or undefined when another run holds it.
   */
  async acquireLease(id: string, runId: string, now: Date, until: Date): Promise<Segment | undefined> {
    try {
      const result = await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.segment(id),
          UpdateExpression: 'SET lease = :lease',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(lease) OR lease.#until < :now)',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':lease': { runId, until: until.toISOString() }, ':now': now.toISOString() },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return this.toSegment(result.Attributes ?? {});
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }

  /**
   * Records a finished run and gives the lease back. The member count and `evaluatedAt` are set only
   * if the rule is still the one evaluated (`updatedAt` unchanged); returns whether they were.
   */
  async finishRun(segment: Segment, summary: SegmentRunSummary, memberCount: number): Promise<boolean> {
    const recorded = await writeIf(
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.segment(segment.id),
          UpdateExpression: 'SET memberCount = :count, evaluatedAt = :at, lastRun = :summary REMOVE lease',
          ConditionExpression: 'lease.runId = :runId AND updatedAt = :seen',
          ExpressionAttributeValues: {
            ':count': memberCount,
            ':at': summary.finishedAt,
            ':summary': summary,
            ':runId': summary.runId,
            ':seen': segment.updatedAt,
          },
        }),
      ),
    );
    if (!recorded) await this.releaseLease(segment.id, summary.runId);
    return recorded;
  }

  async releaseLease(id: string, runId: string): Promise<void> {
    await writeIf(
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.segment(id),
          UpdateExpression: 'REMOVE lease',
          ConditionExpression: 'lease.runId = :runId',
          ExpressionAttributeValues: { ':runId': runId },
        }),
      ),
    );
  }

  /** Moves the member count by a live change between runs. */
  async adjustMemberCount(id: string, delta: number): Promise<void> {
    if (delta === 0) return;
    await writeIf(
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.segment(id),
          UpdateExpression: 'ADD memberCount :delta',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':delta': delta },
        }),
      ),
    );
  }

  members(segmentId: string, limit: number, cursor?: string): Promise<Page<SegmentMember>> {
    return queryPage(this.table, { partition: keys.segmentMembers(segmentId), limit, ...(cursor ? { cursor } : {}) }, (item) => ({
      contactId: contactIdOfMember(String(item.sk)),
      enteredAt: String(item.enteredAt),
    }));
  }

  /**
   * Writes a contact's membership changes: its profile's `segments` map and the member items, in one
   * transaction per 99 changes, each conditioned on the version read. Returns the version after the
   * change; throws {@link ConcurrentWriteError} when the contact changed or vanished since it was read.
   */
  async applyChange(change: MembershipChange): Promise<number> {
    const pending = [...change.entered.map((id) => ({ id, enter: true })), ...change.exited.map((id) => ({ id, enter: false }))];
    const memberships = { ...change.current };
    let version = change.version;
    for (let start = 0; start < pending.length; start += CHANGES_PER_TRANSACTION) {
      const chunk = pending.slice(start, start + CHANGES_PER_TRANSACTION);
      for (const { id, enter } of chunk) {
        if (enter) memberships[id] = change.at;
        else delete memberships[id];
      }
      try {
        await this.table.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.table.tableName,
                  Key: keys.contact(change.contactId),
                  UpdateExpression: 'SET #segments = :segments ADD version :one',
                  ConditionExpression: 'version = :seen',
                  ExpressionAttributeNames: { '#segments': 'segments' },
                  ExpressionAttributeValues: { ':segments': { ...memberships }, ':one': 1, ':seen': version },
                },
              },
              ...chunk.map(({ id, enter }) =>
                enter
                  ? {
                      Put: {
                        TableName: this.table.tableName,
                        Item: { ...keys.segmentMember(id, change.contactId), type: 'segment-member', enteredAt: change.at },
                      },
                    }
                  : { Delete: { TableName: this.table.tableName, Key: keys.segmentMember(id, change.contactId) } },
              ),
            ],
          }),
        );
      } catch (error) {
        if (cancellationReasons(error)) throw new ConcurrentWriteError({ cause: error });
        throw error;
      }
      version += 1;
    }
    return version;
  }

  /**
   * One worker's share of a parallel Scan over the contact-facts index, page by page, reading only
   * `attributes`. `onPage` runs before the next page is requested, so memory stays at one page.
   */
  async scanFacts(
    options: { attributes: readonly string[]; segment: number; totalSegments: number; pageSize?: number; signal?: AbortSignal },
    onPage: (facts: SegmentFacts[]) => Promise<void>,
  ): Promise<void> {
    const names = Object.fromEntries(options.attributes.map((name, index) => [`#a${index}`, name]));
    let start: Record<string, unknown> | undefined;
    do {
      options.signal?.throwIfAborted();
      const page = await this.table.client.send(
        new ScanCommand({
          TableName: this.table.tableName,
          IndexName: 'facts',
          Segment: options.segment,
          TotalSegments: options.totalSegments,
          ProjectionExpression: Object.keys(names).join(', '),
          ExpressionAttributeNames: names,
          ...(options.pageSize ? { Limit: options.pageSize } : {}),
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
        options.signal ? { abortSignal: options.signal } : {},
      );
      await onPage((page.Items ?? []) as SegmentFacts[]);
      start = page.LastEvaluatedKey;
    } while (start);
  }

  /**
   * The whole contact-facts index, read by `workers` parallel Scan segments; `onPage` sees each page
   * as it arrives (from any worker).
   */
  scanAllFacts(
    options: { attributes: readonly string[]; workers: number; pageSize?: number; signal?: AbortSignal },
    onPage: (facts: SegmentFacts[]) => Promise<void>,
  ): Promise<void> {
    const { workers, ...scan } = options;
    return Promise.all(Array.from({ length: workers }, (_, segment) => this.scanFacts({ ...scan, segment, totalSegments: workers }, onPage))).then(
      () => undefined,
    );
  }

  /** The facts of one contact, read consistently (to redo a change that lost a race). */
  async factsOf(contactId: string): Promise<SegmentFacts | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.contact(contactId), ConsistentRead: true }));
    return result.Item ? withoutKeys<SegmentFacts>(result.Item) : undefined;
  }
}
