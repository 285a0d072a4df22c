import { Arn, ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';

/** Days a daily backup (and its copy in the second region) is kept. */
export const BACKUP_RETENTION_DAYS = 35;

/** The copy region's vault (infra/backup-copy-stack.ts): named, so the main stack finds it by ARN without a cross-region reference. */
export const BACKUP_COPY_VAULT_NAME = 'leadflow-backup-copies';

export interface TableBackupsProps {
  table: ITable;
  /** The second region each backup is copied to (`-c backupCopyRegion=`), into its {@link BACKUP_COPY_VAULT_NAME} vault; none without it. */
  copyRegion?: string;
}

/**
 * AWS Backup of the table besides its point-in-time recovery (35 days, to the second): one backup a
 * day at 03:00 UTC, kept 35 days, in a vault of its own whose recovery points are encrypted with AWS
 * Backup's default key (`aws/backup`; the table is encrypted with the AWS-managed DynamoDB key, so
 * the stack holds no customer key to manage), optionally copied to a vault in a second region.
 * The vault and its recovery points outlive the stack.
 */
export class TableBackups extends Construct {
  readonly vault: BackupVault;
  readonly plan: BackupPlan;

  constructor(scope: Construct, id: string, props: TableBackupsProps) {
    super(scope, id);
    this.vault = new BackupVault(this, 'Vault', { removalPolicy: RemovalPolicy.RETAIN });
    this.plan = new BackupPlan(this, 'Plan', { backupVault: this.vault });
    this.plan.addRule(
      new BackupPlanRule({
        ruleName: 'Daily',
        scheduleExpression: Schedule.cron({ hour: '3', minute: '0' }),
        startWindow: Duration.hours(1),
        completionWindow: Duration.hours(8),
        deleteAfter: Duration.days(BACKUP_RETENTION_DAYS),
        ...(props.copyRegion
          ? {
              copyActions: [
                {
                  destinationBackupVault: BackupVault.fromBackupVaultArn(
                    this,
                    'CopyVault',
                    Arn.format(
                      {
                        service: 'backup',
                        region: props.copyRegion,
                        resource: 'backup-vault',
                        resourceName: BACKUP_COPY_VAULT_NAME,
                        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
                      },
                      Stack.of(this),
                    ),
                  ),
                  deleteAfter: Duration.days(BACKUP_RETENTION_DAYS),
                },
              ],
            }
          : {}),
      }),
    );
    const selection = this.plan.addSelection('Table', { resources: [BackupResource.fromDynamoDbTable(props.table)] });
    Validations.of(selection).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason: "AWS Backup's own service policy for taking backups, which AWS keeps current for the services it backs up; the selection names the one table",
    });
  }
}
