import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { startDynamoDbLocal } from '#infra/local/dynamodb-local';
import { freePort } from '#infra/local/ports';
import { newId, repositoriesFor, systemClock } from '#shared/container';
import { createCampaign } from '#shared/use-cases/manage-campaigns';
import { ImportRepository } from '#shared/store/import-repository';
import { importContacts, type ImportPorts } from '#shared/use-cases/import-contacts';
import { aTopic } from '#tests/helpers/factories';
import { csv } from '#tests/helpers/csv-fixtures';
import { createTestTable, testRepositories } from '#tests/helpers/test-table';

describe('importContacts against DynamoDB Local', () => {
  let repos: Awaited<ReturnType<typeof testRepositories>>;
  let ports: ImportPorts;
  let campaignId: string;
  const erased = new Set<string>();

  beforeAll(async () => {
    repos = await testRepositories();
    await repos.topics.create(aTopic());
    ports = { ...repos, imports: new ImportRepository(repos.table), isErased: async (email) => erased.has(email), clock: systemClock, newId };
    campaignId = (await createCampaign({ campaigns: repos.campaigns, clock: systemClock, newId }, { name: `Messe ${randomUUID()}`, channel: 'fair' })).id;
  });

  it('reads German Excel (semicolons, CRLF, Windows-1252) with consent and its source', async () => {
    const id = randomUUID().slice(0, 6);
    const file = csv.germanExcel([
      { email: `jürgen-${id}@example.de`.replace('ü', 'ue'), firstName: 'Jürgen', lastName: 'Weiß', company: 'Müller & Söhne GmbH', phone: '+49 511 123', jobTitle: 'Einkauf', postalCode: '30159', city: 'Hannover', country: 'Deutschland' },
    ]);
    const summary = await importContacts(ports, { bytes: file, campaignId, topics: ['newsletter'], consentSource: 'Hannover Messe, Stand B12, Papierformular v3' });
    expect(summary).toMatchObject({ encoding: 'windows-1252', rows: 1, created: 1, merged: 0, rejectedCount: 0 });
    const contact = await repos.contacts.getByEmail(`juergen-${id}@example.de`);
    expect(contact).toMatchObject({ firstName: 'Jürgen', lastName: 'Weiß', company: 'Müller & Söhne GmbH', city: 'Hannover', postalCode: '30159' });
    expect(contact?.consents.newsletter?.status).toBe('granted');
    expect(contact?.firstTouch).toMatchObject({ campaignId, channel: 'fair' });
    const record = await repos.contacts.getRecord(contact?.id ?? '');
    expect(record?.consentProofs[0]).toMatchObject({ method: 'import', status: 'granted', detail: 'Hannover Messe, Stand B12, Papierformular v3' });
  });

  it('reads UTF-8 with BOM, quoted separators and line breaks, empty lines, and rejects only the bad rows', async () => {
    const id = randomUUID().slice(0, 6);
    const file = csv.utf8WithBom([
      'Email,First Name,Last Name,Company,Notes',
      `a-${id}@example.com,Ann,"O'Neil, Jr.","Acme, Inc.","line one`,
      `line two"`,
      '',
      `not-an-email,Bob,Bad,,`,
      `,No,Email,,`,
      `c-${id}@example.com,Chloé,Ünal,"Quote ""Corp""",`,
    ]);
    const summary = await importContacts(ports, { bytes: file, topics: [] });
    expect(summary).toMatchObject({ encoding: 'utf-8', rows: 4, created: 2, rejectedCount: 2, ignoredColumns: ['Notes'] });
    expect(summary.rejected.map((rejection) => rejection.row)).toEqual([3, 4]);
    expect(summary.rejected[0]?.reason).toContain('email');
    expect(await repos.contacts.getByEmail(`a-${id}@example.com`)).toMatchObject({ lastName: "O'Neil, Jr.", company: 'Acme, Inc.' });
    expect((await repos.contacts.getByEmail(`c-${id}@example.com`))?.company).toBe('Quote "Corp"');
  });

  it('creates nothing new when the same file is posted again', async () => {
    const file = csv.large(30, `again-${randomUUID().slice(0, 6)}`);
    const first = await importContacts(ports, { bytes: file, topics: [] });
    const before = (await repos.table.scanAll()).length;
    const second = await importContacts(ports, { bytes: file, topics: [] });
    expect(first.created).toBe(30);
    expect(second).toMatchObject({ created: 0, merged: 0, skipped: 30 });
    expect((await repos.table.scanAll()).length).toBe(before);
  });

  it('merges a fair lead into the contact a web form created, keeping the earlier touch first', async () => {
    const email = `known-${randomUUID()}@example.de`;
    const web = await importContacts(ports, { bytes: Buffer.from(`email,date\n${email},2026-05-01T10:00:00Z\n`), topics: [] });
    expect(web.created).toBe(1);
    const fair = await importContacts(ports, { bytes: Buffer.from(`E-Mail;Datum;Vorname\n${email};21.04.2026;Frida\n`), campaignId, topics: [] });
    expect(fair).toMatchObject({ created: 0, merged: 1 });
    const contact = await repos.contacts.getByEmail(email);
    expect(contact?.firstName).toBe('Frida');
    expect(contact?.firstTouch?.campaignId).toBe(campaignId);
    expect(contact?.lastTouch?.campaignId).toBeUndefined();
  });

  it('refuses a file without an email column, and rows of erased people', async () => {
    await expect(importContacts(ports, { bytes: Buffer.from('Vorname;Nachname\nA;B\n'), topics: [] })).rejects.toMatchObject({ issues: [{ path: 'header' }] });
    const email = `gone-${randomUUID()}@example.de`;
    erased.add(email);
    const summary = await importContacts(ports, { bytes: Buffer.from(`email\n${email}\n`), topics: [] });
    expect(summary.rejected[0]?.reason).toMatch(/erased/);
    expect(await repos.contacts.getByEmail(email)).toBeUndefined();
  });

  it('requires a consent source with topics and names unknown topics and campaigns', async () => {
    await expect(importContacts(ports, { bytes: Buffer.from('email\na@b.de\n'), topics: ['newsletter', 'ghost'], campaignId: 'nope' })).rejects.toMatchObject({
      issues: [{ path: 'query.campaignId' }, { path: 'query.topics.1' }, { path: 'query.consentSource' }],
    });
  });

  it('imports a 50,000-row file', async () => {
    // A DynamoDB Local of its own: after 50,000 contacts the shared one stays slow (dropping the table does
    // not help), which made every integration file running after this one crawl into its time-outs.
    const dynamo = await startDynamoDbLocal({ port: await freePort() });
    try {
      const table = await createTestTable(dynamo.endpoint);
      const big: ImportPorts = { ...repositoriesFor(table), imports: new ImportRepository(table), isErased: async () => false, clock: systemClock, newId };
      const summary = await importContacts(big, { bytes: csv.large(50_000, `big-${randomUUID().slice(0, 6)}`), topics: [] });
      expect(summary).toMatchObject({ rows: 50_000, created: 50_000, rejectedCount: 0 });
    } finally {
      await dynamo.stop();
    }
  }, 600_000);
});
