import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

/** An S3 event notification as S3 sends it (`Records[].s3.bucket.name`, `.object.key`, `.object.size`). */
export interface S3Notification {
  Records: Array<{ eventName: string; s3: { bucket: { name: string }; object: { key: string; size?: number } } }>;
}

export interface RunningS3 {
  endpoint: string;
  bucket: string;
  stop(): Promise<void>;
}

/**
 * CORS of the local uploads bucket: the console (another origin than the stand-in's port) PUTs the
 * file to its presigned URL, as it does to S3 in AWS (infra/constructs/uploads-bucket.ts allows the same).
 */
const CORS = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

/**
 * Starts the S3 stand-in (`s3rver`) with the uploads bucket: the same S3 API (presigned PUTs with
 * signature v4, GetObject with ranges) the product uses in AWS, files kept under `dataDir` or a
 * temporary folder removed at stop. `onObjectCreated` gets each object-created notification, in the
 * shape S3 sends to its notification targets.
 */
export async function startS3Local(options: {
  port: number;
  bucket: string;
  dataDir?: string;
  onObjectCreated?: (notification: S3Notification) => void;
}): Promise<RunningS3> {
  const directory = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'leadflow-s3-'));
  const server = new S3rver({
    port: options.port,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: [{ name: options.bucket, configs: [CORS] }],
  });
  if (options.onObjectCreated) {
    const notify = options.onObjectCreated;
    server.on('event', (notification: S3Notification) => {
      if (notification.Records.every((record) => record.eventName.startsWith('ObjectCreated:'))) notify(notification);
    });
  }
  await server.run();
  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    bucket: options.bucket,
    async stop() {
      await server.close();
      if (!options.dataDir) rmSync(directory, { recursive: true, force: true });
    },
  };
}
