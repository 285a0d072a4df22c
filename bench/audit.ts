import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { round } from './stats';
import { aBenchForm } from './capture-form';

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode?: number; body?: string }>;

const context = { getRemainingTimeInMillis: () => 10_000 };

function anEvent(routeKey: string, rawPath: string, pathParameters: Record<string, string>, body: unknown, admin: boolean) {
  const [method = 'POST'] = routeKey.split(' ');
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', 'user-agent': 'bench' },
    pathParameters,
    requestContext: {
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      accountId: '0',
      apiId: 'bench',
      domainName: 'bench',
      domainPrefix: 'bench',
      time: '',
      timeEpoch: 0,
      ...(admin ? { authorizer: { jwt: { claims: { sub: 'bench-admin', 'cognito:groups': '[admin]' }, scopes: [] } } } : {}),
    },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  };
}

async function auditItemCount(): Promise<number> {
  const table = tableRef();
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new ScanCommand({
        TableName: table.tableName,
        FilterExpression: 'begins_with(pk, :audit)',
        ExpressionAttributeValues: { ':audit': 'AUDITENTRY#' },
        Select: 'COUNT',
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}

/**
 * What the audit trail costs an admin write: `PATCH /v1/contacts/{id}` through its handler with the
 * audit middleware on and, switched off by `AUDIT_DISABLED=1` (this benchmark's switch only, never set in
 * a deployment), without, in alternating rounds of the same run (BENCH_AUDIT_WRITES patches each way).
 * `audit.adminWriteOverheadRatio` is time with ÷ time without. The public capture route is also run:
 * `audit.captureOverheadRatio` (the figure: capture with auditing ÷ without) is its time with the
 * middleware on ÷ off, and `audit.publicCaptureEntries` counts the entries its submissions wrote (0: public
 * routes are not audited per request).
 */
export async function benchAudit(writes = Number(process.env.BENCH_AUDIT_WRITES ?? 400)): Promise<Record<string, number>> {
  const repositories = repositoriesFor(tableRef());
  const { formId } = await aBenchForm(repositories);
  const capture = ((await import('#functions/capture/handler')) as { handler: Handler }).handler;
  const contacts = ((await import('#functions/contacts/handler')) as { handler: Handler }).handler;

  // Contacts to change, captured through the public route (which must write no audit entry).
  const entriesBefore = await auditItemCount();
  const ids: string[] = [];
  for (let at = 0; at < 20; at += 1) {
    const answer = await capture(
      anEvent('POST /v1/forms/{formId}/submissions', `/v1/forms/${formId}/submissions`, { formId }, { email: `audit-${randomUUID()}@bench.example` }, false),
      context,
    );
    if (answer.statusCode !== 202) throw new Error(`capture answered ${answer.statusCode}`);
    ids.push((JSON.parse(String(answer.body)) as { contactId: string }).contactId);
  }
  const publicCaptureEntries = (await auditItemCount()) - entriesBefore;

  let patchNo = 0;
  const patch = async () => {
    patchNo += 1;
    const id = ids[patchNo % ids.length] ?? '';
    const answer = await contacts(anEvent('PATCH /v1/contacts/{id}', `/v1/contacts/${id}`, { id }, { jobTitle: `Bench ${patchNo}` }, true), context);
    if (answer.statusCode !== 200) throw new Error(`PATCH answered ${answer.statusCode}`);
  };
  const timed = async (audited: boolean, count: number) => {
    if (audited) delete process.env.AUDIT_DISABLED;
    else process.env.AUDIT_DISABLED = '1';
    const started = performance.now();
    for (let at = 0; at < count; at += 1) await patch();
    return performance.now() - started;
  };
  const submit = async () => {
    const answer = await capture(
      anEvent('POST /v1/forms/{formId}/submissions', `/v1/forms/${formId}/submissions`, { formId }, { email: `audit-${randomUUID()}@bench.example` }, false),
      context,
    );
    if (answer.statusCode !== 202) throw new Error(`capture answered ${answer.statusCode}`);
  };
  const timedCapture = async (audited: boolean, count: number) => {
    if (audited) delete process.env.AUDIT_DISABLED;
    else process.env.AUDIT_DISABLED = '1';
    const started = performance.now();
    for (let at = 0; at < count; at += 1) await submit();
    return performance.now() - started;
  };
  try {
    let captureWith = 0;
    let captureWithout = 0;
    for (let roundNo = 0; roundNo < 4; roundNo += 1) {
      captureWith += await timedCapture(true, writes / 8);
      captureWithout += await timedCapture(false, writes / 8);
    }
    await timed(true, 20);
    await timed(false, 20);
    const rounds = 4;
    let withAudit = 0;
    let withoutAudit = 0;
    for (let roundNo = 0; roundNo < rounds; roundNo += 1) {
      withAudit += await timed(true, writes / rounds);
      withoutAudit += await timed(false, writes / rounds);
    }
    return {
      'audit.adminWriteOverheadRatio': round(withAudit / withoutAudit, 3),
      'audit.patchMsWithAudit': round(withAudit / writes, 2),
      'audit.patchMsWithoutAudit': round(withoutAudit / writes, 2),
      'audit.publicCaptureEntries': publicCaptureEntries,
      // The public capture route with the middleware on ÷ off: it only checks the route (not audited).
      'audit.captureOverheadRatio': round(captureWith / captureWithout, 3),
    };
  } finally {
    delete process.env.AUDIT_DISABLED;
  }
}
