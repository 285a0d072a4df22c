import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { EdgeStack } from '#infra/edge-stack';
import { FUNCTION_AREAS } from '#infra/function-areas';
import { allRoutes, functions, routeKey } from '#infra/functions';
import type { Api } from '#infra/constructs/api';
import { LeadflowStack } from '#infra/stack';
import { aConsoleBuild } from '#tests/helpers/console-build';
import { withFunctionStacks } from '#tests/helpers/stack-templates';
import { streamFilters } from '#shared/store/keys';

const rootDir = path.resolve(import.meta.dirname, '..', '..');

function synth() {
  // Skip esbuild bundling: these tests check the template, not the code.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const env = { account: '111111111111', region: 'eu-central-1' };
  const edge = new EdgeStack(app, 'Edge', { env: { ...env, region: 'us-east-1' }, crossRegionReferences: true, requestsPerIpPer5Minutes: 500 });
  const stack = new LeadflowStack(app, 'Main', {
    env,
    crossRegionReferences: true,
    rootDir,
    senderEmail: 'Leadflow <news@example.de>',
    users: [{ email: 'admin@example.de', roles: ['admin'] }],
    alarmEmail: 'ops@example.de',
    consoleAssetDir: aConsoleBuild(),
    webAclArn: edge.webAclArn,
  });
  const api = stack.node.findChild('Api') as Api;
  return { main: withFunctionStacks(stack), routes: Template.fromStack(api.routes), edge: Template.fromStack(edge), stack };
}

type Resource = { Properties: Record<string, unknown> };
type Statement = { Action: string | string[]; Condition?: unknown; Resource?: unknown };

function functionNamed(template: Template, name: string): [string, Resource] {
  const all = Object.entries(template.findResources('AWS::Lambda::Function') as Record<string, Resource>);
  // In its area's nested stack (`<name>Fn…`), or in the main stack (`Api<name>Fn…`: a Cognito trigger or a stream reader).
  const found = all.find(([logicalId]) => logicalId.replace(/^Api/, '').startsWith(`${name.replace(/-/g, '')}Fn`));
  if (!found) throw new Error(`no function ${name}`);
  return found;
}

function actionsOf(template: Template, functionLogicalId: string): Statement[] {
  const fn = template.findResources('AWS::Lambda::Function')[functionLogicalId] as Resource;
  const roleRef = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const policies = Object.values(template.findResources('AWS::IAM::Policy') as Record<string, Resource>).filter((policy) =>
    (policy.Properties.Roles as Array<{ Ref: string }>).some((role) => role.Ref === roleRef),
  );
  return policies.flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

const flatActions = (statements: Statement[]) => statements.flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]));

