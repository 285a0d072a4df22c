import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { newId, systemClock } from '#shared/container';
import { ValidationError } from '#shared/domain/errors';
import { createS3Client, S3Uploads } from '#shared/files/s3-uploads';
import { ImportRepository } from '#shared/store/import-repository';
import { createCampaign } from '#shared/use-cases/manage-campaigns';
import { importContacts } from '#shared/use-cases/import-contacts';
import { failUploadedImport, type RunImportPorts, runUploadedImport, uploadArrived } from '#shared/use-cases/run-uploaded-import';
import { requestImportUpload, type ImportUploadRequest } from '#shared/use-cases/upload-import';
import { csv } from '#tests/helpers/csv-fixtures';
import { aTopic } from '#tests/helpers/factories';
import { testRepositories } from '#tests/helpers/test-table';

const unlimited = () => 900_000;

describe('imports of uploaded files (DynamoDB Local and the S3 stand-in)', () => {
  let repos: Awaited<ReturnType<typeof testRepositories>>;
  let imports: ImportRepository;
  let uploads: S3Uploads;
  let handedOn: string[];
  let opened: number[];
  // The real repositories: the upload's, the runs' and a posted import's ports at once.
  let ports: RunImportPorts & { imports: ImportRepository };
  let campaignId: string;

  beforeAll(async () => {
    repos = await testRepositories();
    await repos.topics.create(aTopic());
    imports = new ImportRepository(repos.table);
    uploads = new S3Uploads(createS3Client({ AWS_REGION: 'eu-central-1', S3_ENDPOINT: inject('s3Endpoint') }), inject('uploadsBucket'));
    handedOn = [];
    opened = [];
    ports = {
      ...repos,
      imports,
      isErased: async () => false,
      // The real bucket; the offsets each run reads from are noted.
      uploads: {
        open: (key, fromByte) => {
          opened.push(fromByte ?? 0);
          return uploads.open(key, fromByte);
        },
      },
      // The hand-off message the next run would receive, kept to deliver it by hand.
      queue: { handOn: async (importId) => void handedOn.push(importId) },
      clock: systemClock,
      newId,
    };
    campaignId = (await createCampaign({ campaigns: repos.campaigns, clock: systemClock, newId }, { name: `Messe ${randomUUID()}`, channel: 'fair' })).id;
  });

  /** Hands out an upload and PUTs the file to its URL as the browser does. */
  async function upload(bytes: Buffer, request: Partial<ImportUploadRequest> = {}): Promise<string> {
    const handed = await requestImportUpload({ ...ports, uploads }, { fileName: 'messe.csv', topics: [], ...request });
    const put = await fetch(handed.uploadUrl, { method: 'PUT', body: bytes, headers: { 'content-type': 'text/csv' } });
    expect(put.status).toBe(200);
    return handed.importId;
  }

  it('hands out an upload waiting for its file, with a URL that expires in 15 minutes', async () => {
    const before = Date.now();
    const handed = await requestImportUpload({ ...ports, uploads }, { fileName: 'messe.csv', campaignId, topics: ['newsletter'], consentSource: 'Stand B12' });
    expect(Date.parse(handed.expiresAt) - before).toBeGreaterThanOrEqual(15 * 60_000 - 1000);
    expect(handed.uploadUrl).toContain(`uploads/${handed.importId}.csv`);
    expect(await imports.get(handed.importId)).toMatchObject({
      status: 'waiting_for_upload',
      fileName: 'messe.csv',
      campaignId,
      topics: ['newsletter'],
      rows: 0,
      processed: 0,
      uploadExpiresAt: handed.expiresAt,
    });
  });

  it('refuses an upload for a campaign or topic that does not exist, naming the field, and writes nothing', async () => {
    const error = await requestImportUpload({ ...ports, uploads }, { fileName: 'x.csv', campaignId: 'nope', topics: ['nope'] }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(['campaignId', 'topics.0', 'consentSource']);
  });

  it('imports an uploaded German Excel file (Windows-1252, semicolons, CRLF) with consent, as a posted one', async () => {
    const id = randomUUID().slice(0, 6);
    const file = csv.germanExcel([
      { email: `weiss-${id}@example.de`, firstName: 'Jürgen', lastName: 'Weiß', company: 'Müller & Söhne GmbH', city: 'Köln' },
      { email: 'not-an-address', firstName: 'Kaputt' },
    ]);
    const importId = await upload(file, { campaignId, topics: ['newsletter'], consentSource: 'Stand B12, Papierformular' });
    expect(await uploadArrived(ports, importId, unlimited)).toBe('done');
    expect(await imports.get(importId)).toMatchObject({ status: 'done', rows: 2, processed: 2, created: 1, merged: 0, skipped: 0, rejectedCount: 1 });
    expect((await imports.rejections(importId, 10)).items).toEqual([{ row: 3, reason: expect.stringContaining('email') }]);
    const contact = await repos.contacts.getByEmail(`weiss-${id}@example.de`);
    expect(contact).toMatchObject({ firstName: 'Jürgen', lastName: 'Weiß', company: 'Müller & Söhne GmbH', city: 'Köln' });
    expect(contact?.consents.newsletter?.status).toBe('granted');
    expect(contact?.firstTouch).toMatchObject({ campaignId, channel: 'fair' });
  });

  it('runs in chunks: a run whose deadline comes after 40 rows saves its row and byte position and hands on; the next run reads on from that byte, every row imported once', async () => {
    const prefix = randomUUID().slice(0, 8);
    const importId = await upload(csv.large(120, prefix));
    let checks = 0;
    opened.length = 0;
    // The deadline as Lambda's remaining time reports it: plenty for the first 40 rows, then none.
    expect(await uploadArrived(ports, importId, () => (++checks <= 40 ? 900_000 : 1000))).toBe('handed-on');
    expect(handedOn).toContain(importId);
    const halfway = await imports.getUpload(importId);
    expect(halfway?.record).toMatchObject({ status: 'queued', rows: 120, processed: 40, created: 40 });
    expect(halfway?.position?.row).toBe(41);
    expect(halfway?.position?.byte).toBe(Buffer.from(`${csv.large(40, prefix).toString('utf8')}\n`).length);

    expect(await runUploadedImport(ports, importId, unlimited)).toBe('done');
    // Survey and first chunk from the start, the second chunk from the saved byte.
    expect(opened).toEqual([0, 0, halfway?.position?.byte]);
    expect(await imports.get(importId)).toMatchObject({ status: 'done', rows: 120, processed: 120, created: 120, skipped: 0, rejectedCount: 0 });
    expect(await repos.contacts.getByEmail(`${prefix}-0@fair.example`)).toMatchObject({ firstName: 'Vor0' });
    expect(await repos.contacts.getByEmail(`${prefix}-119@fair.example`)).toMatchObject({ firstName: 'Vor119' });
  });

  it('creates nothing new when the same file is uploaded again, or was posted before', async () => {
    const prefix = randomUUID().slice(0, 8);
    const file = csv.large(30, prefix);
    const first = await upload(file);
    await uploadArrived(ports, first, unlimited);
    const contact = await repos.contacts.getByEmail(`${prefix}-7@fair.example`);
    const itemsBefore = (await repos.table.scanAll()).length;

    const again = await upload(file);
    expect(await uploadArrived(ports, again, unlimited)).toBe('done');
    expect(await imports.get(again)).toMatchObject({ status: 'done', rows: 30, processed: 30, created: 0, merged: 0, skipped: 30 });
    // Only the second import's record is new: no contact, touchpoint, claim or counter.
    expect((await repos.table.scanAll()).length).toBe(itemsBefore + 1);
    expect((await repos.contacts.getByEmail(`${prefix}-7@fair.example`))?.id).toBe(contact?.id);

    // A file posted whole first: its rows are claimed under the same file id.
    const posted = csv.large(10, `${prefix}-posted`);
    await importContacts(ports, { bytes: posted, topics: [] });
    const uploaded = await upload(posted);
    await uploadArrived(ports, uploaded, unlimited);
    expect(await imports.get(uploaded)).toMatchObject({ status: 'done', created: 0, skipped: 10 });
  });

  it('fails a file that is not readable CSV before writing any row, saying why', async () => {
    const importId = await upload(Buffer.from('E-Mail;Name\r\nanna@example.de;"Anna\r\nbert@example.de;Bert\r\n'));
    expect(await uploadArrived(ports, importId, unlimited)).toBe('failed');
    expect(await imports.get(importId)).toMatchObject({ status: 'failed', processed: 0, created: 0, error: expect.stringContaining('not readable CSV') });
    expect(await repos.contacts.getByEmail('bert@example.de')).toBeUndefined();
  });

  it('fails a file without an email column, naming the header', async () => {
    const importId = await upload(Buffer.from('Name;Firma\r\nAnna;ACME\r\n'));
    expect(await uploadArrived(ports, importId, unlimited)).toBe('failed');
    expect((await imports.get(importId))?.error).toContain('header needs an email column');
  });

  it('does nothing for a repeated notification, or one of an import that is done', async () => {
    const importId = await upload(csv.large(3, randomUUID().slice(0, 8)));
    expect(await uploadArrived(ports, importId, unlimited)).toBe('done');
    expect(await uploadArrived(ports, importId, unlimited)).toBe('nothing-to-do');
    expect(await runUploadedImport(ports, 'no-such-import', unlimited)).toBe('nothing-to-do');
    expect(await imports.get(importId)).toMatchObject({ status: 'done', created: 3 });
  });

  it('gives a chunk that fails back to the queue at its last safe row, and fails the import after the last receive (mock: the store fails on every write of one row)', async () => {
    const prefix = randomUUID().slice(0, 8);
    const importId = await upload(csv.large(50, prefix));
    const poisoned = `${prefix}-30@fair.example`;
    const failing: RunImportPorts & { imports: ImportRepository } = {
      ...ports,
      contacts: Object.assign(Object.create(Object.getPrototypeOf(repos.contacts) as object) as typeof repos.contacts, repos.contacts, {
        create: (...args: Parameters<typeof repos.contacts.create>) =>
          args[0].emailNormalised === poisoned ? Promise.reject(new Error('mock: the store fails')) : repos.contacts.create(...args),
      }),
    };
    await expect(uploadArrived(failing, importId, unlimited)).rejects.toThrow('mock: the store fails');
    const given = await imports.getUpload(importId);
    expect(given?.record.status).toBe('queued');
    // Row 32 (the 31st data row) failed: the position is at most just before it.
    expect(given?.position?.row).toBeLessThanOrEqual(31);
    await expect(runUploadedImport(failing, importId, unlimited)).rejects.toThrow('mock: the store fails');
    await failUploadedImport(ports, importId);
    expect(await imports.get(importId)).toMatchObject({ status: 'failed', error: expect.stringContaining('unexpected error') });
    // Its rows before the poisoned one are in, each once.
    expect(await repos.contacts.getByEmail(`${prefix}-29@fair.example`)).toBeDefined();
  });

  it('does not finish an import whose row failed while the run was waiting for something else (mock: one write fails late, the row claims of the next batch are slow)', async () => {
    const prefix = randomUUID().slice(0, 8);
    // 101 rows: two batches of row claims; the last row of the first one fails once the run waits for the second's claims.
    const importId = await upload(csv.large(101, prefix));
    const poisoned = `${prefix}-99@fair.example`;
    let claimChecks = 0;
    const failing: RunImportPorts & { imports: ImportRepository } = {
      ...ports,
      imports: Object.assign(Object.create(Object.getPrototypeOf(imports) as object) as ImportRepository, imports, {
        claimedRows: async (...args: Parameters<ImportRepository['claimedRows']>) => {
          claimChecks += 1;
          if (claimChecks === 2) await new Promise((resolve) => setTimeout(resolve, 1500));
          return imports.claimedRows(...args);
        },
      }),
      contacts: Object.assign(Object.create(Object.getPrototypeOf(repos.contacts) as object) as typeof repos.contacts, repos.contacts, {
        create: async (...args: Parameters<typeof repos.contacts.create>) => {
          if (args[0].emailNormalised !== poisoned) return repos.contacts.create(...args);
          await new Promise((resolve) => setTimeout(resolve, 300));
          throw new Error('mock: the store fails late');
        },
      }),
    };
    await expect(uploadArrived(failing, importId, unlimited)).rejects.toThrow('mock: the store fails late');
    expect(claimChecks).toBeGreaterThanOrEqual(2);
    const given = await imports.getUpload(importId);
    expect(given?.record.status).toBe('queued');
    expect(given?.position?.row).toBeLessThanOrEqual(101);
    // The retry without the fault imports the failed row: nothing is lost, and no row finished ahead of it is counted twice.
    expect(await runUploadedImport(ports, importId, unlimited)).toBe('done');
    expect(await imports.get(importId)).toMatchObject({ status: 'done', processed: 101, created: 101, skipped: 0 });
    expect(await repos.contacts.getByEmail(poisoned)).toBeDefined();
  });
});
