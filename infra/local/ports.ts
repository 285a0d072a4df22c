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

/**
 * Ports below Linux's ephemeral range (32768–60999 by default). A port the OS hands out for `listen(0)`
 * comes from that range, which every outgoing connection of the tests also draws from: between
 * closing the probe and the real `listen`, a client socket could take it (EADDRINUSE under load).
 */
const LOW_PORTS = { from: 20_000, to: 32_000 };
/** Ports handed out by this process: never handed out twice, even when one is not bound yet. */
const handedOut = new Set<number>();

/**
 * A port free right now and not handed out before by this process, below the ephemeral range (for
 * tests and benchmarks that must not clash with `npm start`, with each other or with outgoing sockets).
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const port = LOW_PORTS.from + Math.floor(Math.random() * (LOW_PORTS.to - LOW_PORTS.from));
    if (handedOut.has(port)) continue;
    // Reserved before the probe, so two calls at once never get the same port.
    handedOut.add(port);
    if (await canBind(port)) return port;
    handedOut.delete(port);
  }
  throw new Error(`No free port between ${LOW_PORTS.from} and ${LOW_PORTS.to} after 200 attempts`);
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}
