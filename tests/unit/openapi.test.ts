import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRoutes } from '#infra/functions';
import { buildOpenApi } from '#infra/openapi';

describe('the OpenAPI document', () => {
  const document = buildOpenApi() as { paths: Record<string, Record<string, { security: unknown[]; requestBody?: unknown }>> };

  it('documents every manifest route with its security', () => {
    for (const route of allRoutes()) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(operation?.security.length).toBe(route.auth === 'admin' ? 1 : 0);
    }
  });

  it('describes the submission body from the schema the handler validates with', () => {
    const submission = document.paths['/v1/forms/{formId}/submissions']?.post?.requestBody as { content: Record<string, { schema: { required: string[] } }> };
    expect(submission.content['application/json']?.schema.required).toContain('email');
  });

  it('is committed up to date (npm run openapi)', () => {
    const committed = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../docs/openapi.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(document)));
  });
});
