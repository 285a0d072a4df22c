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

  it('describes every JSON answer from the response schema the middleware shapes it with', () => {
    type JsonSchema = { $ref?: string; properties?: Record<string, JsonSchema> };
    const components = (document as unknown as { components: { schemas: Record<string, JsonSchema> } }).components.schemas;
    const resolve = (schema: JsonSchema | undefined): JsonSchema | undefined =>
      schema?.$ref ? components[schema.$ref.replace('#/components/schemas/', '')] : schema;
    const responses = (
      document.paths['/v1/contacts/{id}']!.get as unknown as { responses: Record<string, { content: Record<string, { schema: JsonSchema }> }> }
    ).responses;
    const view = resolve(responses['200']?.content['application/json']?.schema);
    expect(Object.keys(view?.properties ?? {})).toEqual(expect.arrayContaining(['contact', 'consentsByTopic', 'timeline', 'segments']));
    const contact = resolve(view?.properties?.contact);
    expect(Object.keys(contact?.properties ?? {})).toContain('email');
    expect(Object.keys(contact?.properties ?? {})).not.toContain('emailNormalised');
    const orders = (document.paths['/v1/orders']!.post as unknown as { responses: Record<string, unknown> }).responses;
    expect(Object.keys(orders)).toEqual(expect.arrayContaining(['200', '201', '4XX', '5XX']));
  });

  it('is committed up to date (npm run openapi)', () => {
    const committed = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../docs/openapi.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(document)));
  });
});
