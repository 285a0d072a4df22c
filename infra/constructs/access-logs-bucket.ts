import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * Days access logs are kept. CloudFront's standard (legacy) log format always carries the client's IP
 * and the query string, so these logs hold personal data: kept for security analysis (an attack, a
 * misuse) under legitimate interest, and for no longer than a month.
 */
export const ACCESS_LOG_BUCKET_RETENTION_DAYS = 30;

/** Prefixes of the log files in the bucket, one per source. */
export const ACCESS_LOG_PREFIXES = { cdn: 'cloudfront/', uploads: 's3/uploads/', console: 's3/console/' } as const;

/**
 * The bucket the distribution's standard logs and the buckets' server access logs go to: private,
 * S3-managed encryption (CloudFront's log delivery supports no KMS key), TLS only, every file expired
 * after {@link ACCESS_LOG_BUCKET_RETENTION_DAYS} days. CloudFront's legacy log delivery writes with an
 * ACL, so the bucket owner is preferred rather than ACLs disabled.
 */
export class AccessLogsBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ id: 'ExpireLogs', expiration: Duration.days(ACCESS_LOG_BUCKET_RETENTION_DAYS) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'The access-log bucket itself: logging its own accesses would log the log deliveries (S3 cannot log a bucket into itself without a loop)',
    });
  }
}
