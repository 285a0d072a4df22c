import { newId, repositoriesFor, systemClock, tableRef, tokenSigningKey } from '#shared/container';
import { UnsupportedMediaTypeError } from '#shared/domain/errors';
import { bodyBytes, mediaType } from '#shared/http/body';
import { httpHandler, maxBodyBytes, queryParams } from '#shared/http/http-handler';
import { json } from '#shared/http/responses';
import { emailHasher } from '#shared/security/email-hash';
import { ErasureRepository } from '#shared/store/erasure-repository';
import { ImportRepository } from '#shared/store/import-repository';
import { importContacts } from '#shared/use-cases/import-contacts';
import * as z from '#shared/zod';

const repositories = repositoriesFor(tableRef());
const erasure = new ErasureRepository(tableRef());
const hashEmail = emailHasher(await tokenSigningKey());
const ports = {
  ...repositories,
  imports: new ImportRepository(tableRef()),
  isErased: (emailNormalised: string) => erasure.isHashSuppressed(hashEmail(emailNormalised)),
  clock: systemClock,
  newId,
};

const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel'];

const importQuery = z.object({
  campaignId: z.string().min(1).max(100).optional(),
  topics: z
    .string()
    .max(1000)
    .optional()
    .transform((value) => (value ? value.split(',').map((topic) => topic.trim()).filter(Boolean) : [])),
  consentSource: z.string().trim().min(3).max(500).optional(),
});

export const handler = httpHandler({
  'POST /v1/imports': async (event) => {
    const query = queryParams(event, importQuery);
    const type = mediaType(event);
    if (!type || !CSV_TYPES.includes(type)) throw new UnsupportedMediaTypeError(type, ['text/csv']);
    const bytes = bodyBytes(event, maxBodyBytes(event));
    return json(200, await importContacts(ports, { bytes, topics: query.topics, ...(query.campaignId ? { campaignId: query.campaignId } : {}), ...(query.consentSource ? { consentSource: query.consentSource } : {}) }));
  },
});
