import path from 'node:path';
import { App, type Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '#infra/constructs/api';
import { leadflowStacks } from '#infra/leadflow-app';
import { aConsoleBuild } from '#tests/helpers/console-build';

const rootDir = path.resolve(import.meta.dirname, '..', '..');

type Statement = { Effect: string; Action: string | string[]; Resource?: unknown };

/** Every stack's template, nested ones included, by the stack's construct path. */
function templatesOf(stacks: Stack[]): Map<string, Template> {
  return new Map(stacks.map((stack) => [stack.node.path, Template.fromStack(stack)]));
}

describe("the stacks against cdk-nag's AWS Solutions rules", () => {
  let synthError: unknown;
  let violations: string[];
  let templates: Map<string, Template>;

  beforeAll(() => {
    // As infra/app.ts builds them, with every optional part on: invited users, a backup copy region.
    const app = new App({
      context: {
        'aws:cdk:bundling-stacks': [],
        users: 'anna@example.de:admin,ben@example.de:sales',
        adminEmails: 'ops@example.de',
        backupCopyRegion: 'eu-west-1',
      },
    });
    const stacks = leadflowStacks(app, { rootDir, consoleAssetDir: aConsoleBuild(), account: '111111111111' });
    const pack = new AwsSolutionsChecks(app);
    Validations.of(app).addPlugins(pack);
    try {
      app.synth();
    } catch (error) {
      synthError = error;
    }
    // After the synth the references between stacks are resolved, as in `cdk synth`.
    violations = pack
      .validateScope(app)
      .violations.flatMap((violation) =>
        violation.violatingResources.map(
          (resource) => `${violation.ruleName} (${violation.severity ?? ''}) at ${resource.constructPath ?? resource.resourceLogicalId ?? '?'}`,
        ),
      );
    const api = stacks.main.node.findChild('Api') as Api;
    templates = templatesOf([stacks.edge, stacks.main, api.routes, ...api.functionStacks.values(), ...(stacks.backupCopy ? [stacks.backupCopy] : [])]);
  });

  it('reports no error or warning that is not acknowledged with a reason next to its construct', () => {
    expect(violations).toEqual([]);
    expect(synthError).toBeUndefined();
  });

  it('leaves a wildcard resource only to actions that have no resource-level permissions (X-Ray, SES GetAccount, DynamoDB ListStreams), as the acknowledgement says', () => {
    const allowedOnAnything = new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'ses:GetAccount', 'dynamodb:ListStreams']);
    let checked = 0;
    for (const [stack, template] of templates) {
      for (const [id, policy] of Object.entries(template.findResources('AWS::IAM::Policy'))) {
        if (!/Fn|ReadMfaSettings/.test(id)) continue;
        for (const statement of (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement) {
          if (statement.Effect !== 'Allow' || statement.Resource !== '*') continue;
          checked += 1;
          for (const action of [statement.Action].flat()) expect(allowedOnAnything.has(action), `${stack} ${id}: ${action} on *`).toBe(true);
        }
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('names each index of the table in the grants instead of index/*', () => {
    for (const [stack, template] of templates) {
      expect(JSON.stringify(template.findResources('AWS::IAM::Policy')), stack).not.toContain('/index/*');
    }
  });
});
