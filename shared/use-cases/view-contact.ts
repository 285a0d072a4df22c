import { normaliseEmail } from '#shared/domain/email';
import { NotFoundError } from '#shared/domain/errors';
import type { ContactRecord, ContactRepository } from '#shared/store/contact-repository';

export interface ContactView extends ContactRecord {
  /** One timeline of everything that happened, newest first. */
  timeline: Array<{ type: 'touchpoint' | 'consent'; at: string; [field: string]: unknown }>;
  /** Current consent per topic with the proofs behind it, newest first. */
  consentsByTopic: Record<string, { status: string; at: string; proofs: ContactRecord['consentProofs'] }>;
}

/** The contact with its touchpoints, consents and their proofs, and one merged timeline. */
export async function viewContact(ports: { contacts: Pick<ContactRepository, 'getRecord'> }, id: string): Promise<ContactView> {
  const record = await ports.contacts.getRecord(id);
  if (!record) throw new NotFoundError('Contact', id);
  const timeline = [
    ...record.touchpoints.map((entry) => ({ ...entry, type: 'touchpoint' as const })),
    ...record.consentProofs.map((entry) => ({ ...entry, type: 'consent' as const })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  const consentsByTopic: ContactView['consentsByTopic'] = {};
  for (const [topic, state] of Object.entries(record.contact.consents)) {
    consentsByTopic[topic] = { status: state.status, at: state.at, proofs: record.consentProofs.filter((proof) => proof.topic === topic) };
  }
  return { ...record, timeline, consentsByTopic };
}

/** Contacts whose email is `email` (zero or one: an address belongs to one person). */
export async function findContactsByEmail(ports: { contacts: Pick<ContactRepository, 'getByEmail'> }, email: string) {
  const contact = await ports.contacts.getByEmail(normaliseEmail(email));
  return contact ? [contact] : [];
}
