import type { EventBridgeEvent } from 'aws-lambda';
import { repositoriesFor, systemClock, tableRef } from '#shared/container';
import { normaliseEmail } from '#shared/domain/email';
import { eventCatalog } from '#shared/events/catalog';
import { logger } from '#shared/logger';
import { observedHandler } from '#shared/observed-handler';
import { journeyQueue } from '#shared/queues/sqs-journey-queue';
import { enterJourneys, type TriggerEvent } from '#shared/use-cases/enter-journeys';
import { type JourneyReaction, reactToJourneyEvent } from '#shared/use-cases/journey-reactions';
import { publishedJourneys } from '#shared/use-cases/manage-journeys';

const table = tableRef();
const { journeys, journeyParticipants: participants, contacts, segments } = repositoriesFor(table);
const queue = journeyQueue();
// The live journeys, reloaded when one was published, paused, resumed or archived since (one small read per event).
let catalogue: { changedAt: string | undefined; journeys: Awaited<ReturnType<typeof publishedJourneys>> } | undefined;
async function liveJourneys() {
  const changedAt = await journeys.catalogChangedAt();
  if (catalogue && catalogue.changedAt === changedAt) return catalogue.journeys;
  const live = await publishedJourneys({ journeys });
  // The list is read from an index that may lag a change by a moment: a fresh change is not cached yet.
  const settled = changedAt === undefined || Date.now() - Date.parse(changedAt) > 10_000;
  catalogue = settled ? { changedAt, journeys: live } : undefined;
  return live;
}
const enterPorts = { published: { journeys: liveJourneys }, participants, facts: segments, queue, clock: systemClock };
const reactionPorts = { participants, journeys, queue, clock: systemClock };

/** An order names its person by id or by address (the ERP's); an unknown address starts nothing. */
async function orderContact(detail: unknown): Promise<string | undefined> {
  const order = eventCatalog.orderPlaced.parse(detail);
  if (order.contactId) return order.contactId;
  return order.email ? (await contacts.getByEmail(normaliseEmail(order.email)))?.id : undefined;
}

/** The event as the journeys see it: what may start one, and what may move or end participants. */
async function readEvent(event: EventBridgeEvent<string, unknown>): Promise<{ trigger?: TriggerEvent; reaction?: JourneyReaction }> {
  const { detail } = event;
  switch (event['detail-type']) {
    case eventCatalog.leadCaptured.detailType: {
      const lead = eventCatalog.leadCaptured.parse(detail);
      return {
        trigger: {
          type: 'lead_captured',
          contactId: lead.contactId,
          ...(lead.formId ? { formId: lead.formId } : {}),
          ...(lead.campaignId ? { campaignId: lead.campaignId } : {}),
        },
      };
    }
    case eventCatalog.consentGranted.detailType: {
      const change = eventCatalog.consentGranted.parse(detail);
      return { trigger: { type: 'consent_granted', contactId: change.contactId, topic: change.topic } };
    }
    case eventCatalog.consentWithdrawn.detailType: {
      const change = eventCatalog.consentWithdrawn.parse(detail);
      return { reaction: { type: 'consent_withdrawn', contactId: change.contactId, topic: change.topic } };
    }
    case eventCatalog.segmentEntered.detailType: {
      const membership = eventCatalog.segmentEntered.parse(detail);
      return { trigger: { type: 'segment_entered', contactId: membership.contactId, segmentId: membership.segmentId } };
    }
    case eventCatalog.segmentExited.detailType: {
      const membership = eventCatalog.segmentExited.parse(detail);
      return { reaction: { type: 'segment_exited', contactId: membership.contactId, segmentId: membership.segmentId } };
    }
    case eventCatalog.orderPlaced.detailType: {
      const contactId = await orderContact(detail);
      return contactId ? { trigger: { type: 'order_placed', contactId }, reaction: { type: 'order_placed', contactId } } : {};
    }
    case eventCatalog.emailOpened.detailType:
    case eventCatalog.emailClicked.detailType: {
      const opened = event['detail-type'] === eventCatalog.emailOpened.detailType;
      const mail = (opened ? eventCatalog.emailOpened : eventCatalog.emailClicked).parse(detail);
      if (!mail.journeyId || !mail.stepId) return {};
      return {
        reaction: {
          type: 'email_engaged',
          contactId: mail.contactId,
          journeyId: mail.journeyId,
          stepId: mail.stepId,
          event: opened ? 'opened' : 'clicked',
          at: mail.occurredAt,
        },
      };
    }
    default:
      return {};
  }
}

/**
 * Journeys on the bus: a trigger enters people (each once, or again after the re-entry days), an open or
 * click moves the branch that waits for it, a goal or an unsubscribe ends the journey. A detail that fails
 * its schema throws, so EventBridge retries it and parks it in the dead-letter queue.
 */
export const handler = observedHandler(async (event: EventBridgeEvent<string, unknown>) => {
  const { trigger, reaction } = await readEvent(event);
  // The reaction first: an order that is a goal ends the journey before the same order could start another.
  const moved = reaction ? await reactToJourneyEvent(reactionPorts, reaction) : 0;
  const entered = trigger ? (await enterJourneys(enterPorts, trigger)).entered.length : 0;
  if (moved > 0 || entered > 0) logger.info('journey event processed', { eventId: event.id, detailType: event['detail-type'], moved, entered });
});
