import { type CfnResource, Duration, Lazy, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AnyPrincipal, Effect, type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, EventType, HttpMethods, type IBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EXPORTS_PREFIX, UPLOADS_PREFIX } from '../../shared/store/keys';
import { acknowledgeWildcardsOf, wildcardFindings } from './nag-findings';

/** Days an uploaded file is kept: long enough to import and retry, short for data minimisation. */
export const UPLOAD_RETENTION_DAYS = 7;
/** Days a generated export file is kept: its download URL lasts 15 minutes, a new one can be asked for meanwhile. */
export const EXPORT_RETENTION_DAYS = 2;

/**
 * The bucket import files are uploaded to: private (all public access blocked, objects owned by the
 * bucket), S3-managed encryption, TLS only, every upload expired after {@link UPLOAD_RETENTION_DAYS}
 * days (unfinished multipart uploads after one), and each object created under `uploads/` notified to
 * the import queue. CORS for the console's PUT is added once the console's origin is known.
 */
export class UploadsBucket extends Construct {
  readonly bucket: Bucket;
  /** The roles that may read objects of the bucket (each only under its prefix); everyone else is denied. */
  private readonly readers: string[] = [];

  constructor(scope: Construct, id: string, props: { notify: IQueue; accessLogs: { bucket: IBucket; prefix: string } }) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogs.bucket,
      serverAccessLogsPrefix: props.accessLogs.prefix,
      lifecycleRules: [
        {
          id: 'ExpireUploads',
          prefix: UPLOADS_PREFIX,
          expiration: Duration.days(UPLOAD_RETENTION_DAYS),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
        {
          id: 'ExpireExports',
          prefix: EXPORTS_PREFIX,
          expiration: Duration.days(EXPORT_RETENTION_DAYS),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      // Personal data that expires within a week anyway; kept on stack deletion like every bucket by default.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(props.notify), { prefix: UPLOADS_PREFIX, suffix: '.csv' });
    // The notifications are configured by CDK's own function, one per stack.
    const provider = Stack.of(this).node.children.find((child) => child.node.id.startsWith('BucketNotificationsHandler'));
    if (provider) {
      const reason =
        "CDK's bucket-notifications provider: sets the uploads bucket's notification configuration (PutBucketNotification has no narrower resource in its policy)";
      acknowledgeWildcardsOf(provider, reason);
      Validations.of(provider).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason,
      });
    }
  }

  /** The console (at `origin`) PUTs files to presigned URLs; nothing else may come from a browser. */
  allowBrowserUploadsFrom(origin: string): void {
    this.bucket.addCorsRule({
      allowedOrigins: [origin],
      allowedMethods: [HttpMethods.PUT],
      allowedHeaders: ['content-type'],
      exposedHeaders: ['ETag'],
      maxAge: 3000,
    });
  }

  /** Lets `role` sign PUTs of upload objects (a presigned URL carries the signer's rights, so this is all it may write). */
  grantSignUploads(role: IRole): void {
    role.addToPrincipalPolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects(`${UPLOADS_PREFIX}*`)] }),
    );
    this.acknowledgePrefix(role, UPLOADS_PREFIX);
  }

  /**
   * Lets `role` read uploaded files, and denies reading them to every other principal in the account
   * (administrators included): uploads hold personal data only the import should see.
   */
  grantReadUploadsOnlyTo(role: IRole): void {
    role.addToPrincipalPolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['s3:GetObject'], resources: [this.bucket.arnForObjects(`${UPLOADS_PREFIX}*`)] }),
    );
    this.acknowledgePrefix(role, UPLOADS_PREFIX);
    this.addReader(role);
  }

  /** Lets `role` write export files (a streamed multipart upload: PutObject covers its parts; abort cleans up). */
  grantWriteExports(role: IRole): void {
    role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
        resources: [this.bucket.arnForObjects(`${EXPORTS_PREFIX}*`)],
      }),
    );
    this.acknowledgePrefix(role, EXPORTS_PREFIX);
  }

  /**
   * Lets `role` read export files, which it hands out as presigned GETs (a URL carries its signer's
   * rights), and keeps them denied to every other principal like the uploads.
   */
  grantReadExportsOnlyTo(role: IRole): void {
    role.addToPrincipalPolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['s3:GetObject'], resources: [this.bucket.arnForObjects(`${EXPORTS_PREFIX}*`)] }),
    );
    this.acknowledgePrefix(role, EXPORTS_PREFIX);
    this.addReader(role);
  }

  /** The objects under one prefix are the resource (each named by an id only known at run time): cdk-nag's wildcard finding, acknowledged on the role. */
  private acknowledgePrefix(role: IRole, prefix: string): void {
    const reason = `Objects under ${prefix} of the uploads bucket, named by an id chosen at run time: the prefix is the narrowest resource (and the bucket policy denies other readers)`;
    for (const id of wildcardFindings(role, this.bucket.node.defaultChild as CfnResource, `/${prefix}*`)) Validations.of(role).acknowledge({ id, reason });
  }

  /** One deny for the whole bucket, naming every reader granted (each reads only its prefix by its own policy). */
  private addReader(role: IRole): void {
    this.readers.push(role.roleArn);
    if (this.readers.length > 1) return;
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'OnlyTheirReadersReadFiles',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': Lazy.list({ produce: () => this.readers }) } },
      }),
    );
  }
}
