import { normaliseEmail } from '#shared/domain/email';
import { type SesEvent, toMailEvent } from '#shared/domain/ses-event';
import { eventCatalog } from '#shared/events/catalog';
import type { EventPublisher } from '#shared/events/publisher';
import type { ContactRepository } from '#shared/store/contact-repository';
import type { MailingRepository } from '#shared/store/mailing-repository';
import type { SuppressionRepository } from '#shared/store/suppression-repository';

export interface MailEventPorts {
  mailings: Pick<MailingRepository, 'recordMailEvent'>;
  contacts: Pick<ContactRepository, 'addMailEntry'>;
  suppressions: Pick<SuppressionRepository, 'add'>;
  events: EventPublisher;
  newId: () => string;
}

export type MailEventOutcome = 'counted' | 'repeat' | 'ignored';

/**
 * A SES event for a mailing's mail: counted once per recipient and kind (mailing and campaign
 * counters), written to the contact's timeline, and for a hard bounce or a complaint the address is
 * suppressed at once and `email.bounced` / `email.complained` published. Events for other mails (the
 * double opt-in ones) and soft bounces are ignored. Safe to receive twice.
 */
export async function recordMailEvent(ports: MailEventPorts, event: SesEvent): Promise<MailEventOutcome> {
  const mail = toMailEvent(event);
  if (!mail) return 'ignored';
  // Suppression first: it is what protects the sender's reputation, and it is idempotent.
  const address = event.mail.destination[0];
  if (mail.suppress && address) {
    await ports.suppressions.add({ email: address, emailNormalised: normaliseEmail(address), reason: mail.suppress, at: mail.at, source: `ses:${mail.messageId}` });
  }
  const counted = await ports.mailings.recordMailEvent({ mailingId: mail.mailingId, contactId: mail.contactId, kind: mail.kind, at: mail.at, ...(mail.campaignId ? { campaignId: mail.campaignId } : {}) });
  await ports.contacts.addMailEntry(mail.contactId, {
    id: `${mail.messageId}-${mail.kind}`,
    at: mail.at,
    kind: mail.kind,
    mailingId: mail.mailingId,
    messageId: mail.messageId,
    ...(mail.link ? { link: mail.link } : {}),
  });
  if (counted && mail.suppress) {
    await ports.events.publish([
      (mail.suppress === 'bounce' ? eventCatalog.emailBounced : eventCatalog.emailComplained).event({ id: ports.newId(), contactId: mail.contactId, mailingId: mail.mailingId, occurredAt: mail.at }),
    ]);
  }
  return counted ? 'counted' : 'repeat';
}
