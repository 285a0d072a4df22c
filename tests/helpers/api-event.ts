import type { ApiEvent } from '#shared/http/http-handler';

/** JWT claims as the authorizer hands them to a function (`cognito:groups` flattened or as an array). */
export type Claims = Record<string, string | string[]>;

/**
 * An HTTP API (payload 2.0) event for `routeKey` (`GET /v1/contacts`) as API Gateway would invoke a
 * handler with it, for unit tests that call a handler directly; `claims` undefined is a request without
 * an authorizer (a public route, or one that reached the function misconfigured).
 */
export function anApiEvent(routeKey: string, claims: Claims | undefined): ApiEvent {
  const [method = 'GET', path = '/'] = routeKey.split(' ');
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      requestId: 'req-1',
      routeKey,
      stage: '$default',
      time: '',
      timeEpoch: 0,
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'test' },
      ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
    },
  };
}
