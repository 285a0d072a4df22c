import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { EdgeStack } from '#infra/edge-stack';
import type { Api } from '#infra/constructs/api';
import { functions } from '#infra/functions';
import { LeadflowStack } from '#infra/stack';
import { aConsoleBuild } from '#tests/helpers/console-build';
import { withFunctionStacks } from '#tests/helpers/stack-templates';

const rootDir = path.resolve(import.meta.dirname, '..', '..');

type Resource = { Properties: Record<string, unknown> };
type Statement = { Effect: string; Action: string | string[]; Resource?: unknown };

function synth() {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const env = { account: '111111111111', region: 'eu-central-1' };
  const edge = new EdgeStack(app, 'Edge', { env: { ...env, region: 'us-east-1' }, crossRegionReferences: true, requestsPerIpPer5Minutes: 500 });
  const stack = new LeadflowStack(app, 'Main', {
    env,
    crossRegionReferences: true,
    rootDir,
    senderEmail: 'news@example.de',
    users: [],
    alarmEmail: 'ops@example.de',
    consoleAssetDir: aConsoleBuild(),
    webAclArn: edge.webAclArn,
  });
  return { main: withFunctionStacks(stack), api: stack.node.findChild('Api') as Api };
}

const entries = (template: Template, type: string) => Object.entries(template.findResources(type) as Record<string, Resource>);
const logicalIdOf = (template: Template, name: string) =>
  // In its area's nested stack (`<name>Fn…`) or in the main stack (`Api<name>Fn…`: a Cognito trigger, a stream reader).
  entries(template, 'AWS::Lambda::Function').find(([id]) => id.replace(/^Api/, '').startsWith(`${name.replace(/-/g, '')}Fn`))?.[0] ?? `no function ${name}`;

function statementsOf(template: Template, functionId: string): Statement[] {
  const fn = template.findResources('AWS::Lambda::Function')[functionId] as Resource;
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return entries(template, 'AWS::IAM::Policy')
    .filter(([, policy]) => (policy.Properties.Roles as Array<{ Ref: string }>).some((role) => role.Ref === roleId))
    .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

describe('the rotation of the link-signing secret on AWS', () => {
  let main: Template;
  let api: Api;
  let secretId: string;
  beforeAll(() => {
    ({ main, api } = synth());
    [secretId = ''] = Object.keys(main.findResources('AWS::SecretsManager::Secret'));
  });

  it('rotates the secret every 90 days with the manifest’s link-key-rotation function (in the Capture area)', () => {
    const schedules = entries(main, 'AWS::SecretsManager::RotationSchedule');
    expect(schedules).toHaveLength(1);
    const [, schedule = { Properties: {} }] = schedules[0] ?? [];
    expect(schedule.Properties.SecretId).toEqual({ Ref: secretId });
    expect(schedule.Properties.RotationRules).toEqual({ ScheduleExpression: 'rate(90 days)' });
    // The function lives in the Capture functions' nested stack: the schedule reads its ARN from that stack's output.
    const capture = api.functionStacks.get('Capture');
    const [stackId, output] = (schedule.Properties.RotationLambdaARN as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
    expect(stackId).toMatch(/^ApiCaptureFunctions/);
    const outputs = (capture ? Template.fromStack(capture).toJSON().Outputs : {}) as Record<string, { Value: unknown }>;
    expect(outputs[output.replace(/^Outputs\./, '')]?.Value).toEqual({ 'Fn::GetAtt': [logicalIdOf(main, 'link-key-rotation'), 'Arn'] });
    expect(functions.find((spec) => spec.name === 'link-key-rotation')?.rotation).toEqual({ secret: 'signingKey', everyDays: 90 });
  });

  it('lets Secrets Manager invoke the function for that secret only', () => {
    const functionId = logicalIdOf(main, 'link-key-rotation');
    const permissions = entries(main, 'AWS::Lambda::Permission').filter(([, permission]) => permission.Properties.Principal === 'secretsmanager.amazonaws.com');
    expect(permissions.map(([, permission]) => permission.Properties)).toEqual([
      {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [functionId, 'Arn'] },
        Principal: 'secretsmanager.amazonaws.com',
        SourceArn: { Ref: secretId },
      },
    ]);
  });

  it('grants the function the four rotation steps’ actions on that secret only, and nothing else (no GetRandomPassword on *, no table)', () => {
    const statements = statementsOf(main, logicalIdOf(main, 'link-key-rotation'));
    const secretsManager = statements.filter((statement) => [statement.Action].flat().some((action) => action.startsWith('secretsmanager:')));
    expect(secretsManager).toHaveLength(1);
    expect([secretsManager[0]?.Action].flat().sort()).toEqual([
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
      'secretsmanager:PutSecretValue',
      'secretsmanager:UpdateSecretVersionStage',
    ]);
    expect(secretsManager[0]?.Resource).toEqual({ Ref: secretId });
    const others = statements.flatMap((statement) => [statement.Action].flat()).filter((action) => !action.startsWith('secretsmanager:'));
    expect(
      others.every((action) => action.startsWith('xray:')),
      others.join(', '),
    ).toBe(true);
  });

  it('lets no other function change the secret: the link signers and verifiers only read it', () => {
    for (const spec of functions.filter((candidate) => candidate.name !== 'link-key-rotation')) {
      const actions = statementsOf(main, logicalIdOf(main, spec.name)).flatMap((statement) => [statement.Action].flat());
      for (const forbidden of ['secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage']) expect(actions, spec.name).not.toContain(forbidden);
      if (spec.access.signingKey) expect(actions, spec.name).toContain('secretsmanager:GetSecretValue');
    }
  });
});
