import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { BackupVault } from 'aws-cdk-lib/aws-backup';
import type { Construct } from 'constructs';
import { BACKUP_COPY_VAULT_NAME } from './constructs/table-backups';

/**
 * The second region's vault the daily table backups are copied to (`-c backupCopyRegion=eu-west-1`),
 * deployed before the main stack. AWS Backup's default key of that region encrypts the copies. Named
 * ({@link BACKUP_COPY_VAULT_NAME}), so the main stack's copy action names it by ARN without a
 * cross-region reference.
 */
export class BackupCopyStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    new BackupVault(this, 'Vault', { backupVaultName: BACKUP_COPY_VAULT_NAME, removalPolicy: RemovalPolicy.RETAIN });
  }
}
