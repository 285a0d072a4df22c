import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { DomainEvent, EventPublisher } from './publisher';

/**
 * Publishes to the product's bus with PutEvents, in chunks of 10, and fails when any entry was not
 * accepted (PutEvents reports per-entry failures in a successful response).
 */
export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async publish(events: DomainEvent[]): Promise<void> {
    for (let start = 0; start < events.length; start += 10) {
      const chunk = events.slice(start, start + 10);
      const result = await this.client.send(
        new PutEventsCommand({
          Entries: chunk.map((event) => ({
            EventBusName: this.busName,
            Source: event.source,
            DetailType: event.detailType,
            Detail: JSON.stringify(event.detail),
          })),
        }),
      );
      if ((result.FailedEntryCount ?? 0) > 0) {
        const codes = (result.Entries ?? [])
          .map((entry) => entry.ErrorCode)
          .filter(Boolean)
          .join(', ');
        throw new Error(`The bus refused ${result.FailedEntryCount} event(s): ${codes}`);
      }
    }
  }
}

export function createEventBridgeClient(config: { region: string; endpoint?: string }): EventBridgeClient {
  return new EventBridgeClient({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    maxAttempts: 4,
  });
}
