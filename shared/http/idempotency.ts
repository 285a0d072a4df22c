import { createHash } from 'node:crypto';
import { ConflictError, ValidationError } from '#shared/domain/errors';
import type { IdempotencyRepository } from '#shared/store/idempotency-repository';
import type { Clock } from '#shared/use-cases/ports';
import type { ApiEvent, ApiMiddleware, ApiResult } from './http-handler';

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

function fingerprintOf(event: ApiEvent): string {
  return createHash('sha256')
    .update(
      `${event.routeKey}\n${event.rawPath}\n${event.rawQueryString}\n${event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('latin1') : (event.body ?? '')}`,
    )
    .digest('base64url');
}

/**
 * `Idempotency-Key` for retried writes (API.md, Conventions): the first request with a key runs and
 * its response is kept for a day; a retry with the same key and the same request gets that response
 * again without changing anything; the same key with a different request is a 409. Keys are scoped
 * per route and caller, so one client cannot read another's answer.
 */
/** The answers of replayed requests: the handler's dispatch returns them instead of running the route (see {@link replayedAnswer}). */
const replays = new WeakMap<ApiEvent, ApiResult>();
/** The scope and key of each request an Idempotency-Key governs (claimed or replayed). */
const governed = new WeakMap<ApiEvent, string>();

/**
 * The stored answer a request with a used Idempotency-Key gets again. The middleware does not return
 * it early from `before` (middy would then skip every `after`, the audit trail's included): the
 * dispatch answers with it, so a replay passes through the same `after` chain as a first answer.
 */
export function replayedAnswer(event: ApiEvent): ApiResult | undefined {
  return replays.get(event);
}

/** `<route>#<caller>#<key>` of a request its Idempotency-Key governs: the same for every retry of it. */
export function idempotencyScopeOf(event: ApiEvent): string | undefined {
  return governed.get(event);
}

export function idempotency(repository: Pick<IdempotencyRepository, 'begin' | 'complete' | 'release'>, clock: Clock, lockSeconds = 30): ApiMiddleware {
  const claimed = new WeakMap<object, { scope: string; key: string }>();
  return {
    before: async (request) => {
      const key = request.event.headers?.['idempotency-key'];
      if (key === undefined || request.event.requestContext.http.method === 'GET') return;
      if (!KEY_PATTERN.test(key)) {
        throw new ValidationError('The Idempotency-Key header is not valid', [{ path: 'Idempotency-Key', message: 'must be 1-200 visible ASCII characters' }]);
      }
      const caller = String(request.event.requestContext.authorizer?.jwt?.claims?.sub ?? request.event.requestContext.http.sourceIp ?? 'anonymous');
      const scope = `${request.event.routeKey}#${caller}`;
      const fingerprint = fingerprintOf(request.event);
      const outcome = await repository.begin(scope, key, fingerprint, clock.now(), lockSeconds);
      if (outcome === 'claimed') {
        claimed.set(request.event, { scope, key });
        governed.set(request.event, `${scope}#${key}`);
        return;
      }
      if (outcome.fingerprint !== fingerprint) throw new ConflictError('This Idempotency-Key was used with a different request');
      if (outcome.status === 'in_progress') throw new ConflictError('A request with this Idempotency-Key is still in progress; retry shortly');
      governed.set(request.event, `${scope}#${key}`);
      replays.set(request.event, { ...outcome.response, headers: { ...outcome.response.headers, 'idempotent-replayed': 'true' } });
    },
    after: async (request) => {
      const claim = claimed.get(request.event);
      const response = request.response;
      if (!claim || !response) return;
      await repository.complete(claim.scope, claim.key, {
        statusCode: response.statusCode ?? 200,
        headers: Object.fromEntries(Object.entries(response.headers ?? {}).map(([name, value]) => [name, String(value)])),
        body: response.body ?? '',
      });
    },
    onError: async (request) => {
      const claim = claimed.get(request.event);
      if (claim) await repository.release(claim.scope, claim.key);
    },
  };
}
