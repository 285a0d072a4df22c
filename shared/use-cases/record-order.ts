import { setTimeout as sleep } from 'node:timers/promises';
import { normaliseEmail } from '#shared/domain/email';
import { ConflictError, NotFoundError } from '#shared/domain/errors';
import { eventCatalog } from '#shared/events/catalog';
import { applyOrder, type Order, type OrderInput } from '#shared/domain/order';
import { ConcurrentWriteError, OrderAlreadyRecordedError } from './port-errors';
import { storeCapture } from './capture-lead';
import type { OrderContacts } from './contact-ports';
import type { CapturePorts } from './ports';

/** An order as its recording answers it. */
export type RecordedOrder = Omit<Order, 'contactId' | 'receivedAt'> & Partial<Pick<Order, 'contactId' | 'receivedAt'>>;

type OrderPorts = Pick<CapturePorts, 'companies' | 'clock' | 'newId'> & {
  contacts: OrderContacts;
};

export interface RecordOrderResult {
  /** A replay names no `receivedAt`, and no `contactId` once the person was erased. */
  order: RecordedOrder;
  /** False when the order id was recorded before (a retry or replay): nothing changed. */
  created: boolean;
}

const MAX_ATTEMPTS = 10;

/**
 * Records an ERP order once per `orderId` and updates the contact's order facts in the same
 * transaction, so retries, replays and concurrent deliveries count it once, and out-of-order arrival
 * leaves first/last order right. An order for an unknown email creates the contact.
 */
export async function recordOrder(ports: OrderPorts, input: OrderInput): Promise<RecordOrderResult> {
  const seen = await ports.contacts.orderClaim(input.orderId);
  if (seen) return duplicate(input, seen);

  let contactId = await resolveContact(ports, input);
  const now = ports.clock.now();
  const { email: _email, ...fields } = input;
  let order: Order = { ...fields, orderedAt: new Date(input.orderedAt).toISOString(), contactId, receivedAt: now.toISOString() };
  for (let attempt = 1; ; attempt += 1) {
    const contact = await ports.contacts.get(contactId);
    if (!contact && input.email && !input.contactId && attempt < MAX_ATTEMPTS) {
      // The address's contact was merged into another meanwhile: its claim now names the survivor.
      contactId = await resolveContact(ports, input);
      order = { ...order, contactId };
      continue;
    }
    if (!contact) throw new NotFoundError('Contact', contactId);
    try {
      await ports.contacts.update(
        { ...contact, orders: applyOrder(contact.orders, order), updatedAt: now.toISOString() },
        // The id is the order's: a retried transaction rewrites the same outbox item, publishing nothing twice.
        { order, events: [eventCatalog.orderRecorded.event({ id: `order-${order.orderId}`, occurredAt: order.orderedAt, contactId, orderId: order.orderId })] },
      );
      return { order, created: true };
    } catch (error) {
      if (error instanceof OrderAlreadyRecordedError) {
        const claim = await ports.contacts.orderClaim(input.orderId);
        if (claim) return duplicate(input, claim);
      }
      if (!(error instanceof ConcurrentWriteError) || attempt >= MAX_ATTEMPTS) throw error;
      await sleep(Math.random() * 10 * attempt);
    }
  }
}

function duplicate(input: OrderInput, seen: { contactId?: string; amountMinor: number; currency: string }): RecordOrderResult {
  if (seen.amountMinor !== input.amountMinor || seen.currency !== input.currency) {
    throw new ConflictError(`Order ${input.orderId} was recorded with a different amount or currency`);
  }
  const { email: _email, ...fields } = input;
  return { order: { ...fields, ...(seen.contactId ? { contactId: seen.contactId } : {}) }, created: false };
}

async function resolveContact(ports: OrderPorts, input: OrderInput): Promise<string> {
  if (input.contactId) {
    const contact = await ports.contacts.get(input.contactId);
    if (!contact) throw new NotFoundError('Contact', input.contactId);
    return contact.id;
  }
  const email = input.email ?? '';
  const emailNormalised = normaliseEmail(email);
  const existing = await ports.contacts.getByEmail(emailNormalised);
  if (existing) return existing.id;
  const now = ports.clock.now();
  const created = await storeCapture(ports, {
    newContactId: ports.newId(),
    email,
    emailNormalised,
    profile: {},
    touchpoint: { id: ports.newId(), at: now.toISOString(), kind: 'order', channel: 'other', source: 'erp' },
    consentTopics: [],
    doubleOptIn: true,
    evidence: { source: 'erp', method: 'admin' },
  });
  return created.contact.id;
}
