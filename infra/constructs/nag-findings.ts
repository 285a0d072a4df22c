import { type CfnResource, Names, Stack, Validations } from 'aws-cdk-lib';
import { CfnPolicy } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/**
 * How cdk-nag names a resource ARN with a wildcard in the IAM policy of `holder` (its `AwsSolutions-IAM5`
 * finding ids), for an acknowledgement of exactly that finding: `<LogicalId.Arn>` in the resource's own
 * stack; in a nested stack also the parameter CDK creates there for the reference (`<referenceto…Arn>`),
 * which is what cdk-nag sees once the references are resolved (in `cdk synth`).
 */
export function wildcardFindings(holder: IConstruct, target: CfnResource, suffix: string, attribute = 'Arn'): string[] {
  const local = `${Stack.of(target).getLogicalId(target)}.${attribute}`;
  const references =
    Stack.of(holder) === Stack.of(target) ? [local] : [local, `referenceto${Names.nodeUniqueId(target.node)}${attribute}`.replace(/[^A-Za-z0-9]/g, '')];
  return references.map((reference) => `AwsSolutions-IAM5[Resource::<${reference}>${suffix}]`);
}

interface PolicyStatementJson {
  Effect?: string;
  Action?: string | string[];
  Resource?: unknown;
}

/**
 * Acknowledges every wildcard finding (`AwsSolutions-IAM5`) of the IAM policies under `scope` as they
 * stand now, with one reason: for a provider function CDK itself creates and grants (the bucket
 * deployment, the bucket notifications), whose policy the stack does not write. Only for policies
 * naming resources of their own stack (a nested stack's reference would be named differently later).
 */
export function acknowledgeWildcardsOf(scope: IConstruct, reason: string): void {
  const ids = new Set<string>();
  for (const child of scope.node.findAll()) {
    if (!(child instanceof CfnPolicy)) continue;
    const document = Stack.of(child).resolve(child.policyDocument) as { Statement?: PolicyStatementJson[] };
    for (const statement of document.Statement ?? []) {
      if (statement.Effect !== 'Allow') continue;
      for (const action of [statement.Action ?? []].flat()) if (action.includes('*')) ids.add(`AwsSolutions-IAM5[Action::${action}]`);
      for (const resource of [statement.Resource ?? []].flat()) {
        const flat = flattenCfnReference(resource);
        if (flat.includes('*')) ids.add(`AwsSolutions-IAM5[Resource::${flat}]`);
      }
    }
  }
  for (const id of ids) Validations.of(scope).acknowledge({ id, reason });
}

/** A resolved CloudFormation value as cdk-nag writes it in a finding id: `<LogicalId.Attr>`, `<Ref>`, joins flattened. */
function flattenCfnReference(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (typeof node === 'object' && node !== null) {
    if ('Fn::Join' in node && Array.isArray(node['Fn::Join'])) {
      const [delimiter, items] = node['Fn::Join'] as [string, unknown[]];
      return items.map(flattenCfnReference).join(delimiter);
    }
    if ('Fn::Sub' in node) return flattenCfnReference(node['Fn::Sub']);
    if ('Fn::GetAtt' in node && Array.isArray(node['Fn::GetAtt'])) {
      const [resource, attribute] = node['Fn::GetAtt'] as [unknown, unknown];
      return `<${flattenCfnReference(resource)}.${flattenCfnReference(attribute)}>`;
    }
    if ('Fn::ImportValue' in node) return flattenCfnReference(node['Fn::ImportValue']);
    if ('Ref' in node) return `<${flattenCfnReference(node.Ref)}>`;
  }
  return JSON.stringify(node);
}
