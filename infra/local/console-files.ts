import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { CONSOLE_STATIC_HEADERS, consoleContentSecurityPolicy, IMMUTABLE_CACHE, REVALIDATE_CACHE } from '../console-security-headers';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/** What `GET /console-config.json` answers locally: same origin, signed in by the admin token. */
export const LOCAL_CONSOLE_CONFIG = { apiBaseUrl: '', auth: { kind: 'token' } } as const;

/**
 * Serves the built console (console/dist) the way CloudFront does in AWS: files by path, every other
 * path without a file extension answered by index.html (deep links), hashed assets cached for a
 * year, index.html revalidated, and the console's security headers on everything.
 */
export function consoleFiles(rootDir: string) {
  const distDir = path.join(rootDir, 'console', 'dist');
  // The import wizard PUTs large files to the S3 stand-in, another origin.
  const headers = {
    ...CONSOLE_STATIC_HEADERS,
    'content-security-policy': consoleContentSecurityPolicy(process.env.S3_ENDPOINT ? { connect: [process.env.S3_ENDPOINT] } : {}),
  };

  return (req: IncomingMessage, res: ServerResponse, pathname: string): void => {
    if (pathname === '/console-config.json') {
      res.writeHead(200, { ...headers, 'content-type': TYPES['.json'], 'cache-control': REVALIDATE_CACHE });
      res.end(JSON.stringify(LOCAL_CONSOLE_CONFIG));
      return;
    }
    const index = path.join(distDir, 'index.html');
    if (!existsSync(index)) {
      res.writeHead(503, { ...headers, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end('The console is not built yet: run `npm run build:console` (npm start does it).\n');
      return;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      decoded = '/';
    }
    const candidate = path.normalize(path.join(distDir, decoded));
    const insideDist = candidate.startsWith(`${distDir}${path.sep}`);
    const isFile = insideDist && existsSync(candidate) && statSync(candidate).isFile();
    if (!isFile && path.extname(decoded) !== '') {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end('Not found\n');
      return;
    }
    const file = isFile ? candidate : index;
    const immutable = isFile && decoded.startsWith('/assets/');
    res.writeHead(200, {
      ...headers,
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': immutable ? IMMUTABLE_CACHE : REVALIDATE_CACHE,
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  };
}
