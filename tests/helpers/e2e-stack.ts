import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '#infra/local/ports';
import './provided';

/**
 * Starts the local stack the way a developer does (`tsx infra/local/start.ts`, i.e. `npm start`) on
 * free ports, waits for its "Ready." line, and stops it after the run.
 */
export default async function setup(project: TestProject) {
  const [port, sesPort, dynamoPort, eventsPort, s3Port] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  const adminToken = randomBytes(18).toString('base64url');
  const roleTokens = {
    marketer: randomBytes(18).toString('base64url'),
    analyst: randomBytes(18).toString('base64url'),
    sales: randomBytes(18).toString('base64url'),
  };
  const tokenSecret = randomBytes(32).toString('base64url');
  const root = path.resolve(import.meta.dirname, '..', '..');
  const child: ChildProcess = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), ['infra/local/start.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      SES_PORT: String(sesPort),
      DYNAMODB_PORT: String(dynamoPort),
      EVENTS_PORT: String(eventsPort),
      S3_PORT: String(s3Port),
      ADMIN_TOKEN: adminToken,
      MARKETER_TOKEN: roleTokens.marketer,
      ANALYST_TOKEN: roleTokens.analyst,
      SALES_TOKEN: roleTokens.sales,
      TOKEN_SECRET: tokenSecret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the local stack did not start:\n${output}`)), 80_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready.')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the local stack exited with ${code}:\n${output}`));
    });
  });
  project.provide('apiUrl', `http://127.0.0.1:${port}`);
  project.provide('sesEndpoint', `http://127.0.0.1:${sesPort}`);
  project.provide('adminToken', adminToken);
  project.provide('roleTokens', { admin: adminToken, ...roleTokens });
  project.provide('eventsUrl', `http://127.0.0.1:${eventsPort}`);
  project.provide('tokenSecret', tokenSecret);
  project.provide('dynamoDbEndpoint', `http://127.0.0.1:${dynamoPort}`);
  project.provide('s3Endpoint', `http://127.0.0.1:${s3Port}`);
  project.provide('uploadsBucket', 'leadflow-uploads');
  return async () => {
    child.removeAllListeners('exit');
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 8000).unref();
    });
  };
}
