import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '#infra/local/ports';
import { startLocalStack } from '#infra/local/stack';
import { eventCatalog } from '#shared/events/catalog';
import { median, round } from './stats';

const ROOT = path.resolve(import.meta.dirname, '..');

interface BusEvent {
  detailType: string;
  time: string;
  detail: { contactId?: string; occurredAt: string };
}

/**
 * `events.outboxLagMs`: the median time from a capture's write (its `lead.captured`'s `occurredAt`,
 * taken just before the capture transaction) to that event's arrival on the local bus (the time the
 * bus accepted it), over `captures` submissions made one after another, so each measures the path
 * table → stream → outbox → PutEvents alone. Runs a local stack of its own on the bench's DynamoDB
 * Local and SES stand-in.
 */
export async function benchEvents(captures: number, services: { dynamoEndpoint: string; sesEndpoint: string }): Promise<Record<string, number>> {
  const stack = await startLocalStack({
    rootDir: ROOT,
    apiPort: await freePort(),
    sesPort: 0,
    dynamoDbPort: 0,
    eventsPort: await freePort(),
    s3Port: await freePort(),
    dynamoDbEndpoint: services.dynamoEndpoint,
    sesEndpoint: services.sesEndpoint,
    tableName: 'bench-events',
  });
  try {
    const admin = async (route: string, body: unknown): Promise<{ id: string }> => {
      const response = await fetch(`${stack.apiUrl}${route}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.status !== 201) throw new Error(`POST ${route} answered ${response.status}`);
      return (await response.json()) as { id: string };
    };
    const form = await admin('/v1/forms', { name: 'Bench events', topics: [], allowedOrigins: ['https://www.example.de'] });
    const lags: number[] = [];
    for (let index = 0; index < captures; index += 1) {
      const response = await fetch(`${stack.apiUrl}/v1/forms/${form.id}/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `lag-${index}@example.de` }),
      });
      if (response.status !== 202) throw new Error(`a bench capture answered ${response.status}`);
      const { contactId } = (await response.json()) as { contactId: string };
      const deadline = Date.now() + 30_000;
      for (;;) {
        const { events } = (await (await fetch(`${stack.eventsUrl}/events`)).json()) as { events: BusEvent[] };
        const arrived = events.find((event) => event.detailType === eventCatalog.leadCaptured.detailType && event.detail.contactId === contactId);
        if (arrived) {
          lags.push(Date.parse(arrived.time) - Date.parse(arrived.detail.occurredAt));
          break;
        }
        if (Date.now() > deadline) throw new Error(`lead.captured of capture ${index} did not arrive within 30 s`);
        await sleep(20);
      }
    }
    return { 'events.outboxLagMs': round(median(lags), 0) };
  } finally {
    await stack.stop();
  }
}
