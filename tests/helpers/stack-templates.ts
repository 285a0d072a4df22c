import { type CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { Api } from '#infra/constructs/api';
import type { LeadflowStack } from '#infra/stack';

type Json = { Resources: Record<string, { Properties?: { Parameters?: Record<string, unknown> } }> };

/** `value` with every `{ Ref: <parameter> }` replaced by what the parent passes for that parameter. */
function substitute(value: unknown, parameters: Record<string, unknown>): unknown {
  if (Array.isArray(value)) return value.map((item) => substitute(item, parameters));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  const [first] = entries;
  if (entries.length === 1 && first?.[0] === 'Ref' && typeof first[1] === 'string' && first[1] in parameters) return parameters[first[1]];
  return Object.fromEntries(entries.map(([key, item]) => [key, substitute(item, parameters)]));
}

/**
 * The main stack's template with the resources of the API's function stacks (nested, by area:
 * infra/function-areas.ts) beside its own, their references to the main stack (parameters of the nested
 * stack) written as in the main stack, for tests that look at functions, their grants and triggers
 * wherever they live.
 */
export function withFunctionStacks(stack: LeadflowStack): Template {
  const api = stack.node.findChild('Api') as Api;
  const main = Template.fromStack(stack).toJSON() as Json;
  const resources = { ...main.Resources };
  for (const nested of api.functionStacks.values()) {
    const resource = nested.nestedStackResource as CfnResource;
    const parameters = main.Resources[Stack.of(resource).getLogicalId(resource)]?.Properties?.Parameters ?? {};
    Object.assign(resources, substitute((Template.fromStack(nested).toJSON() as Json).Resources, parameters));
  }
  return Template.fromJSON({ ...main, Resources: resources });
}
