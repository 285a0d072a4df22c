import { Arn, ArnFormat, Duration, NestedStack, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  HttpApi,
  LogGroupLogDestination,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { UserPoolOperation } from 'aws-cdk-lib/aws-cognito';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Effect, Policy, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { AUDIT_RETENTION_DAYS_DEFAULT } from '../../shared/domain/audit';
import { Construct } from 'constructs';
import { areaOf, type FunctionArea } from '../function-areas';
import { tableDefinition } from '../table';
import { streamFilters } from '../../shared/store/keys';
import { type FunctionSpec, functions, queues, routeKey } from '../functions';
import { bareAddress, senderDomain } from './mail-address';
import { ProductFunction } from './product-function';
import type { Stateful } from './stateful';

export interface ApiProps {
  rootDir: string;
  stateful: Stateful;
  /** The address mails are sent from; SendEmail is allowed for this address only. */
  mailFrom: string;
  /** Steady-state and burst limits for the whole API and, lower, for each public route. */
  throttle: { rate: number; burst: number; publicRate: number; publicBurst: number };
  /**
   * The app clients whose tokens admin routes accept. Cognito access tokens carry `client_id`, not
   * `aud`; the HTTP API's JWT authorizer checks `client_id` against this list for them.
   */
  jwtAudience: string[];
  /**
   * `false` deploys the API without routes: the first step of moving a stack deployed before 0.10.0 onto the
   * nested routes stack (README, "Deploy"), since API Gateway refuses a second route with the same key.
   */
  serveRoutes?: boolean;
  /** Days an audit entry is kept before the table's TTL removes it (default 400). */
  auditRetentionDays?: number;
}

const DYNAMODB_READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const DYNAMODB_WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];

/**
 * The stage's access log, one JSON line per request: what an operator needs to follow a request
 * (API Gateway's request id, which the functions' logs carry too), its route, status, latency and an
 * integration's error. No source IP, user agent, path or query: they are personal data (an IP under
 * the GDPR) or carry ids and link tokens; the route key names the route without its parameters. The
 * WAF sees IPs for rate limiting; the audit trail records who did what.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTimeEpoch',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  responseLength: '$context.responseLength',
} as const;

/** Days the stage's access log is kept (enough to look into an incident; no personal data in it). */
export const ACCESS_LOG_RETENTION = RetentionDays.THREE_MONTHS;

