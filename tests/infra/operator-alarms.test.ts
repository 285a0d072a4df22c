import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { OperatorAlarms } from '#infra/constructs/operator-alarms';

type Resource = { Properties: Record<string, unknown> };

describe('the operator alarms', () => {
  let template: Template;

  beforeAll(() => {
    const stack = new Stack(new App(), 'Alarms');
    new OperatorAlarms(stack, 'OperatorAlarms');
    template = Template.fromStack(stack);
  });

  function alarmOn(metricName: string): Resource['Properties'] {
    const found = Object.values(template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: metricName } }) as Record<string, Resource>);
    expect(found, metricName).toHaveLength(1);
    return found[0]?.Properties ?? {};
  }

  it("watch the product's EMF counters under the Leadflow namespace and the service dimension", () => {
    for (const name of ['SesThrottles', 'OutboxPublishFailures', 'FailedBatchItems', 'ImportsFailed']) {
      expect(alarmOn(name)).toMatchObject({
        Namespace: 'Leadflow',
        Dimensions: [{ Name: 'service', Value: 'leadflow' }],
        Statistic: 'Sum',
        Period: 300,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    }
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
  });

  it('alarm at once on a failed outbox publish and a given-up import', () => {
    expect(alarmOn('OutboxPublishFailures')).toMatchObject({ Threshold: 1, EvaluationPeriods: 1 });
    expect(alarmOn('ImportsFailed')).toMatchObject({ Threshold: 1, EvaluationPeriods: 1 });
  });

  it('alarm on SES throttling and failing batch items only when they last 15 minutes (both are retried by design)', () => {
    expect(alarmOn('SesThrottles')).toMatchObject({ Threshold: 10, EvaluationPeriods: 3 });
    expect(alarmOn('FailedBatchItems')).toMatchObject({ Threshold: 10, EvaluationPeriods: 3 });
  });

  it('do not alarm on the figures that are good news (leads, confirmations, mails sent)', () => {
    for (const name of ['LeadsCaptured', 'ConsentsConfirmed', 'MailsSent'])
      expect(template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: Match.exact(name) } })).toEqual({});
  });
});
