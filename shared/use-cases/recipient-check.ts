import { type RecipientFacts, recipientVerdict } from '#shared/domain/mailing';
import type { RecipientReader, SuppressionCheck } from './mailing-ports';

/** What the send check says about one contact: mail it, or why not. */
export type RecipientVerdict = ReturnType<typeof recipientVerdict>;

/**
 * The send check of the mailing pipeline for contacts whose facts are already read: one batched read
 * of the suppression list (BatchGet, 100 addresses a request) for all of them, then
 * {@link recipientVerdict} for each. The preparer, the sender and the segment preview's reach all
 * decide through this, so "who a mailing would reach" has one definition.
 */
export async function recipientVerdicts(
  suppressions: SuppressionCheck,
  recipients: readonly RecipientFacts[],
  topic: string,
): Promise<Map<string, RecipientVerdict>> {
  const suppressed = await suppressions.suppressedAmong(recipients.map((recipient) => recipient.emailNormalised));
  return new Map(recipients.map((recipient) => [recipient.id, recipientVerdict(recipient, topic, suppressed.has(recipient.emailNormalised))]));
}

/** One member after the send check: who may be mailed (with what the mail needs), or why not. */
export type CheckedMember =
  | { contactId: string; verdict: 'send'; recipient: RecipientFacts }
  | { contactId: string; verdict: 'skippedNoConsent' | 'suppressed' };

/** The send check for a slice of contact ids: consent for the topic, suppression, erasure. */
export async function checkMembers(
  ports: { contacts: RecipientReader; suppressions: SuppressionCheck },
  ids: readonly string[],
  topic: string,
): Promise<CheckedMember[]> {
  const facts = new Map((await ports.contacts.recipients(ids, topic)).map((recipient) => [recipient.id, recipient]));
  const verdicts = await recipientVerdicts(ports.suppressions, [...facts.values()], topic);
  return ids.map((contactId): CheckedMember => {
    const recipient = facts.get(contactId);
    const verdict = verdicts.get(contactId);
    // No profile left: erased since it entered the segment.
    if (!recipient || !verdict) return { contactId, verdict: 'suppressed' };
    return verdict === 'send' ? { contactId, verdict, recipient } : { contactId, verdict };
  });
}
