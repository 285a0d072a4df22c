import type { Address } from './address';
import { type ChannelEvidence, type ChannelProof, type ChannelsPatch, planChannelChanges } from './channel-rules';
import type { Contact } from './contact';

/**
 * A contact with new channel preferences and a new address: the channels change with a proof each,
 * the address replaces the old one (and the flat postalCode/city/country stored before addresses
 * existed, so the address is the one place); `null` removes it.
 */
export function withContactData(
  contact: Contact,
  change: { channels?: ChannelsPatch | undefined; address?: Address | null | undefined },
  evidence: ChannelEvidence,
  now: Date,
  newId: () => string,
): { contact: Contact; proofs: ChannelProof[] } {
  let next: Contact = contact;
  let proofs: ChannelProof[] = [];
  if (change.channels) {
    const plan = planChannelChanges(contact.channels, change.channels, { kind: 'contact', id: contact.id }, evidence, now, newId);
    next = { ...next, channels: plan.channels };
    proofs = plan.proofs;
  }
  if (change.address !== undefined) {
    const { postalCode: _postalCode, city: _city, country: _country, address: _address, ...rest } = next;
    next = change.address === null ? rest : { ...rest, address: change.address };
  }
  return { contact: next, proofs };
}
