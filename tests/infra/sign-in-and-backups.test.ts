import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_LOG_FIELDS } from '#infra/constructs/api';
import { BACKUP_COPY_VAULT_NAME } from '#infra/constructs/table-backups';
import { leadflowStacks } from '#infra/leadflow-app';
import { aConsoleBuild } from '#tests/helpers/console-build';

const rootDir = path.resolve(import.meta.dirname, '..', '..');

type Resource = { Properties: Record<string, unknown>; DependsOn?: string[] };

function synth(context: Record<string, string>) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const stacks = leadflowStacks(app, { rootDir, consoleAssetDir: aConsoleBuild(), account: '111111111111' });
  return {
    main: Template.fromStack(stacks.main),
    copy: stacks.backupCopy ? Template.fromStack(stacks.backupCopy) : undefined,
    dependencies: stacks.main.dependencies.map((stack) => stack.node.id),
  };
}

describe('sign-in hardening, backups and access logs on AWS', () => {
  let main: Template;
  let copy: Template | undefined;
  let dependencies: string[];
  let withoutCopy: Template;
  beforeAll(() => {
    ({ main, copy, dependencies } = synth({
      users: 'anna@example.de:admin,ben@example.de:sales,carla@example.de:marketer,carla@example.de:analyst',
      adminEmails: 'ops@example.de',
      backupCopyRegion: 'eu-west-1',
    }));
    ({ main: withoutCopy } = synth({}));
  });

  it('offers TOTP (no SMS) to everyone and demands symbols, digits and both cases in 12-character passwords', () => {
    main.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true, RequireNumbers: true, RequireLowercase: true, RequireUppercase: true }),
      },
    });
  });

  it('asks the sign-in check before issuing tokens, which may read users (their MFA) of this pool only', () => {
    const [poolId, pool] = Object.entries(main.findResources('AWS::Cognito::UserPool') as Record<string, Resource>)[0] ?? [];
    const config = pool?.Properties.LambdaConfig as { PreTokenGeneration: { 'Fn::GetAtt': [string, string] } } | undefined;
    const [functionId = ''] = config?.PreTokenGeneration['Fn::GetAtt'] ?? [];
    expect(functionId).toMatch(/^Apisignincheck/);
    main.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [functionId, 'Arn'] },
      Principal: 'cognito-idp.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [poolId, 'Arn'] },
    });
    const fn = main.findResources('AWS::Lambda::Function')[functionId] as Resource;
    const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const statements = Object.values(main.findResources('AWS::IAM::Policy') as Record<string, Resource>)
      .filter((policy) => (policy.Properties.Roles as Array<{ Ref: string }>).some((role) => role.Ref === roleId))
      .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Array<{ Action: string | string[]; Resource: unknown }> }).Statement);
    const cognito = statements.filter((statement) => [statement.Action].flat().some((action) => action.startsWith('cognito-idp:')));
    expect(cognito).toEqual([expect.objectContaining({ Action: 'cognito-idp:AdminGetUser', Resource: { 'Fn::GetAtt': [poolId, 'Arn'] } })]);
    // Cognito waits 5 s for a trigger.
    expect(fn.Properties.Timeout).toBeLessThanOrEqual(5);
  });

  it('ends sessions: 1-hour access and ID tokens, 12-hour refresh tokens, no user-existence errors, for the console client', () => {
    main.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ClientName: 'leadflow-console',
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 720,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      PreventUserExistenceErrors: 'ENABLED',
    });
  });

  it('invites every user of -c users and -c adminEmails into the groups of their roles', () => {
    const users = Object.values(main.findResources('AWS::Cognito::UserPoolUser') as Record<string, Resource>).map((user) => user.Properties.Username);
    expect(users.sort()).toEqual(['anna@example.de', 'ben@example.de', 'carla@example.de', 'ops@example.de']);
    const memberships = Object.values(main.findResources('AWS::Cognito::UserPoolUserToGroupAttachment') as Record<string, Resource>).map(
      (membership) => `${membership.Properties.Username}:${membership.Properties.GroupName}`,
    );
    expect(memberships.sort()).toEqual([
      'anna@example.de:admin',
      'ben@example.de:sales',
      'carla@example.de:analyst',
      'carla@example.de:marketer',
      'ops@example.de:admin',
    ]);
    // The admins of adminEmails keep their construct ids (Admin0…), so an upgrade does not replace them.
    expect(Object.keys(main.findResources('AWS::Cognito::UserPoolUser', { Properties: { Username: 'ops@example.de' } }))[0]).toMatch(/^StatefulAdmin0/);
  });

  it('backs the table up daily at 03:00 UTC into its own vault, kept 35 days, besides point-in-time recovery', () => {
    const [tableId] = Object.keys(main.findResources('AWS::DynamoDB::Table'));
    main.hasResourceProperties('AWS::DynamoDB::Table', { PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } });
    main.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Retain' });
    for (const template of [main, withoutCopy]) {
      template.hasResourceProperties('AWS::Backup::BackupPlan', {
        BackupPlan: {
          BackupPlanName: Match.anyValue(),
          BackupPlanRule: [
            Match.objectLike({
              RuleName: 'Daily',
              ScheduleExpression: 'cron(0 3 * * ? *)',
              Lifecycle: { DeleteAfterDays: 35 },
              TargetBackupVault: Match.anyValue(),
            }),
          ],
        },
      });
    }
    main.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({ Resources: [{ 'Fn::GetAtt': [tableId, 'Arn'] }] }),
    });
  });

  it('copies each backup to the vault of -c backupCopyRegion (its own stack there, deployed first), kept 35 days; without it, copies nothing', () => {
    main.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: Match.objectLike({
        BackupPlanRule: [
          Match.objectLike({
            CopyActions: [
              {
                DestinationBackupVaultArn: {
                  'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(`:backup:eu-west-1:111111111111:backup-vault:${BACKUP_COPY_VAULT_NAME}`)])],
                },
                Lifecycle: { DeleteAfterDays: 35 },
              },
            ],
          }),
        ],
      }),
    });
    copy?.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Retain', Properties: { BackupVaultName: BACKUP_COPY_VAULT_NAME } });
    expect(copy).toBeDefined();
    expect(dependencies).toContain('LeadflowBackupCopy');
    const [plan] = Object.values(withoutCopy.findResources('AWS::Backup::BackupPlan') as Record<string, Resource>);
    const rule = (plan?.Properties.BackupPlan as { BackupPlanRule: Array<Record<string, unknown>> } | undefined)?.BackupPlanRule[0];
    expect(rule).toBeDefined();
    expect(rule).not.toHaveProperty('CopyActions');
  });

  it('logs every API request without personal data (no IP, user agent, path or query), kept three months', () => {
    const stage = Object.values(main.findResources('AWS::ApiGatewayV2::Stage') as Record<string, Resource>)[0];
    const settings = stage?.Properties.AccessLogSettings as { DestinationArn: { 'Fn::GetAtt': [string, string] }; Format: string };
    expect(JSON.parse(settings.Format)).toEqual(ACCESS_LOG_FIELDS);
    for (const personal of ['sourceIp', 'userAgent', '$context.path', 'identity', 'claims']) expect(settings.Format).not.toContain(personal);
    expect(settings.Format).toContain('$context.requestId');
    const logGroup = main.findResources('AWS::Logs::LogGroup')[settings.DestinationArn['Fn::GetAtt'][0]] as Resource;
    expect(logGroup.Properties.RetentionInDays).toBe(90);
  });

  it("logs the distribution's requests without cookies, and the buckets' accesses, into a private bucket that forgets them after 30 days", () => {
    const [logsId] = Object.keys(
      main.findResources('AWS::S3::Bucket', { Properties: { OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] } } }),
    );
    main.hasResourceProperties('AWS::S3::Bucket', {
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 30, Status: 'Enabled' })] },
    });
    main.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Logging: { Bucket: { 'Fn::GetAtt': [logsId, 'RegionalDomainName'] }, IncludeCookies: false, Prefix: 'cloudfront/' },
      }),
    });
    const logged = Object.values(main.findResources('AWS::S3::Bucket') as Record<string, Resource>).filter((bucket) => bucket.Properties.LoggingConfiguration);
    expect(logged).toHaveLength(2);
    for (const bucket of logged) expect(bucket.Properties.LoggingConfiguration).toMatchObject({ DestinationBucketName: { Ref: logsId } });
  });

  it('sends alarms over TLS only', () => {
    const [topicId] = Object.keys(main.findResources('AWS::SNS::Topic', { Properties: { DisplayName: 'leadflow alarms' } }));
    main.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });
});
