import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Mailer } from './mail/mailer';
import { MailThrottledError } from './mail/errors';
import { logger } from './logger';

/**
 * The figures an operator watches and alarms on, as CloudWatch metrics in Embedded Metric Format:
 * each handler adds to its counters while it runs, and the `logMetrics` middleware (httpHandler's
 * chain, observedHandler) writes them as one EMF line when it ends. Locally and in tests
 * `POWERTOOLS_METRICS_DISABLED=true` keeps them off stdout. The alarms on them are in
 * infra/constructs/operator-alarms.ts.
 */

/** The namespace of every product metric; its one dimension is `service`. */
export const METRICS_NAMESPACE = 'Leadflow';
export const METRICS_SERVICE = 'leadflow';

/** Each counter's metric name: the names the alarms and dashboards read. */
export const metricNames = {
  /** A web-form submission stored as a lead (honeypot hits are not counted). */
  leadsCaptured: 'LeadsCaptured',
  /** A double opt-in link followed for the first time. */
  consentsConfirmed: 'ConsentsConfirmed',
  /** A mail SES accepted (mailing recipients and confirmation mails). */
  mailsSent: 'MailsSent',
  /** SES refused a mail for now (throttled, sending paused); the sender retries it. */
  sesThrottles: 'SesThrottles',
  /** Queue or stream records a handler reported as failed (retried, then parked in a dead-letter queue). */
  failedBatchItems: 'FailedBatchItems',
  /** An outbox batch whose publication to the bus failed (the stream retries it). */
  outboxPublishFailures: 'OutboxPublishFailures',
  /** An uploaded import given up after its last attempt. */
  importsFailed: 'ImportsFailed',
} as const;

export type CounterName = keyof typeof metricNames;

/** Metrics' own notes go to the product's logger; "nothing to publish" after a quiet invocation is no news. */
const notes = {
  debug: () => undefined,
  info: (...content: unknown[]) => logger.info(String(content[0])),
  warn: (...content: unknown[]) => {
    if (!String(content[0]).startsWith('No application metrics to publish')) logger.warn(String(content[0]));
  },
  error: (...content: unknown[]) => logger.error(String(content[0])),
};

export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE, logger: notes });

/** Adds `value` (default 1) to a counter of this invocation; zero adds nothing. */
export function count(name: CounterName, value = 1): void {
  if (value > 0) metrics.addMetric(metricNames[name], MetricUnit.Count, value);
}

/** The mailer, counting what SES accepted (`MailsSent`) and what it throttled (`SesThrottles`). */
export function countedMailer(mailer: Mailer): Mailer {
  return {
    send: async (mail) => {
      try {
        const sent = await mailer.send(mail);
        count('mailsSent');
        return sent;
      } catch (error) {
        if (error instanceof MailThrottledError) count('sesThrottles');
        throw error;
      }
    },
  };
}
