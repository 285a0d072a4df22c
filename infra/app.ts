/**
 * CDK entry: `npx cdk deploy --all -c senderEmail=news@example.de -c users=anna@example.de:admin,ben@example.de:sales`.
 * Context: senderEmail (required to deploy), senderDomain, users (`<email>:<role>` comma-separated; roles admin,
 * marketer, analyst, sales; a user with two roles is named twice), adminEmails (each an admin, as before `users`),
 * alarmEmail, publicBaseUrl, unsubscribeMailto (an inbound address for List-Unsubscribe's mailto; SES receiving
 * must route it), authDomainPrefix (the Cognito managed-login domain's prefix), region (default eu-central-1),
 * rateLimitPerIp (requests per IP per 5 minutes, default 1000), backupCopyRegion (a second region the daily
 * backups are copied to, e.g. eu-west-1), serveRoutes=false (the first step of upgrading a stack deployed before
 * 0.10.0: README, "Deploy"),
 * auditRetentionDays (days an audit entry is kept, default 400).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { leadflowStacks } from './leadflow-app';

const app = new App();
leadflowStacks(app, { rootDir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..') });
