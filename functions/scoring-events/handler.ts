import type { EventBridgeEvent } from 'aws-lambda';
import { newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import type { ScoreEntry } from '#shared/domain/scoring';
import { eventCatalog } from '#shared/events/catalog';
import { logger } from '#shared/logger';
import { observedHandler } from '#shared/observed-handler';
import { runScoringRebuild, scoreContact, startDecayRun } from '#shared/use-cases/score-contacts';

const table = tableRef();
const { forms, mailings, topics, scoring: scoringStore } = repositoriesFor(table);
const ports = { scoring: scoringStore, clock: systemClock, newId };

/**
 * The rules, read at most every 10 s per container. A stale copy is safe: every rules change starts a
 * rebuild, and a score written under older rules than the profile's fails its condition and re-reads them.
 */
let rules: { at: number; config: ReturnType<typeof scoringStore.config> } | undefined;
function currentRules() {
  if (!rules || Date.now() - rules.at > 10_000) rules = { at: Date.now(), config: scoringStore.config() };
  return rules.config;
}

/** Time kept back from Lambda's limit to save the rebuild's position and hand on. */
const SAFETY_MS = 60_000;

/** What the ledger shows for a form, mailing or topic: its name when it still exists, else its id. */
async function nameOf(find: Promise<{ name: string } | undefined>, id: string): Promise<string> {
  return (await find)?.name ?? id;
}

/** A bus event as a scorable event of one contact, or undefined for one that scores nothing (a lead.captured from the API). */
async function readScoringEvent(event: EventBridgeEvent<string, unknown>): Promise<{ contactId: string; entry: ScoreEntry } | undefined> {
  const { detail } = event;
  const at = (value: string) => new Date(value).toISOString();
  switch (event['detail-type']) {
    case eventCatalog.leadCaptured.detailType: {
      const lead = eventCatalog.leadCaptured.parse(detail);
      const base = { eventId: lead.id, at: at(lead.occurredAt) };
      if (lead.formId)
        return {
          contactId: lead.contactId,
          entry: { ...base, kind: 'form_submitted', ref: lead.formId, label: await nameOf(forms.get(lead.formId), lead.formId) },
        };
      if (lead.importId) return { contactId: lead.contactId, entry: { ...base, kind: 'imported', ref: lead.importId, label: lead.importId } };
      return undefined;
    }
    case eventCatalog.emailOpened.detailType:
    case eventCatalog.emailClicked.detailType: {
      const opened = event['detail-type'] === eventCatalog.emailOpened.detailType;
      const mail = (opened ? eventCatalog.emailOpened : eventCatalog.emailClicked).parse(detail);
      const ref = mail.mailingId ?? mail.journeyId;
      const label = mail.mailingId ? await nameOf(mailings.get(mail.mailingId), mail.mailingId) : (mail.journeyId ?? 'mail');
      return {
        contactId: mail.contactId,
        entry: { eventId: mail.id, at: at(mail.occurredAt), kind: opened ? 'email_opened' : 'email_clicked', ...(ref ? { ref } : {}), label },
      };
    }
    case eventCatalog.orderRecorded.detailType: {
      const order = eventCatalog.orderRecorded.parse(detail);
      return {
        contactId: order.contactId,
        entry: { eventId: order.id, at: at(order.occurredAt), kind: 'order_placed', ref: order.orderId, label: order.orderId },
      };
    }
    case eventCatalog.activityLogged.detailType: {
      const activity = eventCatalog.activityLogged.parse(detail);
      return {
        contactId: activity.contactId,
        entry: { eventId: activity.id, at: at(activity.occurredAt), kind: 'activity_logged', ref: activity.activityId, label: activity.activityType },
      };
    }
    case eventCatalog.consentGranted.detailType: {
      const consent = eventCatalog.consentGranted.parse(detail);
      return {
        contactId: consent.contactId,
        entry: {
          eventId: consent.id,
          at: at(consent.occurredAt),
          kind: 'consent_granted',
          ref: consent.topic,
          label: await nameOf(topics.get(consent.topic), consent.topic),
        },
      };
    }
    default:
      return undefined;
  }
}

/**
 * Lead scoring on the bus. A scorable event becomes one ledger entry of its contact, claimed by the
 * event's id in the transaction that writes the new score (a redelivery or replay changes nothing);
 * `scoring.rebuild.requested` runs (or continues) a rebuild of every score; the daily schedule starts a
 * decay run (a rebuild: points age by full months). A detail that fails its schema throws, so the
 * delivery is retried and then parked in the dead-letter queue.
 */
export const handler = observedHandler(async (event: EventBridgeEvent<string, unknown>, context?: { getRemainingTimeInMillis?: () => number }) => {
  if (event['detail-type'] === eventCatalog.scoringRebuildRequested.detailType) {
    const { runId } = eventCatalog.scoringRebuildRequested.parse(event.detail);
    const remaining = context?.getRemainingTimeInMillis?.() ?? 900_000;
    const result = await runScoringRebuild(ports, runId, { deadline: Date.now() + Math.max(1_000, remaining - SAFETY_MS) });
    logger.info('scoring rebuild', { runId, ...result });
    return;
  }
  if (event.source === 'aws.events') {
    const started = await startDecayRun(ports);
    logger.info('scoring decay run', started);
    return;
  }
  const scorable = await readScoringEvent(event);
  if (!scorable) return;
  const outcome = await scoreContact(ports, scorable.contactId, scorable.entry, await currentRules());
  logger.debug('scoring event', { eventId: scorable.entry.eventId, kind: scorable.entry.kind, outcome });
});
