import path from 'node:path';
import { CfnOutput, Duration, Fn, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AllowedMethods, CachePolicy, Distribution, OriginRequestPolicy, ViewerProtocolPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { ACCESS_LOG_PREFIXES } from './constructs/access-logs-bucket';
import { Api } from './constructs/api';
import { ConsoleHosting } from './constructs/console-hosting';
import { ConsoleSignIn } from './constructs/console-sign-in';
import { OperatorAlarms } from './constructs/operator-alarms';
import { Stateful } from './constructs/stateful';
import type { InvitedUser } from './invited-users';

export interface LeadflowStackProps extends StackProps {
  rootDir: string;
  senderEmail: string;
  senderDomain?: string;
  /** Users invited into the pool and their roles' groups (infra/invited-users.ts). */
  users: InvitedUser[];
  alarmEmail?: string;
  /** A second region the table's daily backups are copied to; its vault comes from infra/backup-copy-stack.ts. */
  backupCopyRegion?: string;
  /** A custom domain's base URL for links in mails and for the console; defaults to the CloudFront domain. */
  publicBaseUrl?: string;
  /** The console's build output; default `<rootDir>/console/dist` (`npm run build:console`). */
  consoleAssetDir?: string;
  /** The Cognito managed-login domain prefix; default derived from the stack id (infra/constructs/stateful.ts). */
  authDomainPrefix?: string;
  /** List-Unsubscribe's mailto address (mails carry the https one-click link either way). */
  unsubscribeMailto?: string;
  /** The us-east-1 WAF web ACL (EdgeStack) that guards the CloudFront distribution. */
  webAclArn?: string;
  /** `false`: the API without routes, for the two-step upgrade of a stack deployed before 0.10.0 (README, "Deploy"). */
  serveRoutes?: boolean;
  /** Days an audit entry is kept (`-c auditRetentionDays=`, default 400; the table's TTL removes it then). */
  auditRetentionDays?: number;
}

/**
 * The product on AWS: stateful resources (table, bus, secret, SES, Cognito) apart from the stateless
 * API and functions, CloudFront with WAF in front serving the console from S3 and `/v1/*` from the
 * API, and alarms that reach a person.
 */
export class LeadflowStack extends Stack {
  constructor(scope: Construct, id: string, props: LeadflowStackProps) {
    super(scope, id, props);
    const stateful = new Stateful(this, 'Stateful', {
      senderEmail: props.senderEmail,
      ...(props.senderDomain ? { senderDomain: props.senderDomain } : {}),
      users: props.users,
      ...(props.backupCopyRegion ? { backupCopyRegion: props.backupCopyRegion } : {}),
      ...(props.authDomainPrefix ? { authDomainPrefix: props.authDomainPrefix } : {}),
    });

    const consoleHosting = new ConsoleHosting(this, 'Console', {
      assetDir: props.consoleAssetDir ?? path.join(props.rootDir, 'console', 'dist'),
      signInUrl: stateful.userPoolDomain.baseUrl(),
      // The import wizard PUTs large files straight to the uploads bucket (presigned, virtual-hosted URLs).
      // Named by the region's S3 host pattern, not the bucket: the bucket's CORS names the distribution,
      // whose headers policy this is, so naming the bucket here would be a cycle.
      uploadsOrigin: `https://*.s3.${this.region}.amazonaws.com`,
      accessLogs: { bucket: stateful.accessLogs.bucket, prefix: ACCESS_LOG_PREFIXES.console },
    });
    const distribution = new Distribution(this, 'Cdn', {
      comment: 'leadflow console and API',
      defaultBehavior: consoleHosting.defaultBehavior,
      additionalBehaviors: { '/assets/*': consoleHosting.assetsBehavior },
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      // Standard logging without cookies (the format always has the client IP: infra/constructs/access-logs-bucket.ts).
      enableLogging: true,
      logBucket: stateful.accessLogs.bucket,
      logFilePrefix: ACCESS_LOG_PREFIXES.cdn,
      logIncludesCookies: false,
    });
    Validations.of(distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'No geo restriction: forms are embedded on sites whose visitors come from anywhere; the WAF rate-limits per IP',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          "The distribution's default *.cloudfront.net certificate fixes CloudFront's TLS policy (TLSv1 allowed for old clients); with a custom domain its certificate sets TLSv1.2_2021",
      },
    );
    // Links in mails and the console point at the custom domain when there is one, else at the distribution.
    const publicUrl = props.publicBaseUrl?.replace(/\/+$/, '') ?? `https://${distribution.distributionDomainName}`;
    stateful.uploads.allowBrowserUploadsFrom(publicUrl);

    // The console's client names the distribution's domain in its callback URLs and the authorizer names
    // the client, so both come after the distribution; the distribution names only the HTTP API itself
    // (its origin, added below), never the authorizer or the client: no cycle.
    const signIn = new ConsoleSignIn(this, 'ConsoleSignIn', { userPool: stateful.userPool, domain: stateful.userPoolDomain, consoleUrl: publicUrl });
    const api = new Api(this, 'Api', {
      rootDir: props.rootDir,
      stateful,
      mailFrom: props.senderEmail,
      throttle: { rate: 200, burst: 400, publicRate: 50, publicBurst: 100 },
      jwtAudience: [stateful.userPoolClient.userPoolClientId, signIn.client.userPoolClientId],
      ...(props.serveRoutes === false ? { serveRoutes: false } : {}),
      ...(props.auditRetentionDays ? { auditRetentionDays: props.auditRetentionDays } : {}),
    });
    distribution.addBehavior('/v1/*', new HttpOrigin(Fn.select(2, Fn.split('/', api.httpApi.apiEndpoint))), {
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    });
    api.addEnvironment('PUBLIC_BASE_URL', publicUrl);
    if (props.unsubscribeMailto) api.addEnvironment('UNSUBSCRIBE_MAILTO', props.unsubscribeMailto);

    consoleHosting.deploy({
      apiBaseUrl: '',
      auth: {
        kind: 'oidc',
        authority: stateful.userPoolIssuer,
        clientId: signIn.client.userPoolClientId,
        redirectUri: signIn.redirectUri,
        logoutUri: signIn.logoutUri,
        domain: stateful.userPoolDomain.baseUrl(),
      },
    });

    const alarms = new Topic(this, 'Alarms', { displayName: 'leadflow alarms', enforceSSL: true });
    if (props.alarmEmail) alarms.addSubscription(new EmailSubscription(props.alarmEmail));
    const serverErrors = new Alarm(this, 'Api5xx', {
      alarmDescription: 'The API answered with server errors',
      metric: api.httpApi.metricServerError({ period: Duration.minutes(5) }),
      threshold: 5,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const operatorAlarms = new OperatorAlarms(this, 'OperatorAlarms');
    for (const alarm of [serverErrors, ...api.extraAlarms, ...operatorAlarms.alarms, ...[...api.functions.values()].map((product) => product.errorsAlarm)])
      alarm.addAlarmAction(new SnsAction(alarms));

    new CfnOutput(this, 'ConsoleUrl', { value: publicUrl });
    new CfnOutput(this, 'ApiUrl', { value: `https://${distribution.distributionDomainName}` });
    new CfnOutput(this, 'UserPoolId', { value: stateful.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: stateful.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: stateful.table.tableName });
  }
}
