/** A domain event as it goes on the bus (API.md, "Events on the bus"). */
export interface DomainEvent {
  detailType: string;
  /** Carries an `id`, the entity ids and `occurredAt`; never personal data. */
  detail: { id: string; occurredAt: string; [field: string]: unknown };
}

/** The port use cases publish through: EventBridge in AWS, the local bus stand-in locally. */
export interface EventPublisher {
  publish(events: DomainEvent[]): Promise<void>;
}
