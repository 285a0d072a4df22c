import { createServer } from 'node:net';

export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly what: string,
  ) {
    super(`Port ${port} (${what}) is already in use. Stop whatever is using it, or choose another port with the override shown in the README.`);
    this.name = 'PortInUseError';
  }
}

/** Fails with {@link PortInUseError} when `port` cannot be bound on any interface. */
export async function assertPortFree(port: number, what: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' || error.code === 'EACCES' ? new PortInUseError(port, what) : error),
    );
    server.listen({ port, exclusive: true }, () => server.close(() => resolve()));
  });
}

/** A port the OS reports free right now (for tests and benchmarks that must not clash with `npm start`). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
