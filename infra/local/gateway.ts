import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { allRoutes, functions, routeKey, type RouteSpec } from '../functions';
import { problemResponse } from '#shared/http/problem';
import { consoleFiles } from './console-files';
import { loadHandlerModule } from './handler-modules';

/** API Gateway's own payload ceiling. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

interface CompiledRoute extends RouteSpec {
  functionName: string;
  key: string;
  pattern: RegExp;
  params: string[];
}

function compile(route: RouteSpec & { functionName: string }): CompiledRoute {
  const params: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const match = /^\{(\w+)\}$/.exec(segment);
      if (!match?.[1]) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      params.push(match[1]);
      return '([^/]+)';
    })
    .join('/');
  return { ...route, key: routeKey(route), pattern: new RegExp(`^${source}$`), params };
}

/** Answers as API Gateway's own refusals would reach a client, in the product's problem+json shape. */
function problem(res: ServerResponse, status: number, detail: string, headers: Record<string, string> = {}): void {
  const response = problemResponse({ status, detail }, headers);
  res.writeHead(status, response.headers as Record<string, string>);
  res.end(response.body);
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim() ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function readRequestBody(req: IncomingMessage): Promise<Buffer | 'too_large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_PAYLOAD_BYTES) return 'too_large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function lambdaContext(functionName: string, requestId: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * The local API Gateway and console host: paths outside `/v1/` serve the built console; API requests
 * are matched against the manifest's routes, checks the admin token the
 * way the JWT authorizer would, turns the request into an HTTP API payload 2.0 event and invokes the
 * same handler module Lambda runs, in this process.
 */
export function createGateway(options: { adminToken: string; rootDir: string }): Server {
  // The most specific route first, as API Gateway chooses: `/v1/contacts/duplicates` before `/v1/contacts/{id}`.
  const routes = allRoutes()
    .map(compile)
    .sort((a, b) => a.params.length - b.params.length);
  const loadHandler = (name: string) => loadHandlerModule<Handler>(options.rootDir, name);
  const serveConsole = consoleFiles(options.rootDir);

  return createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://local');
      const method = (req.method ?? 'GET').toUpperCase();
      // Everything outside the API is the console, as CloudFront's default behaviour in AWS.
      if (!url.pathname.startsWith('/v1/') && (method === 'GET' || method === 'HEAD')) return serveConsole(req, res, url.pathname);
      const matched = routes
        .filter((route) => route.method === method)
        .map((route) => ({ route, match: route.pattern.exec(url.pathname) }))
        .find((candidate) => candidate.match);
      if (!matched?.match) return problem(res, 404, `No route for ${method} ${url.pathname}`);
      const { route, match } = matched;

      let authorizer: { jwt: { claims: Record<string, string>; scopes: string[] } } | undefined;
      if (route.auth === 'admin') {
        if (!bearerMatches(req.headers.authorization, options.adminToken)) {
          return problem(res, 401, 'A valid bearer token is required', { 'www-authenticate': 'Bearer' });
        }
        // The admin token is in the admin group, flattened as API Gateway hands array claims to the function.
        authorizer = { jwt: { claims: { sub: 'local-admin', 'cognito:username': 'local-admin', 'cognito:groups': '[admin]' }, scopes: [] } };
      }

      const body = await readRequestBody(req);
      if (body === 'too_large') return problem(res, 413, `The body is larger than ${MAX_PAYLOAD_BYTES} bytes`);

      const pathParameters: Record<string, string> = {};
      route.params.forEach((name, index) => {
        const raw = match[index + 1] ?? '';
        try {
          pathParameters[name] = decodeURIComponent(raw);
        } catch {
          pathParameters[name] = raw;
        }
      });
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
      }
      const query: Record<string, string> = {};
      for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
      const requestId = randomUUID();
      const now = new Date();
      const event: APIGatewayProxyEventV2 & { requestContext: { authorizer?: unknown } } = {
        version: '2.0',
        routeKey: route.key,
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        headers,
        ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
        ...(route.params.length > 0 ? { pathParameters } : {}),
        requestContext: {
          accountId: '000000000000',
          apiId: 'local',
          domainName: headers.host ?? 'localhost',
          domainPrefix: 'local',
          http: {
            method,
            path: url.pathname,
            protocol: `HTTP/${req.httpVersion}`,
            sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
            userAgent: headers['user-agent'] ?? '',
          },
          requestId,
          routeKey: route.key,
          stage: '$default',
          time: now.toISOString(),
          timeEpoch: now.getTime(),
          ...(authorizer ? { authorizer } : {}),
        },
        ...(body.length > 0 ? { body: body.toString('base64'), isBase64Encoded: true } : { isBase64Encoded: false }),
      };
      const spec = functions.find((fn) => fn.name === route.functionName);
      const handler = await loadHandler(route.functionName);
      const result = await handler(event, lambdaContext(route.functionName, requestId, (spec?.timeoutSeconds ?? 10) * 1000));
      const responseHeaders: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(result.headers ?? {})) responseHeaders[name] = String(value);
      if (result.cookies?.length) responseHeaders['set-cookie'] = result.cookies;
      res.writeHead(result.statusCode ?? 200, responseHeaders);
      res.end(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
    } catch (error) {
      console.error('local gateway: the handler failed', (error as Error).name);
      if (!res.headersSent) problem(res, 500, 'An unexpected error occurred');
      else res.end();
    }
  });
}
