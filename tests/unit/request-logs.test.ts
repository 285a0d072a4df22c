import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readBody } from '#shared/http/body';
import { type ApiEvent, httpHandler, maxBodyBytes, pathParam, requestEvidence } from '#shared/http/http-handler';
import { json } from '#shared/http/responses';
import { routeKey, SUBMISSION_MAX_BYTES } from '#shared/http/route-spec';
import { parseSubmission } from '#shared/http/submission-body';
import { logger } from '#shared/logger';
import { observedHandler } from '#shared/observed-handler';
import { captureLead, loadSubmissionForm } from '#shared/use-cases/capture-lead';
import type { CapturePorts } from '#shared/use-cases/ports';
import { aForm, aTopic } from '#tests/helpers/factories';

// The logger reads its level once, when shared/logger.ts loads (and again at each invocation): this
// file's logs are written, the other test files' stay silent.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
});

const EMAIL = 'anna.schmidt@example.de';
const FIRST_NAME = 'Annegret';
const LAST_NAME = 'Schmidtbauer';
const SOURCE_IP = '203.0.113.77';
const API_REQUEST_ID = 'api-req-4711';
const LAMBDA_REQUEST_ID = 'lambda-req-0815';

const captureRoute = { method: 'POST', path: '/v1/forms/{formId}/submissions', auth: 'public', maxBodyBytes: SUBMISSION_MAX_BYTES } as const;
const form = aForm({ allowedOrigins: ['https://www.example.de'] });

/** mock: the table fails the capture's read with a message that echoes the submitted address, as DynamoDB's validation errors can. */
function failingStore(): CapturePorts['contacts'] {
  const fail = async (): Promise<never> => {
    throw Object.assign(new Error(`One or more parameter values were invalid: emailNormalised ${EMAIL} is not valid`), {
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
    });
  };
  return { create: fail, update: fail, getByEmail: fail };
}

const ports: CapturePorts = {
  catalog: {
    form: async () => form,
    topics: async (ids) => ids.map((id) => aTopic({ id })),
    campaignByCode: async () => undefined,
    campaignById: async () => undefined,
  },
  contacts: failingStore(),
  companies: { ensure: async () => 'company-1' },
  clock: { now: () => new Date('2026-11-24T08:00:00.000Z') },
  newId: () => 'c-1',
};

/** The capture route as functions/capture/handler.ts wires it, on ports whose store fails. */
const capture = httpHandler(
  [captureRoute],
  {
    'POST /v1/forms/{formId}/submissions': async (event) => {
      const loaded = await loadSubmissionForm(ports, pathParam(event, 'formId'), event.headers.origin);
      const body = readBody(event, { maxBytes: maxBodyBytes(event), accept: ['json', 'form'] });
      const result = await captureLead(ports, { form: loaded, submission: parseSubmission(body), evidence: requestEvidence(event) });
      return json(202, { contactId: result.contactId, status: result.status, ignoredFields: result.ignoredFields });
    },
    // No schema registry loading in the background past the test file's end; these requests fail anyway.
  },
  [],
  {},
);

function aSubmissionEvent(): ApiEvent {
  const path = `/v1/forms/${form.id}/submissions`;
  return {
    version: '2.0',
    routeKey: routeKey(captureRoute),
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', origin: 'https://www.example.de', 'user-agent': 'Mozilla/5.0 (test)' },
    pathParameters: { formId: form.id },
    isBase64Encoded: false,
    body: JSON.stringify({ email: EMAIL, firstName: FIRST_NAME, lastName: LAST_NAME, consent: ['newsletter'] }),
    requestContext: {
      accountId: '000000000000',
      apiId: 'api',
      domainName: 'api.example',
      domainPrefix: 'api',
      requestId: API_REQUEST_ID,
      routeKey: routeKey(captureRoute),
      stage: '$default',
      time: '',
      timeEpoch: 0,
      http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp: SOURCE_IP, userAgent: 'Mozilla/5.0 (test)' },
    },
  };
}

function aLambdaContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-central-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: LAMBDA_REQUEST_ID,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

describe("the product's logs", () => {
  let written: string[];

  beforeEach(() => {
    written = [];
    // Powertools writes JSON lines to stdout (info) and stderr (errors); both are read here.
    const capture = (chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  const lines = () =>
    written
      .join('')
      .split('\n')
      .filter((line) => line.trim().startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  it('log a failing capture with both request ids and the function, and no address, name or IP', async () => {
    const answer = await capture(aSubmissionEvent(), aLambdaContext('leadflow-capture'));

    expect(answer.statusCode, String(answer.body)).toBe(500);
    const logged = lines();
    const failure = logged.find((line) => line.message === 'request failed');
    expect(failure).toMatchObject({
      level: 'ERROR',
      function_request_id: LAMBDA_REQUEST_ID,
      function_name: 'leadflow-capture',
      apiRequestId: API_REQUEST_ID,
      errorName: 'ValidationException',
      awsStatus: 400,
    });
    expect(String(failure?.errorMessage)).toContain('<email>');
    const text = written.join('');
    for (const personal of [EMAIL, FIRST_NAME, LAST_NAME, SOURCE_IP, 'Mozilla/5.0']) expect(text, personal).not.toContain(personal);
  });

  it('carry no request id of an earlier request into the next one', async () => {
    await capture(aSubmissionEvent(), aLambdaContext('leadflow-capture'));
    logger.info('between requests');
    const between = lines().find((line) => line.message === 'between requests');
    expect(between).toBeDefined();
    expect(between).not.toHaveProperty('apiRequestId');
  });

  it("carry Lambda's request id and the function in queue, stream and schedule handlers too", async () => {
    const handler = observedHandler(async (event: { batch: string }) => {
      logger.info('batch handled', { batch: event.batch });
      return 'done';
    });

    expect(await handler({ batch: 'b-1' }, aLambdaContext('leadflow-outbox'))).toBe('done');
    expect(lines().find((line) => line.message === 'batch handled')).toMatchObject({
      function_request_id: LAMBDA_REQUEST_ID,
      function_name: 'leadflow-outbox',
      batch: 'b-1',
    });
  });
});
