import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functions, queues } from '#infra/functions';
import { LeadflowStack } from '#infra/stack';
import { aConsoleBuild } from '#tests/helpers/console-build';
import { withFunctionStacks } from '#tests/helpers/stack-templates';

const rootDir = path.resolve(import.meta.dirname, '..', '..');

type Resource = { Properties: Record<string, unknown> };
type Statement = {
  Effect: string;
  Action: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
  Resource?: unknown;
  Principal?: unknown;
  Sid?: string;
};

function synth(): Template {
  // Skip esbuild bundling: these tests check the template, not the code.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new LeadflowStack(app, 'Main', {
    env: { account: '111111111111', region: 'eu-central-1' },
    rootDir,
    senderEmail: 'Leadflow <news@example.de>',
    users: [{ email: 'admin@example.de', roles: ['admin'] }],
    publicBaseUrl: 'https://leads.example.de',
    consoleAssetDir: aConsoleBuild(),
  });
  return withFunctionStacks(stack);
}

const asList = (value: string | string[]) => (Array.isArray(value) ? value : [value]);

describe('the uploads bucket and the asynchronous import in CDK', () => {
  let template: Template;
  let bucketId: string;
  let bucket: Resource;
  beforeAll(() => {
    template = synth();
    const buckets = Object.entries(template.findResources('AWS::S3::Bucket') as Record<string, Resource>).filter(([id]) => id.includes('Uploads'));
    expect(buckets).toHaveLength(1);
    [bucketId, bucket] = buckets[0] as [string, Resource];
  });

  function functionNamed(name: string): [string, Resource] {
    const found = Object.entries(template.findResources('AWS::Lambda::Function') as Record<string, Resource>).find(([logicalId]) =>
      logicalId.replace(/^Api/, '').startsWith(`${name.replace(/-/g, '')}Fn`),
    );
    if (!found) throw new Error(`no function ${name}`);
    return found;
  }

  function statementsOf(functionLogicalId: string): Statement[] {
    const fn = template.findResources('AWS::Lambda::Function')[functionLogicalId] as Resource;
    const roleRef = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    return Object.values(template.findResources('AWS::IAM::Policy') as Record<string, Resource>)
      .filter((policy) => (policy.Properties.Roles as Array<{ Ref: string }>).some((role) => role.Ref === roleRef))
      .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  }

  const s3Statements = (functionLogicalId: string) =>
    statementsOf(functionLogicalId).filter((statement) => asList(statement.Action).some((action) => action.startsWith('s3:')));

  it('keeps the bucket private: all public access blocked, objects owned by the bucket, S3-managed encryption', () => {
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
    expect(bucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
  });

  it('expires every upload after 7 days and every export after 2, and unfinished multipart uploads after one', () => {
    expect(bucket.Properties.LifecycleConfiguration).toEqual({
      Rules: [
        { Id: 'ExpireUploads', Prefix: 'uploads/', ExpirationInDays: 7, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' },
        { Id: 'ExpireExports', Prefix: 'exports/', ExpirationInDays: 2, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' },
      ],
    });
  });

  it("lets only the console's origin PUT from a browser", () => {
    expect(bucket.Properties.CorsConfiguration).toEqual({
      CorsRules: [
        { AllowedOrigins: ['https://leads.example.de'], AllowedMethods: ['PUT'], AllowedHeaders: ['content-type'], ExposedHeaders: ['ETag'], MaxAge: 3000 },
      ],
    });
  });

  it('refuses plain HTTP, and denies reading files to everyone but the import runner and the print export reader', () => {
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy') as Record<string, Resource>).find((candidate) =>
      JSON.stringify(candidate.Properties.Bucket).includes(bucketId),
    );
    const statements = (policy!.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    const onlyRunner = statements.find((statement) => statement.Sid === 'OnlyTheirReadersReadFiles');
    expect(onlyRunner).toMatchObject({ Effect: 'Deny', Principal: { AWS: '*' }, Action: ['s3:GetObject', 's3:GetObjectVersion'] });
    const [runnerId] = functionNamed('imports-run');
    const runnerRole = ((template.findResources('AWS::Lambda::Function')[runnerId] as Resource).Properties.Role as { 'Fn::GetAtt': [string, string] })[
      'Fn::GetAtt'
    ][0];
    const [readerId] = functionNamed('print-exports');
    const readerRole = ((template.findResources('AWS::Lambda::Function')[readerId] as Resource).Properties.Role as { 'Fn::GetAtt': [string, string] })[
      'Fn::GetAtt'
    ][0];
    // The roles live in the functions' nested stacks: the bucket policy names them through those stacks' outputs.
    const condition = onlyRunner?.Condition as { ArnNotEquals: { 'aws:PrincipalArn': unknown[] } } | undefined;
    const readers = condition?.ArnNotEquals['aws:PrincipalArn'] ?? [];
    expect(readers).toHaveLength(2);
    expect(JSON.stringify(readers[0])).toContain(runnerRole.replace(/[0-9A-F]{8}$/, ''));
    expect(JSON.stringify(readers[1])).toContain(readerRole.replace(/[0-9A-F]{8}$/, ''));
    expect(onlyRunner?.Condition).toEqual({
      ArnNotEquals: { 'aws:PrincipalArn': readers },
    });
  });

  it('notifies the import queue of every CSV created under uploads/', () => {
    const [queueId] =
      Object.entries(
        template.findResources('AWS::SQS::Queue', { Properties: { RedrivePolicy: Match.objectLike({ maxReceiveCount: queues.imports.maxReceiveCount }) } }),
      ).find(([id]) => id.includes('ImportQueue')) ?? [];
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: bucketId },
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: {
              Key: {
                FilterRules: Match.arrayWith([
                  { Name: 'suffix', Value: '.csv' },
                  { Name: 'prefix', Value: 'uploads/' },
                ]),
              },
            },
            QueueArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
          },
        ],
      },
    });
    // S3 may send to the queue, for this bucket only.
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 's3.amazonaws.com' },
            Action: Match.arrayWith(['sqs:SendMessage']),
            Condition: { ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [bucketId, 'Arn'] } } },
          }),
        ]),
      },
    });
  });

  it('feeds the import queue to imports-run one message at a time, with a 3-receive dead-letter queue (alarmed) and a visibility timeout beyond a run', () => {
    const [runnerId, runner] = functionNamed('imports-run');
    const spec = functions.find((candidate) => candidate.name === 'imports-run');
    expect(runner.Properties.Timeout).toBe(900);
    const importQueues = Object.entries(
      template.findResources('AWS::SQS::Queue', { Properties: { RedrivePolicy: Match.objectLike({ maxReceiveCount: 3 }) } }) as Record<string, Resource>,
    ).filter(([id]) => id.includes('ImportQueue'));
    expect(importQueues).toHaveLength(1);
    const [queueId, queue] = importQueues[0] as [string, Resource];
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThan(runner.Properties.Timeout as number);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: runnerId },
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      BatchSize: 1,
      ScalingConfig: { MaximumConcurrency: spec?.queue?.maxConcurrency },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const deadLetters = (queue.Properties.RedrivePolicy as { deadLetterTargetArn: { 'Fn::GetAtt': [string, string] } }).deadLetterTargetArn['Fn::GetAtt'][0];
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLetters, 'QueueName'] } }],
      Threshold: 1,
    });
    const variables = (runner.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.UPLOADS_BUCKET).toEqual({ Ref: bucketId });
    expect(variables.IMPORT_QUEUE_URL).toEqual({ Ref: queueId });
    // The last receive marks the import failed: the runner knows the queue's count from its environment.
    expect(variables.IMPORT_QUEUE_MAX_RECEIVES).toBe('3');
    expect(variables.MAIL_SENDER_CONCURRENCY).toBeUndefined();
  });

  it('grants the runner GetObject under uploads/ and SendMessage to its queue, and nothing else of S3', () => {
    const [runnerId] = functionNamed('imports-run');
    const s3 = s3Statements(runnerId);
    expect(s3).toEqual([
      expect.objectContaining({ Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/uploads/*']] } }),
    ]);
    expect(statementsOf(runnerId).flatMap((statement) => asList(statement.Action))).toEqual(
      expect.arrayContaining(['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'dynamodb:PutItem']),
    );
  });

  it('lets the uploads route sign PUTs under uploads/ only, and read nothing', () => {
    const [importsId, imports] = functionNamed('imports');
    expect(s3Statements(importsId)).toEqual([
      expect.objectContaining({ Effect: 'Allow', Action: 's3:PutObject', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/uploads/*']] } }),
    ]);
    expect((imports.Properties.Environment as { Variables: Record<string, unknown> }).Variables.UPLOADS_BUCKET).toEqual({ Ref: bucketId });
  });

  it('feeds the print export queue to print-export-run one export at a time, with a 3-receive dead-letter queue (alarmed) beyond a run', () => {
    const [runnerId, runner] = functionNamed('print-export-run');
    expect(runner.Properties.Timeout).toBe(900);
    const variables = (runner.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    const mapping = Object.values(template.findResources('AWS::Lambda::EventSourceMapping') as Record<string, Resource>).find(
      (candidate) => JSON.stringify(candidate.Properties.FunctionName) === JSON.stringify({ Ref: runnerId }),
    );
    expect(mapping?.Properties).toMatchObject({ BatchSize: 1, ScalingConfig: { MaximumConcurrency: 2 }, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    if (!mapping) throw new Error('no event source of print-export-run');
    const queueId = (mapping.Properties.EventSourceArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const queue = template.findResources('AWS::SQS::Queue')[queueId] as Resource;
    expect(queueId).toContain('PrintExportQueue');
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThan(runner.Properties.Timeout as number);
    expect(queue.Properties.RedrivePolicy).toMatchObject({ maxReceiveCount: queues.printExports.maxReceiveCount });
    const deadLetters = (queue.Properties.RedrivePolicy as { deadLetterTargetArn: { 'Fn::GetAtt': [string, string] } }).deadLetterTargetArn['Fn::GetAtt'][0];
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLetters, 'QueueName'] } }],
      Threshold: 1,
    });
    expect(variables.UPLOADS_BUCKET).toEqual({ Ref: bucketId });
    expect(variables.PRINT_EXPORT_QUEUE_MAX_RECEIVES).toBe('3');
    expect(variables.PRINT_EXPORT_QUEUE_URL).toBeUndefined();
  });

  it('lets print-export-run write under exports/ only (no read), and read and write the table', () => {
    const [runnerId] = functionNamed('print-export-run');
    expect(s3Statements(runnerId)).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: ['s3:PutObject', 's3:AbortMultipartUpload'],
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/exports/*']] },
      }),
    ]);
    const actions = statementsOf(runnerId).flatMap((statement) => asList(statement.Action));
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']));
    expect(actions).not.toContain('dynamodb:DeleteItem');
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions.filter((action) => action.startsWith('sqs:SendMessage'))).toEqual([]);
  });

  it('lets only the print export route read under exports/ (to presign downloads), and read the table only, besides putting its audit entries', () => {
    const [readerId, reader] = functionNamed('print-exports');
    expect(s3Statements(readerId)).toEqual([
      expect.objectContaining({ Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/exports/*']] } }),
    ]);
    const statements = statementsOf(readerId);
    const actions = statements.flatMap((statement) => asList(statement.Action));
    expect(actions).not.toContain('dynamodb:UpdateItem');
    // Its downloads hand out addresses, so they are audited: PutItem on the audit trail's partitions only.
    const puts = statements.filter((statement) => asList(statement.Action).includes('dynamodb:PutItem'));
    expect(puts).toEqual([expect.objectContaining({ Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT*'] } } })]);
    expect((reader.Properties.Environment as { Variables: Record<string, unknown> }).Variables.UPLOADS_BUCKET).toEqual({ Ref: bucketId });
  });

  it('lets the segments function queue background print exports, and nothing of S3', () => {
    const [segmentsId, segments] = functionNamed('segments');
    const queueId = Object.keys(template.findResources('AWS::SQS::Queue')).find((id) => id.includes('PrintExportQueue'));
    expect((segments.Properties.Environment as { Variables: Record<string, unknown> }).Variables.PRINT_EXPORT_QUEUE_URL).toEqual({ Ref: queueId });
    expect(statementsOf(segmentsId)).toContainEqual(
      expect.objectContaining({ Effect: 'Allow', Action: expect.arrayContaining(['sqs:SendMessage']), Resource: { 'Fn::GetAtt': [queueId, 'Arn'] } }),
    );
    expect(s3Statements(segmentsId)).toEqual([]);
  });

  it('gives no other function any right on the bucket', () => {
    for (const spec of functions) {
      if (['imports', 'imports-run', 'print-export-run', 'print-exports'].includes(spec.name)) continue;
      const [id] = functionNamed(spec.name);
      expect(JSON.stringify(statementsOf(id)), spec.name).not.toContain(bucketId);
    }
  });

  it("lets the console's pages connect to the bucket (its CSP names the region's S3 hosts)", () => {
    const policies = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy') as Record<string, Resource>);
    expect(JSON.stringify(policies)).toContain('https://*.s3.eu-central-1.amazonaws.com');
  });
});