/**
 * The stateless half: one Lambda per manifest entry, its least-privilege grants derived from the
 * manifest's access flags, and the HTTP API routing each manifest route to it, with the Cognito JWT
 * authorizer on admin routes and per-route throttling on public ones.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  /** The nested stack holding every route and integration of the HTTP API. */
  readonly routes: NestedStack;
  /** The nested stacks holding the functions by area (infra/function-areas.ts). */
  readonly functionStacks = new Map<FunctionArea, NestedStack>();
  readonly functions = new Map<string, ProductFunction>();
  /** Alarms beyond the per-function error alarms (dead-letter queues), for the stack to route. */
  readonly extraAlarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { stateful } = props;

    this.httpApi = new HttpApi(this, 'HttpApi', { apiName: 'leadflow', createDefaultStage: false });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: ACCESS_LOG_RETENTION });
    this.stage = new HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttle.rate, burstLimit: props.throttle.burst },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)) },
    });
    const authorizer = new HttpJwtAuthorizer('Cognito', stateful.userPoolIssuer, { jwtAudience: props.jwtAudience });

    // The routes and their integrations live in a nested stack of their own: with them, the functions
    // pushed the stack past CloudFormation's 500 resources per stack. The stage names the public routes'
    // keys in its throttling settings, so it waits for them.
    this.routes = new NestedStack(this, 'Routes', { description: 'leadflow HTTP API routes and integrations' });
    this.stage.node.addDependency(this.routes);
    const publicRouteSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const spec of functions) {
      const scope = this.scopeFor(spec);
      const product = new ProductFunction(scope, spec.name, { spec, rootDir: props.rootDir, environment: this.environmentFor(spec, props) });
      this.grant(product, spec, props);
      this.functions.set(spec.name, product);
      this.subscribeToEvents(scope, product, spec, stateful);
      this.subscribeToSchedules(scope, product, spec);
      this.subscribeToStream(scope, product, spec, stateful);
      this.subscribeToQueue(scope, product, spec, stateful);
      this.subscribeToCognito(product, spec, stateful);
      this.subscribeToRotation(product, spec, stateful);
      // One invoke permission per function for the whole API, not one per route: with a hundred routes the
      // per-route permissions alone pushed the stack past CloudFormation's 500 resources.
      const integration = new HttpLambdaIntegration(`${spec.name}Integration`, product.fn, { scopePermissionToRoute: false });
      for (const route of props.serveRoutes === false ? [] : (spec.routes ?? [])) {
        const served = new HttpRoute(this.routes, `${route.method}${route.path}`, {
          httpApi: this.httpApi,
          routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
          integration,
          authorizer: route.auth === 'admin' ? authorizer : new HttpNoneAuthorizer(),
        });
        if (route.auth === 'public') {
          Validations.of(served).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason:
              'A public route by design (a web form, the double opt-in and unsubscribe links, the preference page): its caller is anyone; a signed token in the link or the form id decides, and the route is throttled per route and per IP (WAF)',
          });
          publicRouteSettings[routeKey(route)] = { ThrottlingRateLimit: props.throttle.publicRate, ThrottlingBurstLimit: props.throttle.publicBurst };
        }
      }
    }
    (this.stage.node.defaultChild as CfnStage).routeSettings = publicRouteSettings;
  }

  /** The nested stack of the function's area, or the main stack for a Cognito trigger and a stream reader (infra/function-areas.ts). */
  private scopeFor(spec: FunctionSpec): Construct {
    if (spec.cognito || spec.stream) return this;
    const area = areaOf(spec.name);
    if (!area) throw new Error(`function ${spec.name}: name its area in infra/function-areas.ts (the nested stack that holds it)`);
    let stack = this.functionStacks.get(area);
    if (!stack) {
      stack = new NestedStack(this, `${area}Functions`, { description: `leadflow functions: ${area.toLowerCase()}` });
      this.functionStacks.set(area, stack);
    }
    return stack;
  }

  /** A Cognito trigger of the manifest on the product's user pool. */
  private subscribeToCognito(product: ProductFunction, spec: FunctionSpec, stateful: Stateful): void {
    if (spec.cognito?.trigger === 'preTokenGeneration') stateful.userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION, product.fn);
  }

  /** A secret rotation of the manifest: Secrets Manager may invoke the function for that secret only, on its schedule. */
  private subscribeToRotation(product: ProductFunction, spec: FunctionSpec, stateful: Stateful): void {
    if (spec.rotation?.secret !== 'signingKey') return;
    product.fn.addPermission('InvokedBySecretsManager', {
      principal: new ServicePrincipal('secretsmanager.amazonaws.com'),
      sourceArn: stateful.signingSecret.secretArn,
    });
    stateful.rotateSigningSecretWith(product.fn, spec.rotation.everyDays);
  }

  /**
   * One rule per event trigger on the product's bus. EventBridge retries a delivery it could not make,
   * Lambda retries an invocation that failed (a poison detail, SES down) twice over up to six hours;
   * either way the event then waits in the dead-letter queue (alarmed), kept, not lost.
   */
  private subscribeToEvents(scope: Construct, product: ProductFunction, spec: FunctionSpec, stateful: Stateful): void {
    if (!spec.events?.length) return;
    const deadLetters = this.deadLetterQueue(scope, spec.name, 'events');
    product.fn.configureAsyncInvoke({ onFailure: new SqsDestination(deadLetters), retryAttempts: 2, maxEventAge: Duration.hours(6) });
    for (const [index, trigger] of spec.events.entries()) {
      new Rule(scope, `${spec.name}Rule${index}`, {
        // AWS services (SES) publish to the default bus; the product's own events go to its bus.
        ...(trigger.bus === 'default' ? {} : { eventBus: stateful.bus }),
        eventPattern: { source: [trigger.source], detailType: [trigger.detailType] },
        targets: [new LambdaFunction(product.fn, { deadLetterQueue: deadLetters, retryAttempts: 4, maxEventAge: Duration.hours(6) })],
      });
    }
  }

  /** One rule per schedule of the manifest, on the default bus (where EventBridge schedules live). */
  private subscribeToSchedules(scope: Construct, product: ProductFunction, spec: FunctionSpec): void {
    if (!spec.schedules?.length) return;
    const deadLetters = this.deadLetterQueue(scope, spec.name, 'schedule');
    // A function with event triggers has its failed invocations parked with those (one async config per function).
    if (!spec.events?.length) product.fn.configureAsyncInvoke({ onFailure: new SqsDestination(deadLetters), retryAttempts: 2, maxEventAge: Duration.hours(1) });
    for (const [index, schedule] of spec.schedules.entries()) {
      new Rule(scope, `${spec.name}Schedule${index}`, {
        description: schedule.description,
        schedule: Schedule.expression(schedule.expression),
        targets: [new LambdaFunction(product.fn, { deadLetterQueue: deadLetters, retryAttempts: 2, maxEventAge: Duration.hours(1) })],
      });
    }
  }

  /**
   * The table's stream, filtered before invocation (Lambda event filtering) with the same pattern the
   * local stream poller applies. Failed records are reported per item and retried from there; a
   * record that keeps failing is split out (bisect) and its position sent to a dead-letter queue.
   */
  private subscribeToStream(scope: Construct, product: ProductFunction, spec: FunctionSpec, stateful: Stateful): void {
    if (!spec.stream) return;
    const deadLetters = this.deadLetterQueue(scope, spec.name, 'stream');
    product.fn.addEventSource(
      new DynamoEventSource(stateful.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: spec.stream.batchSize,
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: 5,
        maxRecordAge: Duration.hours(24),
        onFailure: new SqsDlq(deadLetters),
        filters: streamFilters[spec.stream.filter].map((pattern) => FilterCriteria.filter(pattern as unknown as Record<string, unknown>)),
      }),
    );
  }

  /**
   * A product queue's messages, at most `maxConcurrency` invocations at once (the senders that share
   * the SES rate). Failures are reported per message; the queue's redrive policy parks a message in
   * its dead-letter queue after its receive limit (infra/constructs/stateful.ts).
   */
  private subscribeToQueue(scope: Construct, product: ProductFunction, spec: FunctionSpec, stateful: Stateful): void {
    if (!spec.queue) return;
    const byName = {
      mail: { queue: stateful.mailQueue, deadLetters: stateful.mailDeadLetters },
      imports: { queue: stateful.importQueue, deadLetters: stateful.importDeadLetters },
      journeys: { queue: stateful.journeyQueue, deadLetters: stateful.journeyDeadLetters },
      printExports: { queue: stateful.printExportQueue, deadLetters: stateful.printExportDeadLetters },
    } satisfies Record<keyof typeof queues, unknown>;
    const { queue, deadLetters } = byName[spec.queue.queue];
    product.fn.addEventSource(
      new SqsEventSource(queue, {
        batchSize: spec.queue.batchSize,
        maxConcurrency: spec.queue.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );
    const settings = queues[spec.queue.queue];
    if ('ageAlarmSeconds' in settings) {
      this.extraAlarms.push(
        new Alarm(scope, `${spec.name}QueueAgeAlarm`, {
          alarmDescription: `${spec.name}: the oldest queued message waits longer than ${settings.ageAlarmSeconds} s (the consumers fall behind)`,
          metric: queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1) }),
          threshold: settings.ageAlarmSeconds,
          evaluationPeriods: 3,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    this.extraAlarms.push(
      new Alarm(scope, `${spec.name}DeadLettersAlarm`, {
        alarmDescription: `${spec.name}: queued messages failed too often and wait in the dead-letter queue`,
        metric: deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  /** A dead-letter queue for one trigger kind of a function, alarmed as soon as it holds a message. */
  private deadLetterQueue(scope: Construct, functionName: string, kind: 'events' | 'schedule' | 'stream'): Queue {
    const suffix = kind === 'events' ? '' : kind.charAt(0).toUpperCase() + kind.slice(1);
    const queue = new Queue(scope, `${functionName}${suffix}DeadLetters`, {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself a dead-letter queue (of an event rule, an async invocation or a stream mapping): alarmed at one message, kept 14 days',
    });
    this.extraAlarms.push(
      new Alarm(scope, `${functionName}${suffix}DeadLettersAlarm`, {
        alarmDescription: `${functionName}: ${kind} input could not be processed and waits in the dead-letter queue`,
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    return queue;
  }

  private environmentFor(spec: FunctionSpec, props: ApiProps): Record<string, string> {
    const { stateful } = props;
    return {
      ...(spec.access.table ? { TABLE_NAME: stateful.table.tableName } : {}),
      ...(spec.routes?.some((route) => route.auth === 'admin')
        ? { AUDIT_RETENTION_DAYS: String(props.auditRetentionDays ?? AUDIT_RETENTION_DAYS_DEFAULT) }
        : {}),
      ...(spec.access.sendMail ? { MAIL_FROM: props.mailFrom, SES_CONFIGURATION_SET: stateful.configurationSet.configurationSetName } : {}),
      ...(spec.access.signingKey ? { TOKEN_SECRET_ARN: stateful.signingSecret.secretArn } : {}),
      ...(spec.access.publishEvents ? { EVENT_BUS_NAME: stateful.bus.eventBusName } : {}),
      ...(spec.access.enqueueMail ? { MAIL_QUEUE_URL: stateful.mailQueue.queueUrl } : {}),
      ...(spec.access.knowsSender ? { MAIL_FROM: props.mailFrom } : {}),
      ...(spec.queue?.queue === 'mail' ? { MAIL_SENDER_CONCURRENCY: String(spec.queue.maxConcurrency) } : {}),
      ...(spec.access.signUploads || spec.access.readUploads || spec.access.writeExports || spec.access.readExports
        ? { UPLOADS_BUCKET: stateful.uploads.bucket.bucketName }
        : {}),
      ...(spec.access.enqueueImports ? { IMPORT_QUEUE_URL: stateful.importQueue.queueUrl } : {}),
      ...(spec.access.enqueuePrintExports ? { PRINT_EXPORT_QUEUE_URL: stateful.printExportQueue.queueUrl } : {}),
      ...(spec.queue?.queue === 'printExports' ? { PRINT_EXPORT_QUEUE_MAX_RECEIVES: String(queues.printExports.maxReceiveCount) } : {}),
      ...(spec.access.enqueueJourneys ? { JOURNEY_QUEUE_URL: stateful.journeyQueue.queueUrl } : {}),
      ...(spec.queue?.queue === 'imports' ? { IMPORT_QUEUE_MAX_RECEIVES: String(queues.imports.maxReceiveCount) } : {}),
      ...(spec.access.readUsers ? { USER_POOL_ID: stateful.userPool.userPoolId } : {}),
    };
  }

  /**
   * Sets a variable on every function (the public base URL is known only once CloudFront exists), but
   * a Cognito trigger: the pool waits for it, and the distribution's headers name the pool's domain.
   */
  addEnvironment(name: string, value: string): void {
    for (const product of this.functions.values()) if (!product.spec.cognito) product.fn.addEnvironment(name, value);
  }

  private grant(product: ProductFunction, spec: FunctionSpec, props: ApiProps): void {
    const { stateful } = props;
    const role = product.fn;
    if (spec.access.table) {
      // BatchWriteItem can delete as well as put, so it comes with the delete grant (erasure clears a partition in batches).
      const actions = [
        ...DYNAMODB_READ,
        ...(spec.access.table === 'write' ? DYNAMODB_WRITE : []),
        ...(spec.access.tableDelete ? ['dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'] : []),
      ];
      // Each index by name (tableDefinition), not `index/*`: a new index is granted by adding it there.
      const indexes = tableDefinition.globalIndexes.map((index) => `${stateful.table.tableArn}/index/${index.name}`);
      role.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions, resources: [stateful.table.tableArn, ...indexes] }));
    }
    if (spec.access.writeAudit && spec.access.table !== 'write') {
      // Audit entries only: their partitions all start with AUDIT (shared/store/keys.ts).
      role.addToRolePolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ['dynamodb:PutItem'],
          resources: [stateful.table.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT*'] } },
        }),
      );
    }
    if (spec.access.scanFacts) {
      role.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['dynamodb:Scan'], resources: [`${stateful.table.tableArn}/index/facts`] }));
    }
    if (spec.access.sendMail) {
      const stack = Stack.of(this);
      const identityArn = Arn.format(
        { service: 'ses', resource: 'identity', resourceName: stateful.identity.emailIdentityName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME },
        stack,
      );
      const configSetArn = Arn.format(
        {
          service: 'ses',
          resource: 'configuration-set',
          resourceName: stateful.configurationSet.configurationSetName,
          arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
        },
        stack,
      );
      role.addToRolePolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ['ses:SendEmail'],
          resources: [identityArn, configSetArn],
          // Mailings may use any address of the verified identity (a domain) as From; other mails only MAIL_FROM.
          conditions:
            spec.queue?.queue === 'mail'
              ? { StringLike: { 'ses:FromAddress': `*@${senderDomain(props.mailFrom)}` } }
              : { StringEquals: { 'ses:FromAddress': bareAddress(props.mailFrom) } },
        }),
      );
    }
    if (spec.access.readUsers) {
      // The user directory: the product's own pool only, reading users and their groups (roles).
      role.addToRolePolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ['cognito-idp:ListUsers', 'cognito-idp:AdminListGroupsForUser'],
          resources: [stateful.userPool.userPoolArn],
        }),
      );
    }
    if (spec.access.readMfaSettings) {
      // A policy of its own, not the role's default one: the function waits for its default policy and the
      // pool for the function (its trigger), so the pool's ARN there would be a cycle.
      new Policy(product, 'ReadMfaSettings', {
        roles: product.fn.role ? [product.fn.role] : [],
        statements: [new PolicyStatement({ effect: Effect.ALLOW, actions: ['cognito-idp:AdminGetUser'], resources: [stateful.userPool.userPoolArn] })],
      });
    }
    if (spec.access.readSendQuota) {
      // GetAccount has no resource-level permissions.
      role.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['ses:GetAccount'], resources: ['*'] }));
    }
    if (spec.access.enqueueMail) stateful.mailQueue.grantSendMessages(role);
    if (spec.access.enqueueImports) stateful.importQueue.grantSendMessages(role);
    if (spec.access.enqueueJourneys) stateful.journeyQueue.grantSendMessages(role);
    if (spec.access.enqueuePrintExports) stateful.printExportQueue.grantSendMessages(role);
    const executionRole = product.fn.role;
    if (executionRole && spec.access.signUploads) stateful.uploads.grantSignUploads(executionRole);
    if (executionRole && spec.access.readUploads) stateful.uploads.grantReadUploadsOnlyTo(executionRole);
    if (executionRole && spec.access.writeExports) stateful.uploads.grantWriteExports(executionRole);
    if (executionRole && spec.access.readExports) stateful.uploads.grantReadExportsOnlyTo(executionRole);
    if (spec.access.signingKey) stateful.signingSecret.grantRead(role);
    if (spec.access.rotateSigningKey) {
      role.addToRolePolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: [
            'secretsmanager:GetSecretValue',
            'secretsmanager:PutSecretValue',
            'secretsmanager:DescribeSecret',
            'secretsmanager:UpdateSecretVersionStage',
          ],
          resources: [stateful.signingSecret.secretArn],
        }),
      );
    }
    if (spec.access.publishEvents) stateful.bus.grantPutEventsTo(role);
  }
}
