import type { App } from 'aws-cdk-lib';
import { BackupCopyStack } from './backup-copy-stack';
import { EdgeStack } from './edge-stack';
import { invitedUsers } from './invited-users';
import { LeadflowStack } from './stack';

export interface LeadflowAppOptions {
  rootDir: string;
  /** The console's build output; default `<rootDir>/console/dist` (tests pass a stand-in). */
  consoleAssetDir?: string;
  /** Account of the stacks; default the CLI's (`CDK_DEFAULT_ACCOUNT`). */
  account?: string;
}

/**
 * The product's stacks as `cdk deploy` builds them from the context (infra/app.ts documents every
 * parameter), in one place so the infra tests (the security rules among them) check what is deployed.
 */
export function leadflowStacks(app: App, options: LeadflowAppOptions) {
  const context = (name: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(name);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const account = options.account ?? process.env.CDK_DEFAULT_ACCOUNT;
  const region = context('region') ?? process.env.CDK_DEFAULT_REGION ?? 'eu-central-1';

  const edge = new EdgeStack(app, 'LeadflowEdge', {
    env: { account, region: 'us-east-1' },
    crossRegionReferences: true,
    requestsPerIpPer5Minutes: Number(context('rateLimitPerIp') ?? 1000),
  });
  // The backup copies' vault lives in the copy region: a stack of its own there, deployed before the main one.
  const backupCopyRegion = context('backupCopyRegion');
  if (backupCopyRegion === region) throw new Error(`backupCopyRegion: ${backupCopyRegion} is the stack's own region; name a second region`);
  const backupCopy = backupCopyRegion ? new BackupCopyStack(app, 'LeadflowBackupCopy', { env: { account, region: backupCopyRegion } }) : undefined;

  const senderDomain = context('senderDomain');
  const alarmEmail = context('alarmEmail');
  const publicBaseUrl = context('publicBaseUrl');
  const unsubscribeMailto = context('unsubscribeMailto');
  const authDomainPrefix = context('authDomainPrefix');
  const auditRetention = context('auditRetentionDays');
  const auditRetentionDays = auditRetention === undefined ? undefined : Number(auditRetention);
  if (auditRetentionDays !== undefined && !(Number.isInteger(auditRetentionDays) && auditRetentionDays >= 1)) {
    throw new Error(`auditRetentionDays must be a whole number of days, at least 1: ${auditRetention}`);
  }
  const main = new LeadflowStack(app, 'Leadflow', {
    env: { account, region },
    crossRegionReferences: true,
    rootDir: options.rootDir,
    ...(options.consoleAssetDir ? { consoleAssetDir: options.consoleAssetDir } : {}),
    senderEmail: context('senderEmail') ?? 'no-reply@example.com',
    ...(senderDomain ? { senderDomain } : {}),
    users: invitedUsers(context('users'), context('adminEmails')),
    ...(alarmEmail ? { alarmEmail } : {}),
    ...(publicBaseUrl ? { publicBaseUrl } : {}),
    ...(unsubscribeMailto ? { unsubscribeMailto } : {}),
    ...(authDomainPrefix ? { authDomainPrefix } : {}),
    webAclArn: edge.webAclArn,
    ...(backupCopyRegion ? { backupCopyRegion } : {}),
    ...(context('serveRoutes') === 'false' ? { serveRoutes: false } : {}),
    ...(auditRetentionDays ? { auditRetentionDays } : {}),
  });
  if (backupCopy) main.addDependency(backupCopy);
  return { edge, main, ...(backupCopy ? { backupCopy } : {}) };
}
