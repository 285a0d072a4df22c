import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '#infra/local/ports';

const root = path.resolve(import.meta.dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

describe('npm start refuses clearly', () => {
  it('exits non-zero naming the port when the API port is taken', async () => {
    const port = await freePort();
    const blocker = createServer().listen(port);
    await new Promise((resolve) => blocker.once('listening', resolve));
    try {
      const result = spawnSync(tsx, ['infra/local/start.ts'], { cwd: root, env: { ...process.env, PORT: String(port) }, encoding: 'utf8', timeout: 30_000 });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`Port ${port} (API) is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('exits non-zero explaining what to install when Java is missing', async () => {
    // A PATH with node on it and nothing else.
    const bin = mkdtempSync(path.join(tmpdir(), 'no-java-'));
    symlinkSync(process.execPath, path.join(bin, 'node'));
    const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'infra/local/start.ts'], {
      cwd: root,
      env: {
        ...process.env,
        PATH: bin,
        PORT: String(await freePort()),
        SES_PORT: String(await freePort()),
        DYNAMODB_PORT: String(await freePort()),
        EVENTS_PORT: String(await freePort()),
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Java was not found');
  });
});
