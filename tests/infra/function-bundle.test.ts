import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_ENTRY_FILE, bundleFunction, coldStartFiles } from '#infra/constructs/function-bundle';

const rootDir = path.resolve(import.meta.dirname, '..', '..');

/** The packages whose code ended up in `files` of the bundle. */
function packagesIn(metafile: Metafile, files: string[]): Set<string> {
  const packages = new Set<string>();
  for (const file of files) {
    for (const input of Object.keys(metafile.outputs[file]?.inputs ?? {})) {
      const name = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
      if (name) packages.add(name);
    }
  }
  return packages;
}

describe('the capture function as CDK bundles it', () => {
  let outdir: string;
  let metafile: Metafile;
  beforeAll(() => {
    outdir = mkdtempSync(path.join(tmpdir(), 'leadflow-bundle-'));
    metafile = bundleFunction(path.join(rootDir, 'functions/capture/handler.ts'), outdir);
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('leaves the SES and Secrets Manager clients out of what a cold start loads, in chunks of their own', () => {
    const cold = coldStartFiles(metafile);
    const lazy = Object.keys(metafile.outputs).filter((file) => file.endsWith('.mjs') && !cold.includes(file));
    expect(packagesIn(metafile, cold)).toContain('@aws-sdk/client-dynamodb');
    for (const client of ['@aws-sdk/client-sesv2', '@aws-sdk/client-secrets-manager']) {
      expect(packagesIn(metafile, cold), client).not.toContain(client);
      expect(packagesIn(metafile, lazy), client).toContain(client);
    }
  });

  it('holds no response schemas of other routes: the capture shapes its answers by its own', () => {
    const inputs = new Set(coldStartFiles(metafile).flatMap((file) => Object.keys(metafile.outputs[file]?.inputs ?? {})));
    expect([...inputs].some((input) => input.endsWith('shared/http/responses/capture-responses.ts'))).toBe(true);
    expect([...inputs].filter((input) => /shared\/http\/(response-schemas|responses\/contact-responses)\.ts$/.test(input))).toEqual([]);
  });

  it('loads as ESM and answers a request for a route it does not serve with a 404 problem', () => {
    const script = `const { handler } = await import(${JSON.stringify(path.join(outdir, BUNDLE_ENTRY_FILE))});
      const answer = await handler({ routeKey: 'GET /v1/nothing', rawPath: '/v1/nothing', headers: {}, requestContext: { requestId: 'r-1', http: { method: 'GET', path: '/v1/nothing' } } }, {});
      process.stdout.write(JSON.stringify(answer));`;
    const env = {
      PATH: process.env.PATH,
      TABLE_NAME: 'leadflow',
      AWS_REGION: 'eu-central-1',
      MAIL_FROM: 'news@example.de',
      PUBLIC_BASE_URL: 'https://leads.example.de',
      TOKEN_SECRET: 'bundle-test-key-0123456789-0123456789',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const answer = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { env, cwd: outdir }).toString()) as {
      statusCode: number;
      headers: Record<string, string>;
    };
    expect(answer.statusCode).toBe(404);
    expect(answer.headers['content-type']).toContain('application/problem+json');
  });
});
