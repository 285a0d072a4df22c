import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { uploadsConfig } from '#shared/config';

/** Signs uploads: a URL that accepts one PUT of the file at `key` until it expires. */
export interface UploadSigner {
  uploadUrl(key: string, expiresInSeconds: number): Promise<string>;
}

/** Reads an uploaded file as a stream of bytes, from its start or from a byte offset (resuming). */
export interface UploadReader {
  /** The object's bytes from `fromByte` on; undefined when there is no such object. */
  open(key: string, fromByte?: number): Promise<AsyncIterable<Uint8Array> | undefined>;
}

/**
 * The uploads bucket on S3: presigned PUTs for the browser and streamed, ranged GetObject for the
 * import runner. The same code runs against the S3 stand-in locally (endpoint and path-style from the
 * config); only the endpoint differs.
 */
export class S3Uploads implements UploadSigner, UploadReader {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  uploadUrl(key: string, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(this.client, new PutObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: expiresInSeconds });
  }

  async open(key: string, fromByte = 0): Promise<AsyncIterable<Uint8Array> | undefined> {
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, ...(fromByte > 0 ? { Range: `bytes=${fromByte}-` } : {}) }));
      // In Node the body is an IncomingMessage: a readable stream of Buffers, consumed as it arrives.
      return result.Body as AsyncIterable<Uint8Array> | undefined;
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }
}

export function createS3Client(config: { AWS_REGION: string; S3_ENDPOINT?: string | undefined }): S3Client {
  return new S3Client({
    region: config.AWS_REGION,
    // A presigned PUT must not carry a checksum of an empty body: the browser sends the file, not nothing.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // The stand-in (s3rver) knows one key pair, S3RVER; it checks a URL's expiry, not its signature (README, Limits).
    ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } } : {}),
  });
}

/** The uploads bucket from the environment (kept out of the shared container so only the import functions bundle the S3 client). */
export function uploadsBucket(): S3Uploads {
  const config = uploadsConfig();
  return new S3Uploads(createS3Client(config), config.UPLOADS_BUCKET);
}
