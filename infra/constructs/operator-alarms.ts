import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { type CounterName, metricNames, METRICS_NAMESPACE, METRICS_SERVICE } from '../../shared/metrics';

/** One alarm on a product counter: its sum per period at or above `threshold` for `periods` periods in a row. */
interface CounterAlarm {
  counter: CounterName;
  description: string;
  threshold: number;
  periods: number;
}

/**
 * Alarms on the product's own metrics (shared/metrics.ts, EMF under `Leadflow`) beside the per-function
 * error and dead-letter alarms: what an operator must act on. A brief SES throttle or one failed batch
 * item is retried by design, so those alarm only when they last; a failed outbox publish or a given-up
 * import alarms at once. Missing data (a quiet hour) is not a breach.
 */
export const COUNTER_ALARMS: readonly CounterAlarm[] = [
  {
    counter: 'sesThrottles',
    description: 'SES has throttled mails for 15 minutes: the sending quota is too small for the mailings under way',
    threshold: 10,
    periods: 3,
  },
  {
    counter: 'outboxPublishFailures',
    description: 'The outbox could not publish events to the bus: consumers (confirmation mails, mailings) wait until it can',
    threshold: 1,
    periods: 1,
  },
  {
    counter: 'failedBatchItems',
    description: 'Queue or stream records have kept failing for 15 minutes: they are retried, then parked in a dead-letter queue',
    threshold: 10,
    periods: 3,
  },
  { counter: 'importsFailed', description: 'An uploaded import was given up after its last attempt', threshold: 1, periods: 1 },
];

export class OperatorAlarms extends Construct {
  readonly alarms: Alarm[];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.alarms = COUNTER_ALARMS.map(
      (spec) =>
        new Alarm(this, metricNames[spec.counter], {
          alarmDescription: spec.description,
          metric: new Metric({
            namespace: METRICS_NAMESPACE,
            metricName: metricNames[spec.counter],
            dimensionsMap: { service: METRICS_SERVICE },
            statistic: 'Sum',
            period: Duration.minutes(5),
          }),
          threshold: spec.threshold,
          evaluationPeriods: spec.periods,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
    );
  }
}
