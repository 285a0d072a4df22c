import { newId, repositoriesFor, systemClock, tableRef, tokenSigningKey } from '#shared/container';
import { auditErasedAddress } from '#shared/http/audit-trail';
import { httpHandler, pathParam } from '#shared/http/http-handler';
import { ADMIN_ONLY } from '#shared/http/route-roles';
import type { RouteSpec } from '#shared/http/route-spec';
import { json, noContent } from '#shared/http/responses';
import { emailHasher } from '#shared/security/email-hash';
import { ErasureRepository } from '#shared/store/erasure-repository';
import { eraseContact, exportContact } from '#shared/use-cases/gdpr';

const { contacts, companies, segments, journeyParticipants, tasks } = repositoriesFor(tableRef());
const ports = {
  contacts,
  companies,
  segments,
  journeyParticipants,
  erasure: new ErasureRepository(tableRef()),
  tasks,
  hashEmail: emailHasher(await tokenSigningKey()),
  clock: systemClock,
  newId,
};

/** The routes this function serves (the manifest declares the same for API Gateway). */
export const routes = [
  { method: 'GET', path: '/v1/contacts/{id}/export', auth: 'admin', roles: ADMIN_ONLY },
  { method: 'DELETE', path: '/v1/contacts/{id}', auth: 'admin', roles: ADMIN_ONLY },
] as const satisfies readonly RouteSpec[];

export const handler = httpHandler(routes, {
  'GET /v1/contacts/{id}/export': async (event) => {
    const id = pathParam(event, 'id');
    return json(200, await exportContact(ports, id), { 'content-disposition': `attachment; filename="contact-${id}.json"` });
  },
  'DELETE /v1/contacts/{id}': async (event) => {
    const { emailHash } = await eraseContact(ports, pathParam(event, 'id'));
    auditErasedAddress(event, emailHash);
    return noContent();
  },
});
