import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ApiEvent, httpHandler } from '#shared/http/http-handler';
import { MailThrottledError } from '#shared/mail/errors';
import type { OutgoingMail } from '#shared/mail/mailer';
import { count, countedMailer, metricNames } from '#shared/metrics';
import { observedHandler } from '#shared/observed-handler';

// The tests switch metrics off (vitest.config.ts); this file reads the EMF they write. Metrics reads
// the variable once, when shared/metrics.ts loads.
vi.hoisted(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
});

interface EmfLine {
  _aws: { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string; Unit: string }> }> };
  service: string;
  [metric: string]: unknown;
}

const context: Context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'leadflow-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-central-1:000000000000:function:leadflow-test',
  memoryLimitInMB: '512',
  awsRequestId: 'req-1',
  logGroupName: '/aws/lambda/leadflow-test',
  logStreamName: 'test',
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};
const aMail: OutgoingMail = { from: 'news@example.de', to: 'anna@example.de', subject: 'Hello', html: '<p>Hi</p>', text: 'Hi' };

function anEvent(routeKey: string): ApiEvent {
  const [method = 'GET', path = '/'] = routeKey.split(' ');
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: {
      accountId: '0',
      apiId: 'api',
      domainName: 'api',
      domainPrefix: 'api',
      requestId: 'api-1',
      routeKey,
      stage: '$default',
      time: '',
      timeEpoch: 0,
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.1', userAgent: 'test' },
    },
  };
}

describe('the operator metrics', () => {
  let written: string[];

  beforeEach(() => {
    written = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  });

  afterEach(() => vi.restoreAllMocks());

  const emfLines = () =>
    written
      .join('')
      .split('\n')
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as EmfLine);

  it('are written as one EMF line per invocation, under the Leadflow namespace with the service dimension', async () => {
    const handler = observedHandler(async () => {
      count('leadsCaptured');
      count('mailsSent', 2);
      count('mailsSent');
    });

    await handler({}, context);

    const [line, ...more] = emfLines();
    expect(more).toEqual([]);
    expect(line?._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'Leadflow',
        Dimensions: [['service']],
        Metrics: [
          { Name: 'LeadsCaptured', Unit: 'Count' },
          { Name: 'MailsSent', Unit: 'Count' },
        ],
      },
    ]);
    expect(line).toMatchObject({ service: 'leadflow', LeadsCaptured: 1, MailsSent: [2, 1] });
  });

  it('have the names the alarms and the README use', async () => {
    const handler = observedHandler(async () => {
      for (const name of Object.keys(metricNames) as Array<keyof typeof metricNames>) count(name);
    });

    await handler({}, context);

    expect(
      emfLines()[0]
        ?._aws.CloudWatchMetrics[0]?.Metrics.map((metric) => metric.Name)
        .sort(),
    ).toEqual(['ConsentsConfirmed', 'FailedBatchItems', 'ImportsFailed', 'LeadsCaptured', 'MailsSent', 'OutboxPublishFailures', 'SesThrottles']);
  });

  it('write nothing for an invocation that counted nothing, not even a warning', async () => {
    await observedHandler(async () => 'quiet')({}, context);
    count('leadsCaptured', 0);
    await observedHandler(async () => 'still quiet')({}, context);

    expect(written.join('')).toBe('');
  });

  it('count the records a queue or stream handler reports as failed', async () => {
    const handler = observedHandler(async () => ({ batchItemFailures: [{ itemIdentifier: 'm-1' }, { itemIdentifier: 'm-2' }] }));

    await handler({}, context);

    expect(emfLines()[0]).toMatchObject({ FailedBatchItems: 2 });
  });

  it('are written by HTTP handlers too, also when the request fails', async () => {
    // Its own (empty) response schemas: without them the registry loads in the background and may still be
    // loading when the test file is torn down.
    const handler = httpHandler(
      [{ method: 'POST', path: '/v1/things', auth: 'public' }],
      {
        'POST /v1/things': async () => {
          count('leadsCaptured');
          throw new Error('mock: the store is down');
        },
      },
      [],
      {},
    );

    const answer = await handler(anEvent('POST /v1/things'), context);

    expect(answer.statusCode).toBe(500);
    expect(emfLines()[0]).toMatchObject({ LeadsCaptured: 1 });
  });

  it('count mails SES accepted and mails it throttled, passing the throttling on to the sender', async () => {
    const accepting = countedMailer({ send: async () => ({ messageId: 'ses-1' }) });
    // mock: SES throttles (cannot be caused against the local SES stand-in)
    const throttling = countedMailer({
      send: async () => {
        throw new MailThrottledError('Maximum sending rate exceeded');
      },
    });
    const handler = observedHandler(async () => {
      await accepting.send(aMail);
      await accepting.send(aMail);
      await expect(throttling.send(aMail)).rejects.toBeInstanceOf(MailThrottledError);
    });

    await handler({}, context);

    expect(emfLines()[0]).toMatchObject({ MailsSent: [1, 1], SesThrottles: 1 });
  });
});
