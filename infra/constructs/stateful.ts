import { Aws, Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { ROLES } from '../../shared/domain/user';
import type { InvitedUser } from '../invited-users';
import {
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
  CfnUserPoolUser,
  CfnUserPoolGroup,
  CfnUserPoolUserToGroupAttachment,
  AccountRecovery,
  StringAttribute,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Function as LambdaFunction, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { RotationSchedule, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { ConfigurationSet, EmailIdentity, EmailSendingEvent, EventDestination, Identity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { queues } from '../functions';
import { tableDefinition } from '../table';
import { bareAddress } from './mail-address';
import { ACCESS_LOG_PREFIXES, AccessLogsBucket } from './access-logs-bucket';
import { TableBackups } from './table-backups';
import { UploadsBucket } from './uploads-bucket';

export interface StatefulProps {
  /** The verified sender: an address (`news@example.de`) or, with `senderDomain`, any address of that domain. */
  senderEmail: string;
  senderDomain?: string;
  /** Users invited into the pool and into their roles' groups (`-c users=`, `-c adminEmails=`: infra/invited-users.ts). */
  users: InvitedUser[];
  /** A second region the table's daily backups are copied to (infra/constructs/table-backups.ts). */
  backupCopyRegion?: string;
  /**
   * The managed-login domain's prefix (`<prefix>.auth.<region>.amazoncognito.com`), unique per region
   * across all AWS accounts. Default: `leadflow-` and the last 12 hex digits of the stack's id.
   */
  authDomainPrefix?: string;
}

/**
 * Everything that holds data or identity and must outlive a redeploy: the table (PITR, deletion
 * protection, retained), the event bus, the link-signing secret, the SES identity and configuration
 * set (events to EventBridge), the mail and import queues with their dead-letter queues, the uploads
 * bucket, and the Cognito user pool of the admins
 * with its managed-login domain (the console's app client lives in the stack: its callback URLs name the
 * CloudFront domain).
 */
export class Stateful extends Construct {
  readonly table: Table;
  readonly bus: EventBus;
  readonly signingSecret: Secret;
  readonly configurationSet: ConfigurationSet;
  readonly identity: EmailIdentity;
  readonly mailQueue: Queue;
  readonly mailDeadLetters: Queue;
  /** Uploaded imports' notifications and runs' hand-offs; a chunk that keeps failing is parked in its dead-letter queue. */
  readonly importQueue: Queue;
  readonly importDeadLetters: Queue;
  /** Background print exports; one that keeps failing is parked in its dead-letter queue. */
  readonly printExportQueue: Queue;
  readonly printExportDeadLetters: Queue;
  readonly journeyQueue: Queue;
  readonly journeyDeadLetters: Queue;
  readonly uploads: UploadsBucket;
  /** Where the distribution's and the buckets' access logs go. */
  readonly accessLogs: AccessLogsBucket;
  readonly backups: TableBackups;
  readonly userPool: UserPool;
  /** The SRP client for scripts and the CLI; no OAuth (the console has its own client). */
  readonly userPoolClient: UserPoolClient;
  readonly userPoolDomain: UserPoolDomain;
  /** The pool's OIDC issuer: the JWT authorizer's issuer and the console's `authority`. */
  readonly userPoolIssuer: string;

  constructor(scope: Construct, id: string, props: StatefulProps) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: tableDefinition.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableDefinition.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: tableDefinition.ttlAttribute,
      stream: StreamViewType[tableDefinition.stream],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.backups = new TableBackups(this, 'Backups', { table: this.table, ...(props.backupCopyRegion ? { copyRegion: props.backupCopyRegion } : {}) });
    for (const index of tableDefinition.globalIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        ...(index.sortKey ? { sortKey: { name: index.sortKey, type: AttributeType.STRING } } : {}),
        ...(index.keysOnly ? { projectionType: ProjectionType.KEYS_ONLY } : {}),
        ...(index.include ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.include] } : {}),
      });
    }

    this.bus = new EventBus(this, 'Bus', { eventBusName: 'leadflow' });

    this.signingSecret = new Secret(this, 'LinkSigningKey', {
      description: 'Signs double opt-in and unsubscribe links',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Rotated by the manifest's link-key-rotation function (rotateSigningSecretWith, called by the Api construct).

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', { configurationSetName: 'leadflow' });
    // SES publishes only to the default bus; the mail-events rule listens there (infra/functions.ts).
    this.configurationSet.addEventDestination('ToEventBridge', {
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [EmailSendingEvent.DELIVERY, EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.OPEN, EmailSendingEvent.CLICK],
    });

    // Mailing recipients in batches; a batch that keeps failing is parked, not lost.
    this.mailDeadLetters = new Queue(this, 'MailDeadLetters', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.mailQueue = new Queue(this, 'MailQueue', {
      visibilityTimeout: Duration.seconds(queues.mail.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(4),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.mailDeadLetters, maxReceiveCount: queues.mail.maxReceiveCount },
    });

    this.importDeadLetters = new Queue(this, 'ImportDeadLetters', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.importQueue = new Queue(this, 'ImportQueue', {
      visibilityTimeout: Duration.seconds(queues.imports.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(4),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.importDeadLetters, maxReceiveCount: queues.imports.maxReceiveCount },
    });
    this.accessLogs = new AccessLogsBucket(this, 'AccessLogs');
    this.uploads = new UploadsBucket(this, 'Uploads', {
      notify: this.importQueue,
      accessLogs: { bucket: this.accessLogs.bucket, prefix: ACCESS_LOG_PREFIXES.uploads },
    });

    this.printExportDeadLetters = new Queue(this, 'PrintExportDeadLetters', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.printExportQueue = new Queue(this, 'PrintExportQueue', {
      visibilityTimeout: Duration.seconds(queues.printExports.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(4),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.printExportDeadLetters, maxReceiveCount: queues.printExports.maxReceiveCount },
    });

    // Journey participants whose step is due; one that keeps failing is parked, and the sweep finds it again later.
    this.journeyDeadLetters = new Queue(this, 'JourneyDeadLetters', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.journeyQueue = new Queue(this, 'JourneyQueue', {
      visibilityTimeout: Duration.seconds(queues.journeys.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(4),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.journeyDeadLetters, maxReceiveCount: queues.journeys.maxReceiveCount },
    });

    this.identity = new EmailIdentity(this, 'Sender', {
      identity: props.senderDomain ? Identity.domain(props.senderDomain) : Identity.email(bareAddress(props.senderEmail)),
      configurationSet: this.configurationSet,
    });

    this.userPool = new UserPool(this, 'Admins', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      // Symbols too (AwsSolutions-COG1); a password shorter than 12 never was allowed. Existing passwords stay valid until changed.
      passwordPolicy: { minLength: 12, requireDigits: true, requireSymbols: true, requireLowercase: true, requireUppercase: true },
      // An authenticator app (TOTP) offered to everyone, no SMS (SIM swapping, costs). Required for admins by the
      // sign-in check (functions/sign-in-check): a pool can require MFA only of all its users, and only when created.
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // The user directory reads name, email, zoneinfo and locale (standard) and the user's team (issue 16).
      customAttributes: { team: new StringAttribute({ mutable: true, maxLen: 100 }) },
      // Managed login (v2) needs Essentials; in Lite only the classic hosted UI exists. A few admins stay in the free tier.
      featurePlan: FeaturePlan.ESSENTIALS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is OPTIONAL at the pool (offered to everyone; a pool can require it only of all users and only at creation) and required for admins by the pre-token-generation sign-in check',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'Threat protection needs the Plus feature plan (billed per active user); the pool is on Essentials. Sign-in is guarded by MFA (required for admins), 1-hour tokens, a 12-hour session, the WAF and prevented user-existence errors',
      },
    );
    this.userPoolIssuer = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
    // CDK's default OAuth settings (implicit grant, https://example.com as callback) would become usable
    // through the managed-login domain below; this client only ever signs in with SRP.
    this.userPoolClient = this.userPool.addClient('AdminClient', {
      authFlows: { userSrp: true },
      generateSecret: false,
      disableOAuth: true,
    });
    this.userPoolDomain = this.userPool.addDomain('SignIn', {
      cognitoDomain: { domainPrefix: props.authDomainPrefix ?? stackUniquePrefix() },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    // The product's roles are the pool's groups (the user directory reads them: shared/users/cognito-users.ts).
    const groups = Object.fromEntries(
      ROLES.map((role) => [role, new CfnUserPoolGroup(this, `Role${capitalised(role)}`, { userPoolId: this.userPool.userPoolId, groupName: role })]),
    );
    // Admins keep the construct ids they had before `users` (Admin0, Admin0Role…), so an upgrade keeps those users.
    let admins = 0;
    let others = 0;
    for (const user of props.users) {
      const id = user.roles.includes('admin') ? `Admin${admins++}` : `User${others++}`;
      const invited = new CfnUserPoolUser(this, id, {
        userPoolId: this.userPool.userPoolId,
        username: user.email,
        userAttributes: [
          { name: 'email', value: user.email },
          { name: 'email_verified', value: 'true' },
        ],
        desiredDeliveryMediums: ['EMAIL'],
      });
      for (const role of user.roles) {
        const membership = new CfnUserPoolUserToGroupAttachment(this, role === 'admin' ? `${id}Role` : `${id}Role${capitalised(role)}`, {
          userPoolId: this.userPool.userPoolId,
          groupName: role,
          username: user.email,
        });
        membership.addDependency(invited);
        const group = groups[role];
        if (group) membership.addDependency(group);
      }
    }
  }

  /**
   * Rotates the link-signing secret every `everyDays` days with `rotation` (the manifest's rotation
   * function): a new key signs, the previous ones verify until their links have expired. The function's
   * grants (the four rotation steps on this secret only) and Secrets Manager's invoke permission come
   * from the manifest (infra/constructs/api.ts); given the function itself, CDK would add its own,
   * GetRandomPassword on every resource among them, which the function does not need (it draws its key).
   */
  rotateSigningSecretWith(rotation: IFunction, everyDays: number): RotationSchedule {
    const invoked = LambdaFunction.fromFunctionAttributes(this, 'LinkSigningKeyRotationFunction', { functionArn: rotation.functionArn, sameEnvironment: true });
    return new RotationSchedule(this, 'LinkSigningKeyRotation', {
      secret: this.signingSecret,
      rotationLambda: invoked,
      automaticallyAfter: Duration.days(everyDays),
    });
  }
}

const capitalised = (word: string) => `${word[0]?.toUpperCase() ?? ''}${word.slice(1)}`;

/**
 * `leadflow-` and the last group of the stack id's UUID: unique per stack without putting the account
 * id into a public sign-in URL (a name derived from the construct path would collide between accounts).
 */
function stackUniquePrefix(): string {
  const stackUuid = Fn.select(2, Fn.split('/', Aws.STACK_ID));
  return Fn.join('-', ['leadflow', Fn.select(4, Fn.split('-', stackUuid))]);
}
