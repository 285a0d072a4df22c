/**
 * `npm start`: runs the product locally (API.md, "Local defaults"). Ports and the role tokens can be
 * overridden with PORT, SES_PORT, DYNAMODB_PORT, EVENTS_PORT, S3_PORT, ADMIN_TOKEN, MARKETER_TOKEN, ANALYST_TOKEN and SALES_TOKEN; `npm start -- --persist` keeps data
 * under .data/ (or DATA_DIR).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from '#shared/zod';
import { JavaMissingError } from './dynamodb-local';
import { parseEnvOrExit } from './env';
import { PortInUseError } from './ports';
import { startLocalStack } from './stack';

// Lambda runs Node.js 22; the SDK's reminder that Node 20 support ends is noise for a local run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const port = z.coerce.number().int().min(1).max(65535);
const envSchema = z.object({
  PORT: port.default(3000),
  SES_PORT: port.default(8005),
  DYNAMODB_PORT: port.default(8000),
  EVENTS_PORT: port.default(8010),
  S3_PORT: port.default(8020),
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  MARKETER_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  ANALYST_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  SALES_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  DATA_DIR: z.string().min(1).optional(),
});

async function main(): Promise<void> {
  const env = parseEnvOrExit(envSchema);
  const persist = process.argv.includes('--persist');
  const dataDir = persist ? path.resolve(rootDir, env.DATA_DIR ?? '.data') : undefined;

  const stack = await startLocalStack({
    rootDir,
    apiPort: env.PORT,
    sesPort: env.SES_PORT,
    dynamoDbPort: env.DYNAMODB_PORT,
    eventsPort: env.EVENTS_PORT,
    s3Port: env.S3_PORT,
    ...(env.ADMIN_TOKEN ? { adminToken: env.ADMIN_TOKEN } : {}),
    roleTokens: {
      ...(env.MARKETER_TOKEN ? { marketer: env.MARKETER_TOKEN } : {}),
      ...(env.ANALYST_TOKEN ? { analyst: env.ANALYST_TOKEN } : {}),
      ...(env.SALES_TOKEN ? { sales: env.SALES_TOKEN } : {}),
    },
    ...(dataDir ? { dataDir } : {}),
  });

  console.log(`Console         ${stack.apiUrl}/#token=${stack.adminToken}`);
  console.log(`  as marketer   ${stack.apiUrl}/#token=${stack.tokens.marketer}`);
  console.log(`  as analyst    ${stack.apiUrl}/#token=${stack.tokens.analyst}`);
  console.log(`  as sales      ${stack.apiUrl}/#token=${stack.tokens.sales}  (Anna Vertrieb)`);
  console.log(`API             ${stack.apiUrl}`);
  console.log(`SES stand-in    ${stack.sesUrl}  (mail viewer; sent mail as JSON at ${stack.sesUrl}/store)`);
  console.log(`DynamoDB Local  ${stack.dynamoDbEndpoint}  (table ${stack.tableName})`);
  console.log(`Event bus       ${stack.eventsUrl}  (EventBridge PutEvents; what was put at ${stack.eventsUrl}/events)`);
  console.log(`S3 stand-in     ${stack.s3Endpoint}  (bucket of uploaded import files)`);
  console.log(`Admin token     ${stack.adminToken}`);
  console.log(`Data            ${dataDir ? `kept under ${dataDir}` : 'in memory (use npm start -- --persist to keep it)'}`);
  // At a terminal the console is rebuilt when its sources change (npm start built it once already);
  // a reload shows the change. Tests and CI start without a terminal and without the watcher.
  const watcher =
    process.stdout.isTTY && !process.env.CI
      ? spawn(path.join(rootDir, 'node_modules', '.bin', 'vite'), ['build', '--watch', '--config', 'console/vite.config.ts', '--logLevel', 'warn'], {
          cwd: rootDir,
          stdio: ['ignore', 'ignore', 'inherit'],
        })
      : undefined;
  if (watcher) console.log('Console sources are watched: a change rebuilds it, reload the page.');
  console.log('Ready. Press Ctrl+C to stop.');

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    watcher?.kill();
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  if (error instanceof PortInUseError || error instanceof JavaMissingError) {
    console.error(`Cannot start: ${error.message}`);
  } else {
    console.error('Cannot start:', error);
  }
  process.exit(1);
});
