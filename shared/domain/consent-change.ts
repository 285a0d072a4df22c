import type { ConsentProof, ConsentStatus, Contact } from './contact';
import type { Topic } from './topic';

/** Who changed their consent, where: a recipient through a mail's link. */
export interface ChangeEvidence {
  method: 'unsubscribe' | 'preferences';
  /** `email:<mailingId>` for links in a mailing. */
  source: string;
  ip?: string;
  userAgent?: string;
}

/**
 * A recipient's own consent changes (one-click unsubscribe, the preference page): each topic moved to
 * `granted` or `withdrawn` gets a proof with the evidence and, when granted, the wording agreed to.
 * Topics already in the wanted state are left alone, so repeating a click changes nothing.
 */
export function planConsentChanges(
  contact: Contact,
  wanted: ReadonlyArray<{ topic: Topic; status: Extract<ConsentStatus, 'granted' | 'withdrawn'> }>,
  evidence: ChangeEvidence,
  now: Date,
  newId: () => string,
): { contact: Contact; proofs: ConsentProof[]; changed: string[] } {
  const at = now.toISOString();
  const consents = { ...contact.consents };
  const proofs: ConsentProof[] = [];
  for (const { topic, status } of wanted) {
    const current = consents[topic.id];
    if (current?.status === status) continue;
    // Withdrawing what was never asked for changes nothing worth recording.
    if (status === 'withdrawn' && current === undefined) continue;
    consents[topic.id] = { status, at, ...(status === 'granted' ? { textVersion: topic.textVersion } : {}) };
    proofs.push({
      id: newId(),
      contactId: contact.id,
      topic: topic.id,
      status,
      at,
      method: evidence.method,
      source: evidence.source,
      ...(evidence.ip ? { ip: evidence.ip } : {}),
      ...(evidence.userAgent ? { userAgent: evidence.userAgent } : {}),
      ...(status === 'granted' ? { textVersion: topic.textVersion, text: topic.consentText } : {}),
    });
  }
  const changed = proofs.map((proof) => proof.topic);
  return { contact: changed.length > 0 ? { ...contact, consents, updatedAt: at } : contact, proofs, changed };
}
