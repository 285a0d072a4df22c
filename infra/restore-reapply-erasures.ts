/**
 * `npm run restore:reapply-erasures -- --table <restored table> --since <ISO time of the backup>`: applies
 * again, to a restored table, every erasure the live table's audit trail recorded since the backup
 * (README, "Restore"). The live table is TABLE_NAME (default `leadflow`); DYNAMODB_ENDPOINT points at
 * DynamoDB Local, unset it in AWS (the default credentials then need Query on the live table's gsi1,
 * Scan and the erasure's writes on the restored one). The product key (TOKEN_SECRET, or TOKEN_SECRET_ARN
 * in AWS) hashes the addresses as the erasure did: its ring's `hashKey`, which rotation keeps. Safe to repeat.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { newId, repositoriesFor, systemClock } from '#shared/container';
import { signingConfig } from '#shared/config';
import { loadKeyRing } from '#shared/security/signing-key';
import { emailHasher } from '#shared/security/email-hash';
import { AuditRepository } from '#shared/store/audit-repository';
import { createDocumentClient, type TableRef } from '#shared/store/dynamo-client';
import { emailClaimsOf } from '#shared/store/email-claims';
import { ErasureRepository } from '#shared/store/erasure-repository';
import { eraseContact } from '#shared/use-cases/gdpr';
import { reapplyErasures } from '#shared/use-cases/reapply-erasures';
import * as z from '#shared/zod';

const envSchema = z.object({
  TABLE_NAME: z.string().min(1).default('leadflow'),
  DYNAMODB_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().min(1).default('eu-central-1'),
});

const argsSchema = z.object({
  table: z.string({ error: '--table <restored table> is required' }).min(1),
  since: z.iso.datetime({ offset: true, message: '--since must be an ISO date-time (the backup time)' }).transform((value) => new Date(value)),
});

/** Re-applies the live table's erasures since `since` to `restored`, with the product key `key`. */
export async function reapplyErasuresTo(live: TableRef, restored: TableRef, since: Date, key: string): Promise<{ erasures: number; erased: string[] }> {
  const repositories = repositoriesFor(restored);
  const hashEmail = emailHasher(key);
  const erasurePorts = { ...repositories, erasure: new ErasureRepository(restored), hashEmail, clock: systemClock, newId };
  return reapplyErasures(
    {
      erasures: new AuditRepository(live),
      restoredClaims: () => emailClaimsOf(restored),
      hashEmail,
      erase: (contactId) => eraseContact(erasurePorts, contactId),
      clock: systemClock,
    },
    since,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { table: { type: 'string' }, since: { type: 'string' } } });
  const args = argsSchema.safeParse(values);
  const env = envSchema.safeParse(process.env);
  if (!args.success || !env.success) {
    console.error([...(args.error?.issues ?? []), ...(env.error?.issues ?? [])].map((issue) => issue.message).join('; '));
    process.exit(2);
  }
  const client = createDocumentClient(env.data, { maxAttempts: 8 });
  const live = { client, tableName: env.data.TABLE_NAME };
  const restored = { client, tableName: args.data.table };
  const summary = await reapplyErasuresTo(live, restored, args.data.since, (await loadKeyRing(signingConfig())).hashKey);
  console.log(
    `${summary.erasures} erasures recorded in ${live.tableName} since ${args.data.since.toISOString()}; erased again in ${restored.tableName}: ${summary.erased.length} contacts${summary.erased.length ? ` (${summary.erased.join(', ')})` : ''}.`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  main().catch((error: unknown) => {
    console.error(`Re-applying the erasures failed: ${(error as Error).message}`);
    process.exit(1);
  });
}
