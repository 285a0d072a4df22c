import { newId, repositoriesFor, systemClock, tableRef, tokenSigningKey } from '#shared/container';
import { pageQuery } from '#shared/domain/common-schemas';
import { UnsupportedMediaTypeError } from '#shared/domain/errors';
import { importQuery, importUploadBody } from '#shared/domain/import-query';
import { importRejectionsCsv } from '#shared/domain/import-rejections-csv';
import { bodyBytes, mediaType } from '#shared/http/body';
import { uploadsBucket } from '#shared/files/s3-uploads';
import { httpHandler, jsonBody, maxBodyBytes, pathParam, queryParams } from '#shared/http/http-handler';
import { MARKETING, MARKETING_READ } from '#shared/http/route-roles';
import { ADMIN_MAX_BYTES, IMPORT_MAX_BYTES, type RouteSpec } from '#shared/http/route-spec';
import { negotiate } from '#shared/http/negotiate';
import { csv, json } from '#shared/http/responses';
import { emailHasher } from '#shared/security/email-hash';
import { CustomFieldRepository } from '#shared/store/custom-field-repository';
import { ErasureRepository } from '#shared/store/erasure-repository';
import { ImportRepository } from '#shared/store/import-repository';
import { dryRunImport } from '#shared/use-cases/dry-run-import';
import { importContacts, type ImportRequest } from '#shared/use-cases/import-contacts';
import { allImportRejections, getImport, listImportRejections, listImports } from '#shared/use-cases/import-history';
import { requestImportUpload } from '#shared/use-cases/upload-import';

const repositories = repositoriesFor(tableRef());
const erasure = new ErasureRepository(tableRef());
const hashEmail = emailHasher(await tokenSigningKey());
const ports = {
  ...repositories,
  imports: new ImportRepository(tableRef()),
  isErased: (emailNormalised: string) => erasure.isHashSuppressed(hashEmail(emailNormalised)),
  // Read fresh for every import: a field defined a moment ago must be matched by its label (a cache would miss it).
  customFields: new CustomFieldRepository(tableRef()),
  uploads: uploadsBucket(),
  clock: systemClock,
  newId,
};

const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel'];
const OFFERS = ['application/json', 'text/csv'] as const;

/** The routes this function serves (the manifest declares the same for API Gateway). */
export const routes = [
  { method: 'POST', path: '/v1/imports', auth: 'admin', roles: MARKETING, maxBodyBytes: IMPORT_MAX_BYTES },
  { method: 'POST', path: '/v1/imports/uploads', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
  { method: 'GET', path: '/v1/imports', auth: 'admin', roles: MARKETING_READ },
  { method: 'GET', path: '/v1/imports/{id}', auth: 'admin', roles: MARKETING_READ },
  { method: 'GET', path: '/v1/imports/{id}/rejected', auth: 'admin', roles: MARKETING },
] as const satisfies readonly RouteSpec[];

export const handler = httpHandler(routes, {
  'POST /v1/imports': async (event, context) => {
    const { dryRun, campaignId, consentSource, map, fileName, topics } = queryParams(event, importQuery);
    const type = mediaType(event);
    if (!type || !CSV_TYPES.includes(type)) throw new UnsupportedMediaTypeError(type, ['text/csv']);
    const request: ImportRequest = {
      bytes: bodyBytes(event, maxBodyBytes(event)),
      topics,
      ...(campaignId ? { campaignId } : {}),
      ...(consentSource ? { consentSource } : {}),
      ...(map ? { map } : {}),
      ...(fileName ? { fileName } : {}),
      timeLeftMs: () => context.getRemainingTimeInMillis(),
    };
    return json(200, dryRun ? await dryRunImport(ports, request) : await importContacts(ports, request));
  },
  'POST /v1/imports/uploads': async (event) => {
    const { fileName, campaignId, topics, consentSource, map } = jsonBody(event, importUploadBody, 'upload');
    return json(
      201,
      await requestImportUpload(ports, {
        fileName,
        topics,
        ...(campaignId ? { campaignId } : {}),
        ...(consentSource ? { consentSource } : {}),
        ...(map ? { map } : {}),
      }),
    );
  },
  'GET /v1/imports': async (event) => {
    const query = queryParams(event, pageQuery);
    return json(200, await listImports(ports, query.limit, query.cursor));
  },
  'GET /v1/imports/{id}': async (event) => json(200, await getImport(ports, pathParam(event, 'id'))),
  'GET /v1/imports/{id}/rejected': async (event) => {
    const format = negotiate(event, OFFERS);
    const importId = pathParam(event, 'id');
    if (format === 'text/csv') return csv(200, importRejectionsCsv(await allImportRejections(ports, importId)), `import-${importId}-rejected.csv`);
    const query = queryParams(event, pageQuery);
    return json(200, await listImportRejections(ports, importId, query.limit, query.cursor));
  },
});
