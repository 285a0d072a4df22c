import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { maskedEmail, maskEmail, maskPhone, seesContactsMasked } from '#shared/http/contact-masking';
import { type ApiEvent, httpHandler } from '#shared/http/http-handler';
import { json } from '#shared/http/responses';
import { EVERYONE } from '#shared/http/route-roles';
import { aContact } from '#tests/helpers/factories';
import { anApiEvent } from '#tests/helpers/api-event';

const spec = { method: 'GET', path: '/v1/contacts', auth: 'admin', roles: EVERYONE } as const;
const address = { street: 'Hauptstraße 5', addressLine2: 'Hinterhaus', postalCode: '30159', city: 'Hannover', country: 'DE' };
const contact = aContact({ id: 'c-1', email: 'anna.weiss@example.de', phone: '+49 511 123489', postalCode: '30159', city: 'Hannover', address });

function anEvent(groups: string[]): ApiEvent {
  return anApiEvent('GET /v1/contacts', { sub: 'u-1', 'cognito:groups': groups });
}

async function listedAs(groups: string[]) {
  const handler = httpHandler([spec], { 'GET /v1/contacts': async () => json(200, { items: [contact] }) });
  const result = await handler(anEvent(groups), {} as Context);
  expect(result.statusCode).toBe(200);
  return (JSON.parse(String(result.body)) as { items: Array<Record<string, unknown>> }).items[0];
}

describe('masking contacts for analysts', () => {
  it("masks an analyst's contact: email to its first letter and domain, phone to its last two digits, street and postal code away", async () => {
    const listed = await listedAs(['analyst']);
    expect(listed).toMatchObject({ id: 'c-1', email: 'a•••@example.de', phone: '•••89', postalCode: '•••', city: 'Hannover' });
    expect(listed?.address).toEqual({ street: '•••', addressLine2: '•••', postalCode: '•••', city: 'Hannover', country: 'DE' });
    const body = JSON.stringify(listed);
    for (const raw of ['anna.weiss', '511 123489', 'Hauptstraße', 'Hinterhaus', '30159']) expect(body).not.toContain(raw);
  });

  it.each([[['admin']], [['marketer']], [['sales']], [['analyst', 'sales']]])('shows the contact unmasked to %j', async (groups) => {
    const listed = await listedAs(groups);
    expect(listed).toMatchObject({ email: 'anna.weiss@example.de', phone: '+49 511 123489', postalCode: '30159', address });
  });

  it('masks only for a caller whose every role is analyst', () => {
    expect(seesContactsMasked(['analyst'])).toBe(true);
    expect(seesContactsMasked(['analyst', 'marketer'])).toBe(false);
    expect(seesContactsMasked([])).toBe(false);
  });

  it('masks odd values too, never echoing them', () => {
    expect(maskEmail('no-at-sign')).toBe('•••');
    expect(maskEmail('@example.de')).toBe('•••');
    expect(maskPhone('112')).toBe('•••');
  });

  it('leaves the values alone outside a masked parse (requests, tests, the OpenAPI document)', () => {
    expect(maskedEmail.parse('anna@example.de')).toBe('anna@example.de');
  });
});
