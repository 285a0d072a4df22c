import { randomUUID } from 'node:crypto';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { eventCatalog } from '#shared/events/catalog';
import { aCaptureSetup, api, until } from '#tests/helpers/api';

const suffix = randomUUID().slice(0, 8);
let setup: Awaited<ReturnType<typeof aCaptureSetup>>;

interface TaskBody {
  id: string;
  title: string;
  dueAt: string;
  assigneeId?: string;
  origin?: string;
  createdBy: string;
}
interface View {
  contact: { ownerId?: string; companyId?: string };
  owner: { id: string } | null;
  ownerInherited: boolean;
  tasks: TaskBody[];
}

async function capture(fields: Record<string, unknown>): Promise<string> {
  const response = await api.submit(setup.form.id, JSON.stringify(fields));
  expect(response.status).toBe(202);
  return ((await response.json()) as { contactId: string }).contactId;
}

const bus = () => new EventBridgeClient({ endpoint: inject('eventsUrl'), region: 'eu-central-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });

async function publishQualified(contactId: string, eventId: string, times = 1) {
  const event = eventCatalog.leadQualified.event({ id: eventId, occurredAt: new Date().toISOString(), contactId, score: 120, qualifyAt: 100 });
  await bus().send(
    new PutEventsCommand({
      Entries: Array.from({ length: times }, () => ({
        Source: event.source,
        DetailType: event.detailType,
        Detail: JSON.stringify(event.detail),
        EventBusName: 'leadflow',
      })),
    }),
  );
}

const viewOf = (id: string) => api.adminJson<View>(`/v1/contacts/${id}`);
const SALES = ['sales-anna', 'sales-ben', 'sales-carla'];

beforeAll(async () => {
  setup = await aCaptureSetup(`lq-${suffix}`, { fields: [{ name: 'lastName' }, { name: 'company' }] });
});

describe('a qualified lead (lead.qualified on the bus)', () => {
  it('gets an owner round robin among the sales users and one follow-up task, however often the event is delivered', async () => {
    const first = await capture({ email: `lq1-${suffix}@example.de`, lastName: `Erster${suffix}` });
    const second = await capture({ email: `lq2-${suffix}@example.de`, lastName: `Zweiter${suffix}` });
    const firstEvent = randomUUID();
    await publishQualified(first, firstEvent, 3);
    await publishQualified(second, randomUUID());
    const one = await until(
      `an owner for ${first}`,
      () => viewOf(first),
      (view) => view.tasks.length > 0 && view.contact.ownerId !== undefined,
    );
    const two = await until(
      `an owner for ${second}`,
      () => viewOf(second),
      (view) => view.tasks.length > 0 && view.contact.ownerId !== undefined,
    );

    expect(SALES).toContain(one.contact.ownerId);
    expect(SALES).toContain(two.contact.ownerId);
    expect(two.contact.ownerId).not.toBe(one.contact.ownerId);
    expect(one.tasks).toHaveLength(1);
    expect(one.tasks[0]).toMatchObject({ assigneeId: one.contact.ownerId, origin: `lead.qualified:${firstEvent}`, createdBy: 'system:lead-qualified' });
    expect(['Call back qualified lead', 'Qualifizierten Lead zurückrufen']).toContain(one.tasks[0]?.title);
    const due = new Date(one.tasks[0]?.dueAt ?? '');
    expect(due.getTime()).toBeGreaterThan(Date.now());
    expect([0, 6]).not.toContain(due.getUTCDay());

    // Replayed later: nothing changes.
    await publishQualified(first, firstEvent);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const again = await viewOf(first);
    expect(again.tasks.map((task) => task.id)).toEqual(one.tasks.map((task) => task.id));
    expect(again.contact.ownerId).toBe(one.contact.ownerId);
  });

  it('keeps the company’s owner for its people and gives that owner the follow-up task', async () => {
    const contactId = await capture({ email: `lq3-${suffix}@example.de`, lastName: `Firma${suffix}`, company: `Qualifiziert${suffix} KG` });
    const { contact } = await viewOf(contactId);
    await api.adminJson(`/v1/companies/${contact.companyId}`, { ownerId: 'sales-carla' }, 'PATCH');
    await publishQualified(contactId, randomUUID());
    const view = await until(
      `a task for ${contactId}`,
      () => viewOf(contactId),
      (found) => found.tasks.length > 0,
    );
    expect(view.contact.ownerId).toBeUndefined();
    expect(view).toMatchObject({ owner: { id: 'sales-carla' }, ownerInherited: true });
    expect(view.tasks[0]).toMatchObject({ assigneeId: 'sales-carla', title: 'Call back qualified lead' });
  });
});
