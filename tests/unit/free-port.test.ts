import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from '#infra/local/ports';

describe('freePort', () => {
  it('hands out distinct ports below the ephemeral range that can be bound', async () => {
    const ports = await Promise.all(Array.from({ length: 40 }, () => freePort()));
    expect(new Set(ports).size).toBe(ports.length);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(32_768);
    }
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: ports[0], host: '127.0.0.1' }, resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });
});
