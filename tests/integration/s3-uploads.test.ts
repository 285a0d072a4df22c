import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { createS3Client, S3Uploads } from '#shared/files/s3-uploads';
import '#tests/helpers/provided';

const uploads = () => new S3Uploads(createS3Client({ AWS_REGION: 'eu-central-1', S3_ENDPOINT: inject('s3Endpoint') }), inject('uploadsBucket'));

async function read(body: AsyncIterable<Uint8Array> | undefined): Promise<string> {
  if (!body) throw new Error('no object');
  const parts: Buffer[] = [];
  for await (const part of body) parts.push(Buffer.from(part));
  return Buffer.concat(parts).toString('utf8');
}

describe('the uploads bucket on the S3 stand-in', () => {
  it('accepts a PUT of a file to its presigned URL, as a browser sends it, and reads it back whole', async () => {
    const key = `uploads/${randomUUID()}.csv`;
    const url = await uploads().uploadUrl(key, 900);
    expect(url).toContain('X-Amz-Expires=900');
    // No checksum of an empty body in the URL: S3 would refuse the real file against it.
    expect(url).not.toContain('x-amz-checksum');
    const put = await fetch(url, { method: 'PUT', body: 'E-Mail;Vorname\r\nanna@example.de;Anna\r\n', headers: { 'content-type': 'text/csv' } });
    expect(put.status).toBe(200);
    expect(await read(await uploads().open(key))).toBe('E-Mail;Vorname\r\nanna@example.de;Anna\r\n');
  });

  it('reads from a byte offset on (a resumed import continues where it stopped)', async () => {
    const key = `uploads/${randomUUID()}.csv`;
    await fetch(await uploads().uploadUrl(key, 900), { method: 'PUT', body: 'email\r\nanna@example.de\r\nbert@example.de\r\n' });
    expect(await read(await uploads().open(key, 'email\r\nanna@example.de\r\n'.length))).toBe('bert@example.de\r\n');
  });

  it('answers undefined for a file that was never uploaded', async () => {
    expect(await uploads().open(`uploads/${randomUUID()}.csv`)).toBeUndefined();
  });

  it('refuses a PUT to a URL whose time is up', async () => {
    const url = await uploads().uploadUrl(`uploads/${randomUUID()}.csv`, 1);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const put = await fetch(url, { method: 'PUT', body: 'email\r\n' });
    expect(put.status).toBe(403);
    expect(await put.text()).toContain('expired');
  });
});
