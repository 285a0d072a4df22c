import { Arn, ArnFormat, Duration, NestedStack, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { type CfnStage, HttpApi, HttpMethod, HttpNoneAuthorizer, HttpRoute, HttpRouteKey, HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AUDIT_RETENTION_DAYS_DEFAULT } from '../../shared/domain/audit';
import { Construct } from 'constructs';
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
 * The stateless half: one Lambda per manifest entry, its least-privilege grants derived from the
 * manifest's access flags, and the HTTP API routing each manifest route to it, with the Cognito JWT
 * authorizer on admin routes and per-route throttling on public ones.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  /** The nested stack holding every route and integration of the HTTP API. */
  readonly routes: NestedStack;
  readonly functions = new Map<string, ProductFunction>();
  /** Alarms beyond the per-function error alarms (dead-letter queues), for the stack to route. */
  readonly extraAlarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { stateful } = props;

    this.httpApi = new HttpApi(this, 'HttpApi', { apiName: 'leadflow', createDefaultStage: false });
    this.stage = new HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttle.rate, burstLimit: props.throttle.burst },
    });
    const authorizer = new HttpJwtAuthorizer('Cognito', stateful.userPoolIssuer, { jwtAudience: props.jwtAudience });

    // The routes and their integrations live in a nested stack of their own: with them, the functions
    // pushed the stack past CloudFormation's 500 resources per stack. The stage names the public routes'
    // keys in its throttling settings, so it waits for them.
    this.routes = new NestedStack(this, 'Routes', { description: 'leadflow HTTP API routes and integrations' });
    this.stage.node.addDependency(this.routes);
    const publicRouteSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const spec of functions) {
      const product = new ProductFunction(this, spec.name, { spec, rootDir: props.rootDir, environment: this.environmentFor(spec, props) });
      this.grant(product, spec, props);
      this.functions.set(spec.name, product);
      this.subscribeToEvents(product, spec, stateful);
      this.subscribeToSchedules(product, spec);
      this.subscribeToStream(product, spec, stateful);
      this.subscribeToQueue(product, spec, stateful);
      // One invoke permission per function for the whole API, not one per route: with a hundred routes the
      // per-route permissions alone pushed the stack past CloudFormation's 500 resources.
      const integration = new HttpLambdaIntegration(`${spec.name}Integration`, product.fn, { scopePermissionToRoute: false });
      for (const route of props.serveRoutes === false ? [] : (spec.routes ?? [])) {
        new HttpRoute(this.routes, `${route.method}${route.path}`, {
          httpApi: this.httpApi,
          routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
          integration,
          authorizer: route.auth === 'admin' ? authorizer : new HttpNoneAuthorizer(),
        });
        if (route.auth === 'public') {
          publicRouteSettings[routeKey(route)] = { ThrottlingRateLimit: props.throttle.publicRate, ThrottlingBurstLimit: props.throttle.publicBurst };
        }
      }
    }
    (this.stage.node.defaultChild as CfnStage).routeSettings = publicRouteSettings;
  }

  /**
   * One rule per event trigger on the product's bus. EventBridge retries a delivery it could not make,
   * Lambda retries an invocation that failed (a poison detail, SES down) twice over up to six hours;
   * either way the event then waits in the dead-letter queue (alarmed), kept, not lost.
   */
  private subscribeToEvents(product: ProductFunction, spec: FunctionSpec, stateful: Stateful): void {
    if (!spec.events?.length) return;
    const deadLetters = this.deadLetterQueue(spec.name, 'events');
    product.fn.configureAsyncInvoke({ onFailure: new SqsDestination(deadLetters), retryAttempts: 2, maxEventAge: Duration.hours(6) });
    for (const [index, trigger] of spec.events.entries()) {
      new Rule(this, `${spec.name}Rule${index}`, {
        // AWS services (SES) publish to the default bus; the product's own events go to its bus.
        ...(trigger.bus === 'default' ? {} : { eventBus: stateful.bus }),
        eventPattern: { source: [trigger.source], detailType: [trigger.detailType] },
        targets: [new LambdaFunction(product.fn, { deadLetterQueue: deadLetters, retryAttempts: 4, maxEventAge: Duration.hours(6) })],
      });
    }
  }

  /** One rule per schedule of the manifest, on the default bus (where EventBridge schedules live). */
  private subscribeToSchedules(product: ProductFunction, spec: FunctionSpec): void {
    if (!spec.schedules?.length) return;
    const deadLetters = this.deadLetterQueue(spec.name, 'schedule');
    // A function with event triggers has its failed invocations parked with those (one async config per function).
    if (!spec.events?.length) product.fn.configureAsyncInvoke({ onFailure: new SqsDestination(deadLetters), retryAttempts: 2, maxEventAge: Duration.hours(1) });
    for (const [index, schedule] of spec.schedules.entries()) {
      new Rule(this, `${spec.name}Schedule${index}`, {
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
  private subscribeToStream(product: ProductFunction, spec: FunctionSpec, stateful: Stateful): void {
    if (!spec.stream) return;
    const deadLetters = this.deadLetterQueue(spec.name, 'stream');
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
  private subscribeToQueue(product: ProductFunction, spec: FunctionSpec, stateful: Stateful): void {
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
        new Alarm(this, `${spec.name}QueueAgeAlarm`, {
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
      new Alarm(this, `${spec.name}DeadLettersAlarm`, {
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
  private deadLetterQueue(functionName: string, kind: 'events' | 'schedule' | 'stream'): Queue {
    const suffix = kind === 'events' ? '' : kind.charAt(0).toUpperCase() + kind.slice(1);
    const queue = new Queue(this, `${functionName}${suffix}DeadLetters`, {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.extraAlarms.push(
      new Alarm(this, `${functionName}${suffix}DeadLettersAlarm`, {
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

  /** Sets a variable on every function (the public base URL is known only once CloudFront exists). */
  addEnvironment(name: string, value: string): void {
    for (const product of this.functions.values()) product.fn.addEnvironment(name, value);
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
      role.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions, resources: [stateful.table.tableArn, `${stateful.table.tableArn}/index/*`] }));
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
    if (spec.access.publishEvents) stateful.bus.grantPutEventsTo(role);
  }
}
