/** Where an event comes from: the product itself, or the ERP (orders, inbound). */
export type EventSource = 'marketing' | 'erp';

/** A domain event as it goes on the bus; built from the catalog (shared/events/catalog.ts). */
export interface DomainEvent {
  source: EventSource;
  detailType: string;
  /** Carries an `id`, the entity ids and `occurredAt`; never personal data. */
  detail: { id: string; occurredAt: string; [field: string]: unknown };
}

/** The port use cases publish through: EventBridge in AWS, the local bus stand-in locally. */
export interface EventPublisher {
  publish(events: DomainEvent[]): Promise<void>;
}
