import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/**
 * The WAF web ACL in front of the API: a per-IP rate rule (what API Gateway's route throttling, which
 * counts all clients together, cannot do) and AWS's managed rules for common exploits and known bad
 * inputs. CLOUDFRONT scope, so it must live in us-east-1.
 */
export class EdgeFirewall extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: { requestsPerIpPer5Minutes: number }) {
    super(scope, id);
    const visibility = (name: string) => ({ cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true });
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('leadflow'),
      rules: [
        {
          name: 'rate-per-ip',
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: props.requestsPerIpPer5Minutes, aggregateKeyType: 'IP' } },
          visibilityConfig: visibility('leadflow-rate-per-ip'),
        },
        {
          name: 'aws-common',
          priority: 1,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: 'AWSManagedRulesCommonRuleSet',
              // CSV imports and rich templates legitimately exceed the rule set's 8 KB body check.
              excludedRules: [{ name: 'SizeRestrictions_BODY' }],
            },
          },
          visibilityConfig: visibility('leadflow-aws-common'),
        },
        {
          name: 'aws-known-bad-inputs',
          priority: 2,
          overrideAction: { none: {} },
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesKnownBadInputsRuleSet' } },
          visibilityConfig: visibility('leadflow-known-bad-inputs'),
        },
      ],
    });
  }
}
