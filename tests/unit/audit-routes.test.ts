import { describe, expect, it } from 'vitest';
import { functions, routeKey } from '#infra/functions';
import { AUDITED_READS, auditAction } from '#shared/domain/audit';
import { isAudited } from '#shared/http/audit-trail';

const allRoutes = functions.flatMap((spec) => (spec.routes ?? []).map((route) => ({ fn: spec, route })));

describe('the audited routes', () => {
  it('are every admin write and the reads that hand out personal data, never a public route', () => {
    for (const { route } of allRoutes) {
      const key = routeKey(route);
      const expected = route.auth === 'admin' && (route.method !== 'GET' || AUDITED_READS.has(key));
      expect(isAudited(route), key).toBe(expected);
    }
    expect(allRoutes.filter(({ route }) => route.auth === 'public').some(({ route }) => isAudited(route))).toBe(false);
  });

  it('name only routes the manifest has', () => {
    const keys = new Set(allRoutes.map(({ route }) => routeKey(route)));
    for (const read of AUDITED_READS) expect(keys.has(read), read).toBe(true);
  });

  it('are served by functions that may write their entries', () => {
    for (const { fn, route } of allRoutes.filter(({ route }) => isAudited(route))) {
      expect(fn.access.table === 'write' || fn.access.writeAudit === true, `${fn.name}: ${routeKey(route)}`).toBe(true);
    }
  });
});

describe('an audit action', () => {
  it('is named after the route', () => {
    expect(auditAction('PATCH /v1/contacts/{id}')).toBe('contact.updated');
    expect(auditAction('POST /v1/topics')).toBe('topic.created');
    expect(auditAction('DELETE /v1/segments/{id}')).toBe('segment.deleted');
    expect(auditAction('PATCH /v1/companies/{id}')).toBe('company.updated');
    expect(auditAction('POST /v1/segments/{id}/evaluate')).toBe('segment.evaluate');
    expect(auditAction('DELETE /v1/contacts/{id}')).toBe('contact.erasure');
    expect(auditAction('GET /v1/contacts/{id}/export')).toBe('contact.exported');
    expect(auditAction('DELETE /v1/suppressions/{email}')).toBe('suppression.deleted');
  });
});
