import { NotFoundError } from '#shared/domain/errors';
import { type ListedContact, listedContact } from '#shared/domain/listed-contact';
import type { Address } from '#shared/domain/address';
import type { Channel } from '#shared/domain/channel';
import { type ChannelProof, type EffectiveChannels, effectiveChannels } from '#shared/domain/channel-rules';
import type { Company } from '#shared/domain/company';
import { postalAddressOf } from '#shared/domain/postal-address';
import type { CompanyReader, ContactRecord, ContactRecords } from './contact-ports';
import type { SegmentsById } from './segment-ports';
import type { ScoreLine, ScoringConfig } from '#shared/domain/scoring';
import type { SegmentFacts } from '#shared/domain/segment-rule';
import { explainScore } from './score-contacts';
import type { Clock } from './ports';

/** The current scoring rules, to explain a contact's score. */
export interface ScoringRules {
  config(): Promise<ScoringConfig>;
}

export interface ContactView extends Omit<ContactRecord, 'contact' | 'scoreEntries'> {
  /** The profile without the store's bookkeeping. */
  contact: ListedContact;
  company: Company | null;
  /** Current consent per topic with the proofs behind it, newest first. */
  consentsByTopic: Record<string, { status: string; at: string; proofs: ContactRecord['consentProofs'] }>;
  /** One timeline of everything that happened, newest first. */
  timeline: Array<{ kind: 'touchpoint' | 'consent' | 'activity' | 'order' | 'email' | 'task'; at: string; [field: string]: unknown }>;
  /** The segments the contact is in, with when it entered each. */
  segments: Array<{ id: string; name: string; enteredAt: string }>;
  /** Each channel's effective state and why (the person, the company, or the default `allowed`). */
  effectiveChannels: EffectiveChannels;
  /** The proofs of each channel's changes, newest first. */
  channelHistory: Partial<Record<Channel, ChannelProof[]>>;
  /** Where business post goes, or null when neither the person's nor the company's address is complete. */
  postalAddress: { address: Address; from: 'contact' | 'company' } | null;
  /** Every point of the score explained under the current rules, newest first (empty without a scoring port). */
  scoreLedger: ScoreLine[];
}

/**
 * The 360° view: profile, company, consents per topic with their proof, first/last touch, touchpoints,
 * activities, orders, and one timeline of all of them, newest first.
 */
export async function viewContact(
  ports: { contacts: ContactRecords; companies: CompanyReader; segments: SegmentsById; scoring?: ScoringRules; clock?: Clock },
  id: string,
): Promise<ContactView> {
  const record = await ports.contacts.getRecord(id);
  if (!record) throw new NotFoundError('Contact', id);
  const memberships = record.contact.segments ?? {};
  const [company, segments, scoring] = await Promise.all([
    record.contact.companyId ? ports.companies.get(record.contact.companyId).then((found) => found ?? null) : null,
    ports.segments.getMany(Object.keys(memberships)),
    ports.scoring?.config(),
  ]);
  const timeline: ContactView['timeline'] = [
    ...record.touchpoints.map((entry) => ({ ...entry, kind: 'touchpoint' as const, touchpointKind: entry.kind })),
    ...record.consentProofs.map((entry) => ({ ...entry, kind: 'consent' as const })),
    ...record.activities.map((entry) => ({ ...entry, kind: 'activity' as const })),
    ...record.orders.map((entry) => ({ ...entry, kind: 'order' as const, at: entry.orderedAt })),
    ...record.mails.map((entry) => ({ ...entry, kind: 'email' as const, mailKind: entry.kind })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  const consentsByTopic: ContactView['consentsByTopic'] = {};
  for (const [topic, state] of Object.entries(record.contact.consents)) {
    consentsByTopic[topic] = { status: state.status, at: state.at, proofs: record.consentProofs.filter((proof) => proof.topic === topic) };
  }
  const segmentViews = segments
    .flatMap((segment) => {
      const enteredAt = memberships[segment.id];
      return enteredAt ? [{ id: segment.id, name: segment.name, enteredAt }] : [];
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const channelHistory: ContactView['channelHistory'] = {};
  for (const proof of record.channelProofs) {
    const history = channelHistory[proof.channel] ?? [];
    history.push(proof);
    channelHistory[proof.channel] = history;
  }
  const { scoreEntries, ...rest } = record;
  return {
    ...rest,
    contact: listedContact(record.contact),
    company,
    consentsByTopic,
    timeline,
    segments: segmentViews,
    // The company read now, not the profile's copy: the view shows the newest block at once.
    effectiveChannels: effectiveChannels(record.contact.channels, company ? company.channels : record.contact.companyChannels),
    channelHistory,
    postalAddress: postalAddressOf(record.contact, company ?? undefined) ?? null,
    scoreLedger: scoring ? explainScore(scoreEntries ?? [], scoring, record.contact as SegmentFacts, ports.clock?.now() ?? new Date()) : [],
  };
}
