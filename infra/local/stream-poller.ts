import { setTimeout as sleep } from 'node:timers/promises';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { streamFilters } from '../../shared/store/keys';
import { functions } from '../functions';
import type { DeadLetters } from './dead-letters';
import { matchesPattern } from './event-pattern';
import { invokeFunction } from './handler-modules';

/** Attempts at a batch before its first failing record goes to the dead letters (Lambda: retryAttempts). */
const MAX_ATTEMPTS = 3;
const IDLE_POLL_MS = 200;

export interface StreamPoller {
  stop(): Promise<void>;
}

type Image = Record<string, unknown>;

/**
 * The streams client turns an empty map attribute (`{ "M": {} }` on the wire) into `{}`; an attribute
 * value always has exactly one type key, so `{}` can only be that map. Restores what Lambda delivers.
 */
function restoreEmptyMaps(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map(restoreEmptyMaps);
  const entries = Object.entries(value as Image);
  if (entries.length === 0) return { M: {} };
  return Object.fromEntries(entries.map(([key, inner]) => [key, key === 'M' ? restoreImage(inner as Image) : restoreEmptyMaps(inner)]));
}
const restoreImage = (image: Image | undefined): Image | undefined =>
  image ? Object.fromEntries(Object.entries(image).map(([name, value]) => [name, restoreEmptyMaps(value)])) : undefined;

/** A record from GetRecords in the shape Lambda hands to a stream-triggered function. */
function toLambdaRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const approximate = record.dynamodb?.ApproximateCreationDateTime as Date | number | undefined;
  const dynamodb = record.dynamodb as DynamoDBRecord['dynamodb'] & { NewImage?: Image; OldImage?: Image };
  const newImage = restoreImage(dynamodb?.NewImage);
  const oldImage = restoreImage(dynamodb?.OldImage);
  return {
    ...(record as DynamoDBRecord),
    eventSource: 'aws:dynamodb',
    eventSourceARN: streamArn,
    dynamodb: {
      ...dynamodb,
      ...(newImage ? { NewImage: newImage as never } : {}),
      ...(oldImage ? { OldImage: oldImage as never } : {}),
      ...(approximate !== undefined ? { ApproximateCreationDateTime: approximate instanceof Date ? approximate.getTime() / 1000 : approximate } : {}),
    },
  };
}

/**
 * Reads DynamoDB Local's stream of the table and invokes the manifest's stream-triggered functions
 * with the records their filter selects, in order, in batches of their `batchSize` — the local
 * counterpart of a Lambda event source mapping. Failures are handled the same way: a batch whose
 * handler reports failed items is retried from the first failed record; what keeps failing is
 * recorded as a dead letter and skipped.
 */
export async function startStreamPoller(options: { endpoint: string; tableName: string; rootDir: string; deadLetters: DeadLetters }): Promise<StreamPoller> {
  const clientOptions = { endpoint: options.endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  const dynamo = new DynamoDBClient(clientOptions);
  const streams = new DynamoDBStreamsClient(clientOptions);
  const streamArn = (await dynamo.send(new DescribeTableCommand({ TableName: options.tableName }))).Table?.LatestStreamArn;
  dynamo.destroy();
  if (!streamArn) throw new Error(`Table ${options.tableName} has no stream`);
  const consumers = functions.flatMap((spec) => (spec.stream ? [{ ...spec, stream: spec.stream }] : []));

  const deliver = async (records: DynamoDBRecord[]) => {
    for (const spec of consumers) {
      const patterns: readonly unknown[] = streamFilters[spec.stream.filter];
      const selected = records.filter((record) => patterns.some((pattern) => matchesPattern(pattern, record)));
      for (let start = 0; start < selected.length; start += spec.stream.batchSize) {
        let batch = selected.slice(start, start + spec.stream.batchSize);
        for (let attempt = 1; batch.length > 0; attempt += 1) {
          let failedFrom: string | undefined;
          let error = 'BatchItemFailure';
          try {
            const event: DynamoDBStreamEvent = { Records: batch };
            const result = await invokeFunction<DynamoDBBatchResponse | undefined>(options.rootDir, spec.name, event);
            failedFrom = result?.batchItemFailures?.[0]?.itemIdentifier;
          } catch (thrown) {
            failedFrom = batch[0]?.dynamodb?.SequenceNumber;
            error = (thrown as Error).name;
          }
          if (failedFrom === undefined) break;
          const index = Math.max(
            0,
            batch.findIndex((record) => record.dynamodb?.SequenceNumber === failedFrom),
          );
          batch = batch.slice(index);
          if (attempt >= MAX_ATTEMPTS) {
            const [poison] = batch as [DynamoDBRecord, ...DynamoDBRecord[]];
            options.deadLetters.push({
              functionName: spec.name,
              error,
              record: { eventID: poison.eventID, sequenceNumber: poison.dynamodb?.SequenceNumber, keys: poison.dynamodb?.Keys },
            });
            batch = batch.slice(1);
            attempt = 0;
          }
        }
      }
    }
  };

  const iterators = new Map<string, string | undefined>();
  let first = true;
  const discoverShards = async () => {
    let startShard: string | undefined;
    do {
      const described = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ...(startShard ? { ExclusiveStartShardId: startShard } : {}) }));
      for (const shard of described.StreamDescription?.Shards ?? []) {
        if (!shard.ShardId || iterators.has(shard.ShardId)) continue;
        // Shards open at start are read from now on (no replay of kept data); later shards from their start.
        const iterator = await streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: shard.ShardId,
            ShardIteratorType: first && !shard.SequenceNumberRange?.EndingSequenceNumber ? 'LATEST' : 'TRIM_HORIZON',
          }),
        );
        iterators.set(shard.ShardId, first && shard.SequenceNumberRange?.EndingSequenceNumber ? undefined : iterator.ShardIterator);
      }
      startShard = described.StreamDescription?.LastEvaluatedShardId;
    } while (startShard);
    first = false;
  };

  let running = true;
  const loop = (async () => {
    let sinceDiscovery = Number.POSITIVE_INFINITY;
    while (running) {
      try {
        if (sinceDiscovery > 20) {
          await discoverShards();
          sinceDiscovery = 0;
        }
        sinceDiscovery += 1;
        let received = 0;
        for (const [shardId, iterator] of iterators) {
          if (!iterator) continue;
          const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
          iterators.set(shardId, page.NextShardIterator);
          const records = (page.Records ?? []).map((record) => toLambdaRecord(record, streamArn));
          received += records.length;
          if (records.length > 0) await deliver(records);
        }
        if (received === 0) await sleep(IDLE_POLL_MS);
      } catch (error) {
        if (!running) break;
        process.stderr.write(`local stream poller: ${(error as Error).name}: ${(error as Error).message}\n`);
        await sleep(1000);
      }
    }
  })();

  return {
    stop: async () => {
      running = false;
      await loop;
      streams.destroy();
    },
  };
}
