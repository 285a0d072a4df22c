import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '#shared/zod';
import { keys } from '#shared/store/keys';

/**
 * What `POST /ses/events` on the local bus takes: which sent mail, and what SES would report about it.
 *
 * @example { "messageId": "0100018f-…", "eventType": "Bounce", "bounceType": "Permanent" }
 */
export const injectSesEventSchema = z.strictObject({
  messageId: z.string().min(1).max(200),
  eventType: z.enum(['Delivery', 'Bounce', 'Complaint', 'Open', 'Click']),
  bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']).default('Permanent'),
  link: z.url().optional(),
  at: z.iso.datetime({ offset: true }).optional(),
});
export type InjectSesEvent = z.infer<typeof injectSesEventSchema>;

const DETAIL_TYPES: Record<InjectSesEvent['eventType'], string> = {
  Delivery: 'Email Delivered',
  Bounce: 'Email Bounced',
  Complaint: 'Email Complaint Received',
  Open: 'Email Opened',
  Click: 'Email Clicked',
};

export class UnknownMessageError extends Error {
  constructor(messageId: string) {
    super(`No mailing or journey sent a message with id ${messageId}`);
    this.name = 'UnknownMessageError';
  }
}

/**
 * Builds the event SES would publish through the configuration set for a mail the local stack sent:
 * its recipient from the SES stand-in's store, its tags (mailing, contact, campaign; or journey, step,
 * contact) from the send record or the journey mail's timeline entry in the table (a Scan: a local development tool, never a production path).
 */
export async function buildSesEvent(
  input: InjectSesEvent,
  where: { sesUrl: string; dynamoDbEndpoint: string; tableName: string },
): Promise<{ detailType: string; detail: unknown }> {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: where.dynamoDbEndpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
  try {
    // A mailing's send record, or the `sent` entry a journey's mail leaves in the contact's timeline.
    let send: Record<string, unknown> | undefined;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({
          TableName: where.tableName,
          FilterExpression: 'messageId = :m AND (#type = :send OR (#type = :mail AND #kind = :sent AND attribute_exists(journeyId)))',
          ExpressionAttributeNames: { '#type': 'type', '#kind': 'kind' },
          ExpressionAttributeValues: { ':m': input.messageId, ':send': 'mailing-send', ':mail': 'mail', ':sent': 'sent' },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      send = page.Items?.[0];
      start = page.LastEvaluatedKey;
    } while (!send && start);
    if (!send) throw new UnknownMessageError(input.messageId);
    let tags: Record<string, string[]>;
    if (send.type === 'mail') {
      tags = { journeyId: [String(send.journeyId)], stepId: [String(send.stepId)], contactId: [String(send.contactId)] };
    } else {
      const mailingId = String(send.pk).slice('MAILING#'.length);
      const mailing = (await client.send(new GetCommand({ TableName: where.tableName, Key: keys.mailing(mailingId) }))).Item;
      tags = { mailingId: [mailingId], contactId: [String(send.contactId)], ...(mailing?.campaignId ? { campaignId: [String(mailing.campaignId)] } : {}) };
    }
    const store = (await (await fetch(`${where.sesUrl}/store`)).json()) as { emails: Array<{ messageId: string; destination: { to: string[] }; at: number }> };
    const email = store.emails.find((candidate) => candidate.messageId === input.messageId);
    const at = input.at ?? new Date().toISOString();
    const detail = {
      eventType: input.eventType,
      mail: {
        messageId: input.messageId,
        timestamp: email ? new Date(email.at * 1000).toISOString() : at,
        destination: email?.destination.to ?? [],
        tags: { ...tags, 'ses:configuration-set': ['leadflow'] },
      },
      ...(input.eventType === 'Bounce'
        ? {
            bounce: {
              bounceType: input.bounceType,
              bounceSubType: 'General',
              timestamp: at,
              bouncedRecipients: (email?.destination.to ?? []).map((emailAddress) => ({ emailAddress })),
            },
          }
        : {}),
      ...(input.eventType === 'Complaint' ? { complaint: { timestamp: at, complaintFeedbackType: 'abuse' } } : {}),
      ...(input.eventType === 'Delivery' ? { delivery: { timestamp: at } } : {}),
      ...(input.eventType === 'Open' ? { open: { timestamp: at } } : {}),
      ...(input.eventType === 'Click' ? { click: { timestamp: at, link: input.link ?? 'https://example.com/' } } : {}),
    };
    return { detailType: DETAIL_TYPES[input.eventType], detail };
  } finally {
    client.destroy();
  }
}
