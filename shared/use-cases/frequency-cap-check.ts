import { type FrequencyCap, nextAllowedSend } from '#shared/domain/frequency-cap';

/** The frequency cap as the senders see it: the setting now, and when the person was sent marketing mails. */
export interface FrequencyCapPort {
  cap(): Promise<FrequencyCap | undefined>;
  sentSince(contactId: string, since: Date): Promise<string[]>;
}

/**
 * When the next marketing mail may go to the person: `now` when the cap is off (or there is no port) or
 * allows it, else the moment it will. Journeys wait until then; mailings skip the person (`capped`).
 */
export async function nextSendAllowed(port: FrequencyCapPort | undefined, contactId: string, now: Date): Promise<Date> {
  const cap = await port?.cap();
  if (!cap || !port) return now;
  return nextAllowedSend(await port.sentSince(contactId, new Date(now.getTime() - cap.days * 86_400_000)), cap, now);
}
