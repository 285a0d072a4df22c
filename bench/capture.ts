import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { BUNDLE_ENTRY_FILE, bundleFunction, coldStartFiles, FUNCTION_NODE_OPTIONS } from '#infra/constructs/function-bundle';
import { createGateway } from '#infra/local/gateway';
import { freePort } from '#infra/local/ports';
import { newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { keys } from '#shared/store/keys';
import { median, round } from './stats';
import { aBenchForm } from './capture-form';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT_DIR = path.join(ROOT, 'node_modules', '.cache', 'leadflow-bench');
const ENTRY = path.join(ROOT, 'functions/capture/handler.ts');

/**
 * Bundles the capture function exactly as CDK deploys it (infra/constructs/function-bundle.ts, SDK
 * included), or with the SDK left to the Lambda runtime for comparison. `coldKb` is the JavaScript a
 * cold start loads (the entry and its static chunks), `totalKb` every chunk, lazily loaded ones too.
 */
function bundleCapture(variant: 'deployed' | 'runtime-sdk'): { file: string; coldKb: number; totalKb: number } {
  const outdir = path.join(OUT_DIR, `capture-${variant}`);
  rmSync(outdir, { recursive: true, force: true });
  const metafile = bundleFunction(ENTRY, outdir, variant === 'runtime-sdk' ? { external: ['@aws-sdk/*'] } : {});
  const kb = (files: string[]) => round(files.reduce((sum, file) => sum + (metafile.outputs[file]?.bytes ?? 0), 0) / 1024, 1);
  return {
    file: path.join(outdir, BUNDLE_ENTRY_FILE),
    coldKb: kb(coldStartFiles(metafile)),
    totalKb: kb(Object.keys(metafile.outputs).filter((file) => file.endsWith('.mjs'))),
  };
}

/**
 * Milliseconds to import a module in a fresh Node process with the functions' NODE_OPTIONS (source
 * maps read as in Lambda): module loading and evaluation, not Node's own start.
 */
function importMs(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
  return Number(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, NODE_OPTIONS: FUNCTION_NODE_OPTIONS },
      cwd: ROOT,
    }).toString(),
  );
}

/** Median import time of each file over `runs` rounds, the files taking turns so they share the machine's load. */
function medianImportMs(files: string[], runs: number): number[] {
  const samples = files.map((): number[] => []);
  for (let run = 0; run < runs; run += 1) {
    for (const [index, file] of files.entries()) samples[index]?.push(importMs(file));
  }
  return samples.map((values) => median(values));
}

function submissionEvent(formId: string, email: string) {
  return {
    version: '2.0',
    routeKey: 'POST /v1/forms/{formId}/submissions',
    rawPath: `/v1/forms/${formId}/submissions`,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', 'user-agent': 'bench' },
    pathParameters: { formId },
    requestContext: {
      http: { method: 'POST', path: '/', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: randomUUID(),
      routeKey: 'POST /v1/forms/{formId}/submissions',
      stage: '$default',
      accountId: '0',
      apiId: 'bench',
      domainName: 'bench',
      domainPrefix: 'bench',
      time: '',
      timeEpoch: 0,
    },
    body: JSON.stringify({ email, firstName: 'Bench', utm_source: 'bench' }),
    isBase64Encoded: false,
  };
}

export async function benchCapture(): Promise<Record<string, number>> {
  const results: Record<string, number> = {};
  const deployed = bundleCapture('deployed');
  const runtimeSdk = bundleCapture('runtime-sdk');
  results['capture.bundleKb'] = deployed.coldKb;
  results['capture.bundleKbAllChunks'] = deployed.totalKb;
  results['capture.bundleKbRuntimeSdk'] = runtimeSdk.coldKb;
  const emptyModule = path.join(OUT_DIR, 'empty.mjs');
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(emptyModule, 'export const handler = () => 1;\n');
  const [initMs = 0, initMsRuntimeSdk = 0, emptyMs = 0] = medianImportMs([deployed.file, runtimeSdk.file, emptyModule], 20);
  results['capture.initMs'] = round(initMs);
  results['capture.initMsRuntimeSdk'] = round(initMsRuntimeSdk);
  results['capture.initBaselineEmptyMs'] = round(emptyMs);

  // The handler and the table it writes to.
  const repositories = repositoriesFor(tableRef());
  const { formId, campaignId } = await aBenchForm(repositories);
  const { handler } = (await import('#functions/capture/handler')) as { handler: (event: unknown, context: unknown) => Promise<{ statusCode?: number }> };
  const context = { getRemainingTimeInMillis: () => 10_000 };
  const table = tableRef();

  const viaHandler = async () => {
    const started = performance.now();
    const result = await handler(submissionEvent(formId, `h-${randomUUID()}@bench.example`), context);
    if (result.statusCode !== 202) throw new Error(`capture answered ${result.statusCode}`);
    return performance.now() - started;
  };
  // The same three writes the capture of a new lead makes: contact, email claim, touchpoint.
  const direct = async () => {
    const id = randomUUID();
    const email = `d-${id}@bench.example`;
    const at = new Date().toISOString();
    const started = performance.now();
    await table.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table.tableName,
              Item: {
                ...keys.contact(id),
                type: 'contact',
                id,
                email,
                emailNormalised: email,
                version: 1,
                consents: {},
                tags: [],
                score: 0,
                orders: { count: 0, totalMinor: 0 },
                activity: {},
                createdAt: at,
                updatedAt: at,
                source: 'web',
                firstName: 'Bench',
                firstTouch: { at, channel: 'web', source: 'bench', campaignId, formId },
                lastTouch: { at, channel: 'web', source: 'bench', campaignId, formId },
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: table.tableName,
              Item: { ...keys.emailClaim(email), type: 'email-claim', contactId: id },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: table.tableName,
              Item: {
                ...keys.timelineEntry(id, at, id),
                type: 'touchpoint',
                id,
                contactId: id,
                at,
                kind: 'form_submission',
                channel: 'web',
                source: 'bench',
                formId,
                campaignId,
              },
            },
          },
        ],
      }),
    );
    return performance.now() - started;
  };
  for (let warm = 0; warm < 30; warm += 1) {
    await viaHandler();
    await direct();
  }
  const handlerSamples: number[] = [];
  const directSamples: number[] = [];
  for (let run = 0; run < 300; run += 1) {
    // Interleaved so both see the same machine load.
    handlerSamples.push(await viaHandler());
    directSamples.push(await direct());
  }
  results['capture.handlerMedianMs'] = round(median(handlerSamples));
  results['capture.directWritesMedianMs'] = round(median(directSamples));
  results['capture.overheadRatio'] = round(median(handlerSamples) / median(directSamples));

  // Throughput through the local HTTP gateway, 16 concurrent clients.
  const port = await freePort();
  const gateway: Server = createGateway({ adminToken: 'bench-admin-token-0123456789', rootDir: ROOT });
  await new Promise<void>((resolve) => gateway.listen(port, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${port}/v1/forms/${formId}/submissions`;
  const perClient = 150;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let request = 0; request < perClient; request += 1) {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: `t-${randomUUID()}@bench.example` }),
        });
        if (response.status !== 202) throw new Error(`gateway answered ${response.status}`);
        await response.arrayBuffer();
      }
    }),
  );
  results['capture.throughput'] = round((16 * perClient) / ((performance.now() - started) / 1000), 1);
  gateway.closeAllConnections();
  await new Promise<void>((resolve) => gateway.close(() => resolve()));
  return results;
}
