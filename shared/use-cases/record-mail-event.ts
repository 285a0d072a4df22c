import { normaliseEmail } from '#shared/domain/email';
import type { MailEventKind } from '#shared/domain/mailing';
import { type SesEvent, toMailEvent } from '#shared/domain/ses-event';
import { type EventDefinition, eventCatalog } from '#shared/events/catalog';
import type { DomainEvent } from '#shared/events/publisher';
import type { MailEventCounts, MailTimeline, SuppressionAdder } from './mailing-ports';

/** A journey mail's SES event, recorded once per message and kind (the claim) with its announcement. */
export interface JourneyMailEvents {
  recordMailEvent(event: { contactId: string; messageId: string; kind: MailEventKind; at: string }, announce?: DomainEvent): Promise<boolean>;
}

export interface MailEventPorts {
  mailings: MailEventCounts;
  journeyParticipants: JourneyMailEvents;
  contacts: MailTimeline;
  suppressions: SuppressionAdder;
}

export type MailEventOutcome = 'counted' | 'repeat' | 'ignored';

/** The events a counted mail event announces (journeys branch on them); deliveries announce nothing. */
const ANNOUNCED: Partial<Record<MailEventKind, EventDefinition>> = {
  opened: eventCatalog.emailOpened,
  clicked: eventCatalog.emailClicked,
  bounced: eventCatalog.emailBounced,
  complained: eventCatalog.emailComplained,
};

/**
 * A SES event for a mailing's or a journey's mail: counted once per recipient and kind (mailing and
 * campaign counters; a journey's step counts opens and clicks when the journey records them), written to
 * the contact's timeline, and for a hard bounce or a complaint the address is
 * suppressed at once. The first open, click, bounce and complaint of a recipient is announced
 * (`email.opened` / `email.clicked` / `email.bounced` / `email.complained`) through the outbox, in
 * the transaction that counts it, with an id derived from the SES message. Events for other mails
 * (the double opt-in ones) and soft bounces are ignored. Safe to receive twice.
 */
export async function recordMailEvent(ports: MailEventPorts, event: SesEvent): Promise<MailEventOutcome> {
  const mail = toMailEvent(event);
  if (!mail) return 'ignored';
  // Suppression first: it is what protects the sender's reputation, and it is idempotent.
  const address = event.mail.destination[0];
  if (mail.suppress && address) {
    await ports.suppressions.add({
      email: address,
      emailNormalised: normaliseEmail(address),
      reason: mail.suppress,
      at: mail.at,
      source: `ses:${mail.messageId}`,
    });
  }
  const entryId = `${mail.messageId}-${mail.kind}`;
  const source = mail.mailingId ? { mailingId: mail.mailingId } : { journeyId: mail.journeyId, stepId: mail.stepId };
  const announce = ANNOUNCED[mail.kind]?.event({ id: entryId, contactId: mail.contactId, ...source, occurredAt: mail.at });
  const counted = mail.mailingId
    ? await ports.mailings.recordMailEvent(
        { mailingId: mail.mailingId, contactId: mail.contactId, kind: mail.kind, at: mail.at, ...(mail.campaignId ? { campaignId: mail.campaignId } : {}) },
        announce,
      )
    : await ports.journeyParticipants.recordMailEvent({ contactId: mail.contactId, messageId: mail.messageId, kind: mail.kind, at: mail.at }, announce);
  await ports.contacts.addMailEntry(mail.contactId, {
    id: entryId,
    at: mail.at,
    kind: mail.kind,
    ...source,
    messageId: mail.messageId,
    ...(mail.link ? { link: mail.link } : {}),
  });
  return counted ? 'counted' : 'repeat';
}
