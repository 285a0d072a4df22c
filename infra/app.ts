/**
 * CDK entry: `npx cdk deploy --all -c senderEmail=news@example.de -c adminEmails=a@example.de,b@example.de`.
 * Context: senderEmail (required to deploy), senderDomain, adminEmails, alarmEmail, publicBaseUrl,
 * unsubscribeMailto (an inbound address for List-Unsubscribe's mailto; SES receiving must route it),
 * authDomainPrefix (the Cognito managed-login domain's prefix),
 * region (default eu-central-1), rateLimitPerIp (requests per IP per 5 minutes, default 1000),
 * serveRoutes=false (the first step of upgrading a stack deployed before 0.10.0: README, "Deploy"),
 * auditRetentionDays (days an audit entry is kept, default 400).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { EdgeStack } from './edge-stack';
import { LeadflowStack } from './stack';

const app = new App();
const context = (name: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(name);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};
const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = context('region') ?? process.env.CDK_DEFAULT_REGION ?? 'eu-central-1';

const edge = new EdgeStack(app, 'LeadflowEdge', {
  env: { account, region: 'us-east-1' },
  crossRegionReferences: true,
  requestsPerIpPer5Minutes: Number(context('rateLimitPerIp') ?? 1000),
});

const senderDomain = context('senderDomain');
const alarmEmail = context('alarmEmail');
const publicBaseUrl = context('publicBaseUrl');
const unsubscribeMailto = context('unsubscribeMailto');
const authDomainPrefix = context('authDomainPrefix');
new LeadflowStack(app, 'Leadflow', {
  env: { account, region },
  crossRegionReferences: true,
  rootDir,
  senderEmail: context('senderEmail') ?? 'no-reply@example.com',
  ...(senderDomain ? { senderDomain } : {}),
  adminEmails: (context('adminEmails') ?? '')
    .split(',')
    .map((email) => email.trim())
    .filter(Boolean),
  ...(alarmEmail ? { alarmEmail } : {}),
  ...(publicBaseUrl ? { publicBaseUrl } : {}),
  ...(unsubscribeMailto ? { unsubscribeMailto } : {}),
  ...(authDomainPrefix ? { authDomainPrefix } : {}),
  webAclArn: edge.webAclArn,
  ...(context('serveRoutes') === 'false' ? { serveRoutes: false } : {}),
  ...(context('auditRetentionDays') ? { auditRetentionDays: Number(context('auditRetentionDays')) } : {}),
});
