import { CfnOutput, Duration, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import { AllowedMethods, CachePolicy, Distribution, OriginRequestPolicy, ViewerProtocolPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { Api } from './constructs/api';
import { Stateful } from './constructs/stateful';

export interface LeadflowStackProps extends StackProps {
  rootDir: string;
  senderEmail: string;
  senderDomain?: string;
  adminEmails: string[];
  alarmEmail?: string;
  /** A custom domain's base URL for links in mails; defaults to the CloudFront domain. */
  publicBaseUrl?: string;
  /** List-Unsubscribe's mailto address (mails carry the https one-click link either way). */
  unsubscribeMailto?: string;
  /** The us-east-1 WAF web ACL (EdgeStack) that guards the CloudFront distribution. */
  webAclArn?: string;
}

/**
 * The product on AWS: stateful resources (table, bus, secret, SES, Cognito) apart from the stateless
 * API and functions, CloudFront with WAF in front, and alarms that reach a person.
 */
export class LeadflowStack extends Stack {
  constructor(scope: Construct, id: string, props: LeadflowStackProps) {
    super(scope, id, props);
    const stateful = new Stateful(this, 'Stateful', {
      senderEmail: props.senderEmail,
      ...(props.senderDomain ? { senderDomain: props.senderDomain } : {}),
      adminEmails: props.adminEmails,
    });

    const api = new Api(this, 'Api', {
      rootDir: props.rootDir,
      stateful,
      mailFrom: props.senderEmail,
      throttle: { rate: 200, burst: 400, publicRate: 50, publicBurst: 100 },
      jwtAudience: [stateful.userPoolClient.userPoolClientId],
    });

    const distribution = new Distribution(this, 'Cdn', {
      comment: 'leadflow API',
      defaultBehavior: {
        origin: new HttpOrigin(Fn.select(2, Fn.split('/', api.httpApi.apiEndpoint))),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      },
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
    });
    // Links in mails point at the custom domain when there is one, else at the distribution.
    api.addEnvironment('PUBLIC_BASE_URL', props.publicBaseUrl ?? `https://${distribution.distributionDomainName}`);
    if (props.unsubscribeMailto) api.addEnvironment('UNSUBSCRIBE_MAILTO', props.unsubscribeMailto);

    const alarms = new Topic(this, 'Alarms', { displayName: 'leadflow alarms' });
    if (props.alarmEmail) alarms.addSubscription(new EmailSubscription(props.alarmEmail));
    const serverErrors = new Alarm(this, 'Api5xx', {
      alarmDescription: 'The API answered with server errors',
      metric: api.httpApi.metricServerError({ period: Duration.minutes(5) }),
      threshold: 5,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    for (const alarm of [serverErrors, ...api.extraAlarms, ...[...api.functions.values()].map((product) => product.errorsAlarm)]) alarm.addAlarmAction(new SnsAction(alarms));

    new CfnOutput(this, 'ApiUrl', { value: `https://${distribution.distributionDomainName}` });
    new CfnOutput(this, 'UserPoolId', { value: stateful.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: stateful.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: stateful.table.tableName });
  }
}
