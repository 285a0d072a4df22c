import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { EdgeFirewall } from './constructs/edge-firewall';

/** us-east-1 stack holding the CloudFront-scoped WAF web ACL. */
export class EdgeStack extends Stack {
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: StackProps & { requestsPerIpPer5Minutes: number }) {
    super(scope, id, props);
    this.webAclArn = new EdgeFirewall(this, 'Firewall', { requestsPerIpPer5Minutes: props.requestsPerIpPer5Minutes }).webAcl.attrArn;
  }
}
