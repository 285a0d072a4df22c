import { type RecipientFacts, recipientVerdict } from '#shared/domain/mailing';
import type { SuppressionCheck } from './mailing-ports';

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
