import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  type BehaviorOptions,
  CachePolicy,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledgeWildcardsOf } from './nag-findings';
import { consoleContentSecurityPolicy, IMMUTABLE_CACHE, REVALIDATE_CACHE } from '../console-security-headers';

/** The viewer-request function's source, a file of its own so that unit tests can run it. */
export const CONSOLE_VIEWER_REQUEST_SOURCE = fileURLToPath(new URL('./console-viewer-request.js', import.meta.url));

/** `/console-config.json` in AWS (API.md, "Console"): the API on the same origin, Cognito sign-in. */
export interface ConsoleConfig {
  apiBaseUrl: string;
  auth: {
    kind: 'oidc';
    /** The OIDC issuer; oidc-client-ts reads its discovery document. */
    authority: string;
    clientId: string;
    redirectUri: string;
    logoutUri: string;
    /** The managed-login domain: Cognito's sign-out is `<domain>/logout?client_id=&logout_uri=`. */
    domain: string;
  };
}

export interface ConsoleHostingProps {
  /** The console's build (Vite): `index.html` and content-hashed files under `assets/`. */
  assetDir: string;
  /** The managed-login domain (`https://<prefix>.auth.<region>.amazoncognito.com`) the console calls and is sent to. */
  signInUrl: string;
  /** The uploads bucket's origin the import wizard PUTs large files to. */
  uploadsOrigin: string;
  /** Where the bucket's server access logs go (infra/constructs/access-logs-bucket.ts). */
  accessLogs: { bucket: IBucket; prefix: string };
}

/**
 * The browser console on AWS: a private bucket (no public access, TLS only, S3-managed encryption,
 * no website hosting) that CloudFront reads through Origin Access Control. It hands the stack two
 * behaviors for the existing distribution: the default one (documents, with the deep-link rewrite)
 * and `/assets/*` (hashed files, cached for a year), both with the console's security headers.
 * `deploy` uploads the build and `console-config.json`.
 */
export class ConsoleHosting extends Construct {
  readonly bucket: Bucket;
  readonly defaultBehavior: BehaviorOptions;
  readonly assetsBehavior: BehaviorOptions;
  private readonly assetDir: string;

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    if (!existsSync(path.join(props.assetDir, 'index.html'))) {
      throw new Error(
        `The console is not built: ${path.join(props.assetDir, 'index.html')} does not exist. Run \`npm run build:console\` before synth or deploy.`,
      );
    }
    this.assetDir = props.assetDir;

    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogs.bucket,
      serverAccessLogsPrefix: props.accessLogs.prefix,
      // Only build output: a redeploy restores it. Kept on stack deletion like every bucket by default.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const origin = S3BucketOrigin.withOriginAccessControl(this.bucket);

    const deepLinks = new CloudFrontFunction(this, 'DeepLinks', {
      comment: 'Console routes (paths without a file extension) are answered by /index.html',
      code: FunctionCode.fromFile({ filePath: CONSOLE_VIEWER_REQUEST_SOURCE }),
      runtime: FunctionRuntime.JS_2_0,
    });
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Console: CSP without inline script, HSTS, nosniff, no framing',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: consoleContentSecurityPolicy({
            connect: [props.signInUrl, `https://cognito-idp.${Stack.of(this).region}.amazonaws.com`, props.uploadsOrigin],
            formAction: [props.signInUrl],
          }),
          override: true,
        },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, preload: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
    });
    // The TTLs only bound what the objects' own Cache-Control asks for (set by `deploy`).
    const documents = new CachePolicy(this, 'DocumentsCache', {
      comment: 'Console documents: revalidated with S3 on every request (objects say no-cache)',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.days(1),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const assets = new CachePolicy(this, 'AssetsCache', {
      comment: 'Console assets: content-hashed names, cached for a year',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.days(365),
      maxTtl: Duration.days(365),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const shared = {
      origin,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      compress: true,
      responseHeadersPolicy: headers,
    };
    this.defaultBehavior = { ...shared, cachePolicy: documents, functionAssociations: [{ function: deepLinks, eventType: FunctionEventType.VIEWER_REQUEST }] };
    this.assetsBehavior = { ...shared, cachePolicy: assets };
  }

  /**
   * Uploads the build in two steps: first `assets/` (immutable, never pruned, so a browser still
   * running the previous index.html finds its chunks), then everything else with `console-config.json`
   * (no-cache, pruned, but never touching `assets/`). No invalidation is needed: documents are
   * revalidated on every request and asset names change with their content.
   */
  deploy(config: ConsoleConfig): void {
    const build = Source.asset(this.assetDir);
    const assets = new BucketDeployment(this, 'DeployAssets', {
      sources: [build],
      destinationBucket: this.bucket,
      exclude: ['*'],
      include: ['assets/*'],
      prune: false,
      cacheControl: [CacheControl.fromString(IMMUTABLE_CACHE)],
    });
    const documents = new BucketDeployment(this, 'DeployDocuments', {
      sources: [build, Source.jsonData('console-config.json', config)],
      destinationBucket: this.bucket,
      // Also keeps the prune (sync --delete) away from assets/.
      exclude: ['assets/*'],
      prune: true,
      cacheControl: [CacheControl.fromString(REVALIDATE_CACHE)],
    });
    documents.node.addDependency(assets);
    // The copying function is CDK's own, one per stack: its policy and runtime are CDK's to choose.
    const provider = Stack.of(this).node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (provider) {
      const reason =
        "CDK's bucket-deployment provider: reads the build from CDK's asset bucket and syncs it into the console bucket (whose objects it must list, write and prune)";
      acknowledgeWildcardsOf(provider, reason);
      Validations.of(provider).acknowledge(
        { id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason },
        { id: 'AwsSolutions-L1', reason: `${reason}; CDK picks its runtime` },
      );
    }
  }
}
