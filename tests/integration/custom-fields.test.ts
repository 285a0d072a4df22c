import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedCatalog, cachedCustomFields, newId, systemClock } from '#shared/container';
import { ConflictError, ValidationError } from '#shared/domain/errors';
import { renderTemplate } from '#shared/domain/template';
import { AlreadyExistsError } from '#shared/store/errors';
import { captureLead } from '#shared/use-cases/capture-lead';
import { customMergeValues } from '#shared/use-cases/compose-mail';
import { createCustomField, deleteCustomField, listCustomFields } from '#shared/use-cases/manage-custom-fields';
import { patchContact } from '#shared/use-cases/manage-contact';
import { previewSegment } from '#shared/use-cases/manage-segments';
import { aForm, aSubmission, aTopic } from '#tests/helpers/factories';
import { testRepositories } from '#tests/helpers/test-table';

describe('custom fields on DynamoDB Local', () => {
  let repos: Awaited<ReturnType<typeof testRepositories>>;
  const form = aForm({
    topics: ['newsletter'],
    fields: [
      { name: 'firstName', required: false },
      { name: 'fields.branche', required: true },
      { name: 'fields.mitarbeiter', required: false },
    ],
  });
  const definitions = () => cachedCustomFields(repos.fields, 0);

  beforeAll(async () => {
    repos = await testRepositories();
    await repos.topics.create(aTopic());
    await repos.forms.create(form);
    const ports = { fields: repos.fields, clock: systemClock };
    await createCustomField(ports, {
      key: 'branche',
      label: { de: 'Branche', en: 'Industry' },
      type: 'select',
      options: [{ value: 'Maschinenbau', label: { de: 'Maschinenbau', en: 'Mechanical engineering' } }],
      appliesTo: 'contact',
    });
    await createCustomField(ports, { key: 'mitarbeiter', label: { de: 'Mitarbeiter', en: 'Employees' }, type: 'number', appliesTo: 'contact' });
    await createCustomField(ports, { key: 'notiz', label: { de: 'Notiz', en: 'Note' }, type: 'text', appliesTo: 'contact' });
  });

  it('stores definitions once per key and lists them by key', async () => {
    await expect(
      createCustomField({ fields: repos.fields, clock: systemClock }, { key: 'notiz', label: { de: 'N', en: 'N' }, type: 'text', appliesTo: 'contact' }),
    ).rejects.toBeInstanceOf(AlreadyExistsError);
    expect((await listCustomFields(repos)).items.map((item) => [item.key, item.type])).toEqual([
      ['branche', 'select'],
      ['mitarbeiter', 'number'],
      ['notiz', 'text'],
    ]);
  });

  it('takes values from a form, by PATCH, finds them by segment rule and merges them into a template', async () => {
    const capturePorts = {
      catalog: cachedCatalog(repos, 0),
      contacts: repos.contacts,
      companies: repos.companies,
      clock: systemClock,
      newId,
      customFields: definitions(),
    };
    const email = `fields-${randomUUID()}@example.de`;
    const { contactId } = await captureLead(capturePorts, {
      form,
      submission: aSubmission({ email, fields: { branche: 'maschinenbau', mitarbeiter: '1.250' } }),
      evidence: {},
    });
    expect((await repos.contacts.get(contactId))?.fields).toEqual({ branche: 'Maschinenbau', mitarbeiter: 1250 });
    await expect(captureLead(capturePorts, { form, submission: aSubmission({ email, fields: { mitarbeiter: '3' } }), evidence: {} })).rejects.toMatchObject({
      issues: [{ path: 'fields.branche', message: 'is required' }],
    });

    const managePorts = { contacts: repos.contacts, companies: repos.companies, clock: systemClock, newId, fields: definitions() };
    await patchContact(managePorts, contactId, { fields: { notiz: 'A & <B>', mitarbeiter: null } });
    const contact = await repos.contacts.get(contactId);
    expect(contact?.fields).toEqual({ branche: 'Maschinenbau', notiz: 'A & <B>' });
    await expect(patchContact(managePorts, contactId, { fields: { mitarbeiter: 'viele' } })).rejects.toBeInstanceOf(ValidationError);

    const segmentPorts = { segments: repos.segments, topics: repos.topics, suppressions: repos.suppressions, clock: systemClock, fields: definitions() };
    const found = await previewSegment(
      segmentPorts,
      {
        rule: {
          all: [
            { field: 'fields.branche', op: 'eq', value: 'Maschinenbau' },
            { field: 'fields.mitarbeiter', op: 'exists' },
          ],
        },
      },
      { workers: 1, budgetMs: 60_000 },
    );
    expect(found.count).toBe(0);
    const matched = await previewSegment(segmentPorts, { rule: { field: 'fields.notiz', op: 'contains', value: '<b>' } }, { workers: 1, budgetMs: 60_000 });
    expect(matched.sample.map((sample) => sample.id)).toEqual([contactId]);
    await expect(
      previewSegment(segmentPorts, { rule: { field: 'fields.mitarbeiter', op: 'before', value: '2026-01-01' } }, { workers: 1, budgetMs: 60_000 }),
    ).rejects.toMatchObject({
      issues: [{ path: 'rule.op' }],
    });

    const [recipient] = await repos.contacts.recipients([contactId], 'newsletter');
    const rendered = renderTemplate(
      { subject: '{{fields.branche}}', html: '<p>{{fields.notiz}}</p>', text: '{{fields.notiz}}' },
      customMergeValues(recipient ?? {}),
    );
    expect(rendered).toMatchObject({ subject: 'Maschinenbau', html: '<p>A &amp; &lt;B&gt;</p>', text: 'A & <B>' });
  });

  it('refuses to delete a field a segment, form or template uses, and deletes it once unused', async () => {
    const ports = { fields: repos.fields, users: { segments: repos.segments, forms: repos.forms, templates: repos.templates }, clock: systemClock };
    await expect(deleteCustomField(ports, 'branche')).rejects.toThrow(`form "${form.name}" (${form.id})`);
    const at = new Date().toISOString();
    await repos.templates.create({
      id: `t-${randomUUID()}`,
      name: 'Notiz',
      subject: 'Hallo',
      html: '<p>{{fields.notiz}} {{unsubscribeUrl}}</p>',
      createdAt: at,
      updatedAt: at,
    });
    await expect(deleteCustomField(ports, 'notiz')).rejects.toBeInstanceOf(ConflictError);
    await repos.segments.create({
      id: `s-${randomUUID()}`,
      name: 'Groß',
      rule: { not: { field: 'fields.mitarbeiter', op: 'lt', value: 100 } },
      schedule: 'off',
      createdAt: at,
      updatedAt: at,
      memberCount: 0,
    });
    await expect(deleteCustomField(ports, 'mitarbeiter')).rejects.toThrow('segment "Groß"');
    await createCustomField(ports, { key: 'frei', label: { de: 'Frei', en: 'Free' }, type: 'boolean', appliesTo: 'company' });
    await deleteCustomField(ports, 'frei');
    expect(await repos.fields.get('frei')).toBeUndefined();
  });
});
