/**
 * `npm run rebuild-stats`: recomputes every contact's share of the campaign counters from the stored
 * timeline, against the table `npm start` serves (or TABLE_NAME at DYNAMODB_ENDPOINT). In AWS the
 * `stats-rebuild` function does the same (README, "Analytics").
 */
import * as z from '#shared/zod';
import { createDocumentClient } from '#shared/store/dynamo-client';
import { SegmentRepository } from '#shared/store/segment-repository';
import { StatsRepository } from '#shared/store/stats-repository';
import { rebuildStats } from '#shared/use-cases/rebuild-stats';
import { parseEnvOrExit } from './env';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const envSchema = z.object({
  TABLE_NAME: z.string().min(1).default('leadflow'),
  DYNAMODB_ENDPOINT: z.url().default(`http://127.0.0.1:${process.env.DYNAMODB_PORT ?? '8000'}`),
  AWS_REGION: z.string().min(1).default('eu-central-1'),
  SEGMENT_SCAN_WORKERS: z.coerce.number().int().min(1).max(64).default(4),
});

async function main(): Promise<void> {
  const env = parseEnvOrExit(envSchema);
  const table = { client: createDocumentClient(env, { maxAttempts: 8 }), tableName: env.TABLE_NAME };
  const started = Date.now();
  const summary = await rebuildStats(
    { segments: new SegmentRepository(table), stats: new StatsRepository(table) },
    {
      workers: env.SEGMENT_SCAN_WORKERS,
      concurrency: 8,
      onProgress: (progress) => process.stdout.write(`\r${progress.contacts} contacts read, ${progress.changed} moved counters`),
    },
  );
  process.stdout.write('\n');
  console.log(
    `Rebuilt the campaign counters of ${env.TABLE_NAME} at ${env.DYNAMODB_ENDPOINT}: ${summary.contacts} contacts, ${summary.changed} changed, ${Date.now() - started} ms.`,
  );
}

main().catch((error: unknown) => {
  console.error(`Rebuild failed: ${(error as Error).message}`);
  process.exit(1);
});
