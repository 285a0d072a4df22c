import { PassThrough } from 'node:stream';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { uploadsConfig } from '#shared/config';
import { logger } from '#shared/logger';
import type { ExportFiles, ExportFileWriter } from '#shared/use-cases/run-print-export';
import { createS3Client } from './s3-uploads';

/** Bytes per part of the multipart upload (S3's least); at most two parts are held at once, so memory stays flat. */
const PART_BYTES = 5 * 1024 * 1024;

/**
 * Generated export files under `exports/` of the uploads bucket: written as a streamed multipart
 * upload (lib-storage's `Upload` reads a stream the export writes to, waiting while the parts in
 * flight drain), and handed out through presigned GETs that name the file for the browser.
 */
export class S3Exports implements ExportFiles {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  create(key: string): ExportFileWriter {
    const stream = new PassThrough({ highWaterMark: PART_BYTES });
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: stream, ContentType: 'text/csv; charset=utf-8' },
      partSize: PART_BYTES,
      queueSize: 2,
      leavePartsOnError: false,
    });
    const finished = upload.done();
    // Observed here so a failed upload is not an unhandled rejection before `done` is awaited.
    finished.catch(() => undefined);
    return {
      write: async (text) => {
        if (!stream.write(text))
          await new Promise<void>((resolve, reject) => {
            stream.once('drain', resolve);
            finished.catch(reject);
          });
      },
      done: async () => {
        stream.end();
        await finished;
      },
      abort: async () => {
        stream.destroy();
        await upload.abort().catch((error: unknown) => logger.warn('export upload not aborted', { key, error: String(error) }));
      },
    };
  }

  downloadUrl(key: string, fileName: string, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(
      this.client,
      new GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentDisposition: `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"` }),
      { expiresIn: expiresInSeconds },
    );
  }
}

/** The export files from the environment (the uploads bucket; only the export functions bundle the S3 client). */
export function exportFiles(): S3Exports {
  const config = uploadsConfig();
  return new S3Exports(createS3Client(config), config.UPLOADS_BUCKET);
}