describe('the CDK stack', () => {
  let main: Template;
  let routes: Template;
  let edge: Template;
  let stack: LeadflowStack;
  beforeAll(() => {
    ({ main, routes, edge, stack } = synth());
  });

  it('keeps data in one table with the designed keys, indexes (the name slots too), TTL, stream, PITR and deletion protection', () => {
    main.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          Match.objectLike({ IndexName: 'gsi1', Projection: { ProjectionType: 'ALL' } }),
          Match.objectLike({
            IndexName: 'facts',
            KeySchema: [{ AttributeName: 'factsPk', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: Match.arrayWith(['id', 'version', 'segments', 'consents', 'tags', 'orders']) },
          }),
          {
            IndexName: 'newest',
            KeySchema: [
              { AttributeName: 'newestPk', KeyType: 'HASH' },
              { AttributeName: 'newestSk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
          ...[1, 2, 3].map((slot) => ({
            IndexName: `name${slot}`,
            KeySchema: [
              { AttributeName: `name${slot}Pk`, KeyType: 'HASH' },
              { AttributeName: `name${slot}Sk`, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          })),
          {
            IndexName: 'due',
            KeySchema: [
              { AttributeName: 'duePk', KeyType: 'HASH' },
              { AttributeName: 'dueSk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
          {
            IndexName: 'owner',
            KeySchema: [
              { AttributeName: 'ownerPk', KeyType: 'HASH' },
              { AttributeName: 'ownerSk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
        ],
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      }),
    });
  });

  it('runs every manifest function on Node.js 22, arm64, with tracing, from index.mjs of its bundle', () => {
    const lambdas = Object.values(main.findResources('AWS::Lambda::Function') as Record<string, Resource>).filter((fn) =>
      (fn.Properties.Runtime as string | undefined)?.startsWith('nodejs'),
    );
    expect(lambdas.length).toBeGreaterThanOrEqual(functions.length);
    for (const spec of functions) {
      const [, fn] = functionNamed(main, spec.name);
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' }, Handler: 'index.handler' });
    }
  });

  it('serves every manifest route, admin routes behind the Cognito JWT authorizer and public ones open', () => {
    main.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT' });
    const served = Object.values(routes.findResources('AWS::ApiGatewayV2::Route') as Record<string, Resource>);
    for (const route of allRoutes()) {
      const found = served.find((candidate) => candidate.Properties.RouteKey === routeKey(route));
      expect(found, routeKey(route)).toBeDefined();
      expect(found?.Properties.AuthorizationType, routeKey(route)).toBe(route.auth === 'admin' ? 'JWT' : 'NONE');
    }
    expect(served).toHaveLength(allRoutes().length);
    // The stage names the public routes in its throttling settings: it is created after them.
    const [stageId] = Object.keys(main.findResources('AWS::ApiGatewayV2::Stage'));
    expect(JSON.stringify(main.toJSON().Resources[stageId as string].DependsOn)).toContain('Routes');
  });

  it('lets API Gateway invoke each function with routes through one permission for the API, each stack with room under the 500-resource limit (a warning at 450)', () => {
    const permissions = Object.values(routes.findResources('AWS::Lambda::Permission') as Record<string, Resource>).filter(
      (permission) => permission.Properties.Principal === 'apigateway.amazonaws.com',
    );
    expect(permissions).toHaveLength(functions.filter((spec) => (spec.routes ?? []).length > 0).length);
    expect(Object.keys(Template.fromStack(stack).toJSON().Resources as object).length).toBeLessThan(450);
    expect(Object.keys(routes.toJSON().Resources as object).length).toBeLessThan(450);
  });

  it('holds the functions in nested stacks by area, each (and the main stack) with room for two more functions as large as its largest', () => {
    const api = stack.node.findChild('Api') as Api;
    const counts = new Map<string, number>([['main', Object.keys(Template.fromStack(stack).toJSON().Resources as object).length]]);
    let largest = 0;
    for (const [area, nested] of api.functionStacks) {
      const ids = Object.keys(Template.fromStack(nested).toJSON().Resources as object);
      counts.set(area, ids.length);
      for (const name of FUNCTION_AREAS[area]) {
        const own = ids.filter((id) => new RegExp(`^${name.replace(/-/g, '')}[A-Z]`).test(id)).length;
        expect(own, `${name} in ${area}`).toBeGreaterThan(0);
        largest = Math.max(largest, own);
      }
    }
    expect([...api.functionStacks.keys()].sort()).toEqual(Object.keys(FUNCTION_AREAS).sort());
    for (const [name, count] of counts) expect(count + 2 * largest, name).toBeLessThan(450);
    // Every function of the manifest is in exactly one area, but a Cognito trigger and a stream reader (in the main stack).
    for (const spec of functions) {
      const areas = Object.values(FUNCTION_AREAS).filter((names) => (names as readonly string[]).includes(spec.name));
      expect(areas, spec.name).toHaveLength(spec.cognito || spec.stream ? 0 : 1);
    }
  });

  it('throttles the API and, more tightly, each public route', () => {
    const stage = Object.values(main.findResources('AWS::ApiGatewayV2::Stage') as Record<string, Resource>)[0];
    expect(stage?.Properties.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 });
    const settings = stage?.Properties.RouteSettings as Record<string, { ThrottlingRateLimit: number }>;
    for (const route of allRoutes().filter((candidate) => candidate.auth === 'public')) {
      expect(settings[routeKey(route)]?.ThrottlingRateLimit, routeKey(route)).toBe(50);
    }
  });

  it('puts CloudFront with a per-IP WAF rate rule in front of the API', () => {
    edge.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      Rules: Match.arrayWith([Match.objectLike({ Statement: { RateBasedStatement: { Limit: 500, AggregateKeyType: 'IP' } }, Action: { Block: {} } })]),
    });
    main.hasResourceProperties('AWS::CloudFront::Distribution', { DistributionConfig: Match.objectLike({ WebACLId: Match.anyValue() }) });
  });

  it('grants each function only what the manifest says', () => {
    const [captureId] = functionNamed(main, 'capture');
    const capture = actionsOf(main, captureId);
    // The capture writes the lead and its outbox events; the double opt-in mail (SES, the link key) is confirmation-mail's.
    expect(flatActions(capture)).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem']));
    for (const forbidden of ['ses:SendEmail', 'secretsmanager:GetSecretValue']) expect(flatActions(capture)).not.toContain(forbidden);
    const confirmationMail = actionsOf(main, functionNamed(main, 'confirmation-mail')[0]);
    expect(flatActions(confirmationMail)).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:UpdateItem', 'ses:SendEmail', 'secretsmanager:GetSecretValue']),
    );
    expect(flatActions(capture)).not.toContain('dynamodb:DeleteItem');
    expect(flatActions(capture)).not.toContain('dynamodb:BatchWriteItem');
    expect(flatActions(capture)).not.toContain('dynamodb:Scan');
    // Erasure clears the contact's partition with BatchWrite.
    expect(flatActions(actionsOf(main, functionNamed(main, 'gdpr')[0]))).toEqual(expect.arrayContaining(['dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']));
    expect(confirmationMail.find((statement) => statement.Action === 'ses:SendEmail')?.Condition).toEqual({
      StringEquals: { 'ses:FromAddress': 'news@example.de' },
    });

    // Companies change only by PATCH (UpdateItem of their custom fields): no deletes, no mail, no secrets.
    const [contactsId] = functionNamed(main, 'companies');
    const contacts = flatActions(actionsOf(main, contactsId));
    expect(contacts).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:UpdateItem']));
    for (const forbidden of ['dynamodb:DeleteItem', 'dynamodb:Scan', 'ses:SendEmail', 'secretsmanager:GetSecretValue']) {
      expect(contacts).not.toContain(forbidden);
    }
    // Custom field definitions: put, list and delete their own items; no scan of contacts, no mail, no secrets.
    const fields = flatActions(actionsOf(main, functionNamed(main, 'fields')[0]));
    expect(fields).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:DeleteItem']));
    for (const forbidden of ['dynamodb:Scan', 'ses:SendEmail', 'secretsmanager:GetSecretValue', 'events:PutEvents']) {
      expect(fields).not.toContain(forbidden);
    }
    expect(flatActions(actionsOf(main, functionNamed(main, 'campaigns')[0]))).toContain('dynamodb:DeleteItem');
    // X-Ray has no resource-level permissions; everything else names its resources.
    for (const statement of [...capture, ...actionsOf(main, contactsId)]) {
      if (statement.Resource === '*') expect(flatActions([statement]).every((action) => action.startsWith('xray:'))).toBe(true);
    }
  });

  it("lets the user directory read the product pool's users and groups, and nothing else of Cognito", () => {
    for (const spec of functions.filter((candidate) => !candidate.access.readMfaSettings)) {
      const statements = actionsOf(main, functionNamed(main, spec.name)[0]);
      const cognito = statements.filter((statement) => flatActions([statement]).some((action) => action.startsWith('cognito-idp:')));
      if (!spec.access.readUsers) {
        expect(cognito, spec.name).toEqual([]);
        continue;
      }
      expect(flatActions(cognito).sort(), spec.name).toEqual(['cognito-idp:AdminListGroupsForUser', 'cognito-idp:ListUsers']);
      const [poolId] = Object.keys(main.findResources('AWS::Cognito::UserPool'));
      expect(cognito[0]?.Resource, spec.name).toEqual({ 'Fn::GetAtt': [poolId, 'Arn'] });
      const [, fn] = functionNamed(main, spec.name);
      expect((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.USER_POOL_ID, spec.name).toBeDefined();
    }
    expect(functions.filter((spec) => spec.access.readUsers).map((spec) => spec.name)).toEqual(
      expect.arrayContaining(['tasks', 'task-digest', 'lead-qualified']),
    );
    // The roles are the pool's groups; the invited admins are in `admin`.
    const groups = Object.values(main.findResources('AWS::Cognito::UserPoolGroup') as Record<string, Resource>).map((group) => group.Properties.GroupName);
    expect(groups.sort()).toEqual(['admin', 'analyst', 'marketer', 'sales']);
    main.hasResourceProperties('AWS::Cognito::UserPoolUserToGroupAttachment', { GroupName: 'admin', Username: 'admin@example.de' });
  });

  it('keeps the link-signing key in Secrets Manager, never in an environment variable', () => {
    main.resourceCountIs('AWS::SecretsManager::Secret', 1);
    const [, confirmationMail] = functionNamed(main, 'confirmation-mail');
    const variables = (confirmationMail.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables).toHaveProperty('TOKEN_SECRET_ARN');
    expect(variables).not.toHaveProperty('TOKEN_SECRET');
  });

  it('sends through an SES configuration set and a verified identity, and creates the event bus', () => {
    main.resourceCountIs('AWS::SES::ConfigurationSet', 1);
    main.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'news@example.de' });
    main.hasResourceProperties('AWS::Events::EventBus', { Name: 'leadflow' });
  });

  it('subscribes event-triggered functions with retries and a dead-letter queue', () => {
    for (const spec of functions.filter((candidate) => candidate.events?.length)) {
      for (const trigger of spec.events ?? []) {
        main.hasResourceProperties('AWS::Events::Rule', {
          EventPattern: { source: [trigger.source], 'detail-type': [trigger.detailType] },
          Targets: [
            Match.objectLike({ DeadLetterConfig: Match.objectLike({ Arn: Match.anyValue() }), RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 4 }) }),
          ],
        });
      }
    }
  });

  it("parks an event whose function keeps failing (a poison detail) in that function's dead-letter queue", () => {
    const configs = Object.values(main.findResources('AWS::Lambda::EventInvokeConfig') as Record<string, Resource>);
    for (const spec of functions.filter((candidate) => candidate.events?.length)) {
      const [logicalId] = functionNamed(main, spec.name);
      const config = configs.find((candidate) => JSON.stringify(candidate.Properties.FunctionName).includes(logicalId));
      expect(config?.Properties, spec.name).toMatchObject({ MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: { Destination: expect.anything() } } });
      expect(JSON.stringify(config?.Properties.DestinationConfig), spec.name).toContain(`${spec.name.replace(/-/g, '')}DeadLetters`);
    }
  });

  it('runs the segment runner on the manifest schedule, with a dead-letter queue', () => {
    const runner = functions.find((spec) => spec.name === 'segments-run')!;
    const [runnerId] = functionNamed(main, 'segments-run');
    main.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: runner.schedules![0]!.expression,
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [runnerId, 'Arn'] }, DeadLetterConfig: Match.objectLike({ Arn: Match.anyValue() }) })],
    });
    expect(runner.schedules![0]!.expression).toBe('rate(15 minutes)');
    // It may scan the contact-facts index, and only that index.
    const scans = actionsOf(main, runnerId).filter((statement) => flatActions([statement]).includes('dynamodb:Scan'));
    expect(scans).toHaveLength(1);
    expect(JSON.stringify(scans[0]!.Resource)).toContain('/index/facts');
  });

  it('feeds stream-triggered functions the filtered table stream, with per-item failures and a dead-letter queue', () => {
    for (const spec of functions.filter((candidate) => candidate.stream)) {
      const [logicalId] = functionNamed(main, spec.name);
      main.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: logicalId },
        EventSourceArn: Match.anyValue(),
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BisectBatchOnFunctionError: true,
        DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
        FilterCriteria: { Filters: streamFilters[spec.stream!.filter].map((pattern) => ({ Pattern: JSON.stringify(pattern) })) },
      });
    }
    // The outbox only reads the stream and publishes: no table writes.
    const outbox = flatActions(actionsOf(main, functionNamed(main, 'outbox')[0]));
    expect(outbox).toContain('events:PutEvents');
    expect(outbox).toEqual(expect.arrayContaining(['dynamodb:GetRecords', 'dynamodb:GetShardIterator']));
    for (const forbidden of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Scan']) expect(outbox).not.toContain(forbidden);
  });

  it('keeps the table stream to two readers per shard, as DynamoDB advises: contact-refresh and the outbox', () => {
    const streamReaders = Object.values(main.findResources('AWS::Lambda::EventSourceMapping') as Record<string, Resource>).filter((mapping) =>
      JSON.stringify(mapping.Properties.EventSourceArn).includes('StreamArn'),
    );
    expect(streamReaders).toHaveLength(2);
  });

  it('answers analytics with read-only access (and audit entries of its one write route), and rebuilds the counters only when invoked by hand', () => {
    const statements = actionsOf(main, functionNamed(main, 'analytics')[0]);
    const auditOnly = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT*'] } };
    const analytics = flatActions(statements.filter((statement) => JSON.stringify(statement.Condition) !== JSON.stringify(auditOnly)));
    expect(analytics).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:GetItem']));
    for (const forbidden of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Scan']) expect(analytics).not.toContain(forbidden);
    // PutItem of audit entries only: their partitions start with AUDIT.
    expect(statements.filter((statement) => JSON.stringify(statement.Condition) === JSON.stringify(auditOnly)).map((statement) => statement.Action)).toEqual([
      'dynamodb:PutItem',
    ]);
    // The audit trail's own function only reads: no route changes or deletes an entry.
    const audit = flatActions(actionsOf(main, functionNamed(main, 'audit')[0]));
    for (const forbidden of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:Scan'])
      expect(audit).not.toContain(forbidden);

    const [rebuildId] = functionNamed(main, 'stats-rebuild');
    expect(flatActions(actionsOf(main, rebuildId))).toEqual(expect.arrayContaining(['dynamodb:Scan', 'dynamodb:Query', 'dynamodb:UpdateItem']));
    expect(flatActions(actionsOf(main, rebuildId))).not.toContain('dynamodb:DeleteItem');
    const triggers = [...Object.values(main.findResources('AWS::Lambda::EventSourceMapping')), ...Object.values(main.findResources('AWS::Events::Rule'))];
    expect(JSON.stringify(triggers)).not.toContain(rebuildId);
  });

  it('reads the dashboard with read-only access, and lets the templates send test mails From MAIL_FROM only', () => {
    const dashboard = flatActions(actionsOf(main, functionNamed(main, 'dashboard')[0]));
    expect(dashboard).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:GetItem']));
    for (const forbidden of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Scan', 'ses:SendEmail'])
      expect(dashboard).not.toContain(forbidden);

    const templates = actionsOf(main, functionNamed(main, 'templates')[0]);
    expect(templates.find((statement) => statement.Action === 'ses:SendEmail')?.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'news@example.de' } });
    expect(flatActions(templates)).not.toContain('ses:GetAccount');
  });

  it('sends the operator alarms on the product metrics to the alarm topic, like every other alarm', () => {
    const [topicId] = Object.keys(main.findResources('AWS::SNS::Topic', { Properties: { DisplayName: 'leadflow alarms' } }));
    const alarms = Object.values(main.findResources('AWS::CloudWatch::Alarm', { Properties: { Namespace: 'Leadflow' } }) as Record<string, Resource>);
    expect(alarms.map((alarm) => alarm.Properties.MetricName).sort()).toEqual(['FailedBatchItems', 'ImportsFailed', 'OutboxPublishFailures', 'SesThrottles']);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions, String(alarm.Properties.MetricName)).toEqual([{ Ref: topicId }]);
  });

  it('queues mailing recipients with a dead-letter queue and feeds them to at most MAIL_SENDERS senders, reporting failures per message', () => {
    const [senderId, sender] = functionNamed(main, 'mail-sender');
    const spec = functions.find((candidate) => candidate.name === 'mail-sender')!;
    const queues = main.findResources('AWS::SQS::Queue', {
      Properties: { RedrivePolicy: Match.objectLike({ maxReceiveCount: 5 }), VisibilityTimeout: 6 * 180 },
    }) as Record<string, Resource>;
    expect(Object.keys(queues)).toHaveLength(1);
    const [queueId, queue] = Object.entries(queues)[0]!;
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * (sender.Properties.Timeout as number));
    main.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: senderId },
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      BatchSize: spec.queue!.batchSize,
      ScalingConfig: { MaximumConcurrency: spec.queue!.maxConcurrency },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    // Each sender paces itself to its share of the SES rate: it must know how many share it.
    expect((sender.Properties.Environment as { Variables: Record<string, unknown> }).Variables.MAIL_SENDER_CONCURRENCY).toBe(
      String(spec.queue!.maxConcurrency),
    );
    const senderActions = actionsOf(main, senderId);
    expect(flatActions(senderActions)).toEqual(expect.arrayContaining(['ses:SendEmail', 'ses:GetAccount', 'sqs:ReceiveMessage', 'sqs:DeleteMessage']));
    expect(senderActions.find((statement) => statement.Action === 'ses:SendEmail')?.Condition).toEqual({ StringLike: { 'ses:FromAddress': '*@example.de' } });
    expect(flatActions(senderActions)).not.toContain('sqs:SendMessage');
    // Only the preparer queues recipients.
    const preparer = flatActions(actionsOf(main, functionNamed(main, 'mailings-prepare')[0]));
    expect(preparer).toContain('sqs:SendMessage');
    expect(preparer).not.toContain('ses:SendEmail');
  });

  it('runs the mailing sweeper every 5 minutes with a dead-letter queue, allowed to read and write the table and nothing else', () => {
    const [sweeperId] = functionNamed(main, 'mailings-sweeper');
    main.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [sweeperId, 'Arn'] }, DeadLetterConfig: Match.objectLike({ Arn: Match.anyValue() }) })],
    });
    const sweeper = flatActions(actionsOf(main, sweeperId));
    expect(sweeper).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:PutItem']));
    // Besides the table: only handing a failed invocation to its own dead-letter queue.
    const others = actionsOf(main, sweeperId).filter((statement) =>
      flatActions([statement]).some((action) => !action.startsWith('dynamodb:') && !action.startsWith('xray:')),
    );
    expect(others.flatMap((statement) => flatActions([statement])).sort()).toEqual(['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage']);
    expect(JSON.stringify(others[0]?.Resource)).toContain('mailingssweeperScheduleDeadLetters');
    for (const forbidden of ['dynamodb:DeleteItem', 'dynamodb:Scan', 'dynamodb:BatchWriteItem']) expect(sweeper).not.toContain(forbidden);
  });

  it('runs journeys from their own queue with a dead-letter queue, swept every minute, each function granted only what its part needs', () => {
    const [workerId, worker] = functionNamed(main, 'journeys-worker');
    const spec = functions.find((candidate) => candidate.name === 'journeys-worker')!;
    const queues = main.findResources('AWS::SQS::Queue', {
      Properties: { VisibilityTimeout: 6 * 60, RedrivePolicy: Match.objectLike({ maxReceiveCount: 5 }) },
    }) as Record<string, Resource>;
    expect(Object.keys(queues)).toHaveLength(1);
    const [queueId, queue] = Object.entries(queues)[0]!;
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * (worker.Properties.Timeout as number));
    main.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: workerId },
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      BatchSize: spec.queue!.batchSize,
      ScalingConfig: { MaximumConcurrency: spec.queue!.maxConcurrency },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const workerActions = flatActions(actionsOf(main, workerId));
    expect(workerActions).toEqual(
      expect.arrayContaining(['ses:SendEmail', 'ses:GetAccount', 'sqs:ReceiveMessage', 'dynamodb:ConditionCheckItem', 'dynamodb:PutItem']),
    );
    for (const forbidden of ['sqs:SendMessage', 'dynamodb:DeleteItem', 'dynamodb:Scan']) expect(workerActions).not.toContain(forbidden);

    const [sweepId, sweep] = functionNamed(main, 'journeys-sweep');
    main.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [sweepId, 'Arn'] } })],
    });
    const sweepActions = flatActions(actionsOf(main, sweepId));
    expect(sweepActions).toEqual(expect.arrayContaining(['dynamodb:Query', 'sqs:SendMessage']));
    for (const forbidden of ['ses:SendEmail', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Scan']) expect(sweepActions).not.toContain(forbidden);
    expect(JSON.stringify((sweep.Properties.Environment as { Variables: Record<string, unknown> }).Variables.JOURNEY_QUEUE_URL)).toContain(queueId);

    const [eventsId] = functionNamed(main, 'journey-events');
    const eventsActions = flatActions(actionsOf(main, eventsId));
    expect(eventsActions).toContain('sqs:SendMessage');
    expect(eventsActions).not.toContain('ses:SendEmail');
    for (const detailType of ['lead.captured', 'consent.granted', 'segment.entered', 'order.placed', 'email.clicked']) {
      main.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: Match.objectLike({ 'detail-type': [detailType] }),
        Targets: Match.arrayWith([Match.objectLike({ Arn: { 'Fn::GetAtt': [eventsId, 'Arn'] } })]),
      });
    }
    // A participant parked in the dead-letter queue raises an alarm.
    const deadLetters = JSON.stringify(queue.Properties.RedrivePolicy);
    const alarms = Object.values(main.findResources('AWS::CloudWatch::Alarm') as Record<string, Resource>).map((alarm) =>
      JSON.stringify(alarm.Properties.Dimensions ?? alarm.Properties.Metrics ?? ''),
    );
    expect(alarms.some((dimensions) => dimensions.includes('JourneyDeadLetters'))).toBe(true);
    expect(deadLetters).toContain('JourneyDeadLetters');
    // A queue falling behind (due steps waiting more than five minutes) raises an alarm too.
    const ageAlarms = Object.values(
      main.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'ApproximateAgeOfOldestMessage' } }) as Record<string, Resource>,
    );
    expect(ageAlarms).toHaveLength(1);
    expect(ageAlarms[0]?.Properties).toMatchObject({ Threshold: 300, Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }] });
    expect(ageAlarms[0]?.Properties.AlarmActions).toBeDefined();
  });

  it('publishes nothing itself from capture, mailings, GDPR and mail events: their events leave through the outbox', () => {
    for (const name of ['capture', 'mailings', 'mailings-prepare', 'gdpr', 'mail-events', 'mailings-sweeper', 'confirmation-mail']) {
      expect(flatActions(actionsOf(main, functionNamed(main, name)[0])), name).not.toContain('events:PutEvents');
    }
    // The capture no longer sends the double opt-in mail; the consent.requested consumer does.
    expect(flatActions(actionsOf(main, functionNamed(main, 'capture')[0]))).not.toContain('ses:SendEmail');
    expect(flatActions(actionsOf(main, functionNamed(main, 'confirmation-mail')[0]))).toContain('ses:SendEmail');
  });

  it('publishes SES events through the configuration set to the default bus, where the mail-events rule takes them', () => {
    main.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: Match.arrayWith(['delivery', 'bounce', 'complaint', 'open', 'click']),
        EventBridgeDestination: Match.anyValue(),
      }),
    });
    const [eventsId] = functionNamed(main, 'mail-events');
    const rules = Object.values(main.findResources('AWS::Events::Rule') as Record<string, Resource>).filter((rule) =>
      JSON.stringify(rule.Properties.Targets).includes(eventsId),
    );
    expect(rules.length).toBeGreaterThanOrEqual(5);
    for (const rule of rules) {
      expect(rule.Properties.EventBusName).toBeUndefined();
      expect((rule.Properties.EventPattern as { source: string[] }).source).toEqual(['aws.ses']);
    }
  });

  it('alarms on errors of every function and on API server errors, to a subscribed topic', () => {
    const alarms = Object.values(main.findResources('AWS::CloudWatch::Alarm') as Record<string, Resource>);
    expect(alarms.filter((alarm) => alarm.Properties.MetricName === 'Errors')).toHaveLength(functions.length);
    expect(alarms.some((alarm) => alarm.Properties.MetricName === '5xx')).toBe(true);
    main.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.de' });
  });
});
