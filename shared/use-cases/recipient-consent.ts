import type { ChangeEvidence } from '#shared/domain/consent-change';
import type { Contact } from '#shared/domain/contact';
import { planConsentChanges } from '#shared/domain/consent-change';
import { InvalidTokenError } from '#shared/domain/errors';
import type { Topic } from '#shared/domain/topic';
import type { TokenSigner } from '#shared/security/token-signer';
import { ConcurrentWriteError } from './port-errors';
import type { Clock } from './ports';
import type { OfferedTopics } from './catalog-ports';
import type { ConsentChangeContacts, UnsubscribeMailings } from './mailing-ports';

const MAX_ATTEMPTS = 5;
/** A preference page lists at most this many topics. */
const TOPIC_LIMIT = 200;

export interface RecipientConsentPorts {
  contacts: ConsentChangeContacts;
  topics: OfferedTopics;
  mailings: UnsubscribeMailings;
  signer: TokenSigner;
  clock: Clock;
  newId: () => string;
  /** Lifetime of the preference link the unsubscribe page offers. */
  preferencesTokenTtlDays: number;
}

export interface UnsubscribeResult {
  outcome: 'unsubscribed' | 'already_unsubscribed';
  topics: Array<Pick<Topic, 'id' | 'name'>>;
  locale?: string;
  /** A fresh token for the preference page (absent when the person was erased). */
  preferencesToken?: string;
}

function requestEvidence(method: ChangeEvidence['method'], mailingId: string | undefined, evidence: { ip?: string; userAgent?: string }): ChangeEvidence {
  return { method, source: mailingId ? `email:${mailingId}` : 'link', ...evidence };
}

/** Applies wanted consent states with the usual optimistic retry; returns the topics that changed. */
async function applyChanges(
  ports: RecipientConsentPorts,
  contactId: string,
  wanted: (topics: Topic[]) => Parameters<typeof planConsentChanges>[1],
  topics: Topic[],
  evidence: ChangeEvidence,
): Promise<{ changed: string[]; locale?: string } | undefined> {
  for (let attempt = 1; ; attempt += 1) {
    const contact = await ports.contacts.get(contactId);
    if (!contact) return undefined;
    const plan = planConsentChanges(contact, wanted(topics), evidence, ports.clock.now(), ports.newId);
    try {
      if (plan.proofs.length > 0) await ports.contacts.update(plan.contact, { proofs: plan.proofs });
      return { changed: plan.changed, ...(contact.locale ? { locale: contact.locale } : {}) };
    } catch (error) {
      if (!(error instanceof ConcurrentWriteError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

function preferencesToken(ports: RecipientConsentPorts, contactId: string, mailingId: string | undefined): string {
  const exp = Math.floor(ports.clock.now().getTime() / 1000) + ports.preferencesTokenTtlDays * 86_400;
  return ports.signer.sign({ v: 1, purpose: 'preferences', contactId, topics: [], ...(mailingId ? { requestId: mailingId } : {}), exp });
}

/** What an unsubscribe link is about, without acting on it (the page that asks first). */
export async function describeUnsubscribe(ports: RecipientConsentPorts, token: string): Promise<Omit<UnsubscribeResult, 'outcome'>> {
  const claims = ports.signer.verify(token, 'unsubscribe', ports.clock.now());
  const [contact, topics] = await Promise.all([ports.contacts.get(claims.contactId), ports.topics.getMany(claims.topics)]);
  return {
    topics: topics.map((topic) => ({ id: topic.id, name: topic.name })),
    ...(contact?.locale ? { locale: contact.locale } : {}),
    ...(contact ? { preferencesToken: preferencesToken(ports, claims.contactId, claims.requestId) } : {}),
  };
}

/**
 * One-click unsubscribe (RFC 8058) from a mail's signed link: withdraws the mailing's topic with proof
 * (method, mailing, IP, user agent) and counts the unsubscribe for the mailing and its campaign once.
 * Repeating it changes nothing. A link for a person since erased answers as done: nobody is mailed.
 */
export async function unsubscribe(
  ports: RecipientConsentPorts,
  request: { token: string; evidence: { ip?: string; userAgent?: string } },
): Promise<UnsubscribeResult> {
  const claims = ports.signer.verify(request.token, 'unsubscribe', ports.clock.now());
  const topics = await ports.topics.getMany(claims.topics);
  const result = await applyChanges(
    ports,
    claims.contactId,
    (found) => found.map((topic) => ({ topic, status: 'withdrawn' as const })),
    topics,
    requestEvidence('unsubscribe', claims.requestId, request.evidence),
  );
  const named = topics.map((topic) => ({ id: topic.id, name: topic.name }));
  if (!result) return { outcome: 'already_unsubscribed', topics: named };
  if (result.changed.length > 0 && claims.requestId) {
    const mailing = await ports.mailings.get(claims.requestId);
    const at = ports.clock.now().toISOString();
    if (mailing) {
      await ports.mailings.recordMailEvent({ mailingId: mailing.id, contactId: claims.contactId, kind: 'unsubscribed', at, campaignId: mailing.campaignId });
      await ports.contacts.addMailEntry(claims.contactId, { id: `${mailing.id}-unsubscribed`, at, kind: 'unsubscribed', mailingId: mailing.id });
    }
  }
  return {
    outcome: result.changed.length > 0 ? 'unsubscribed' : 'already_unsubscribed',
    topics: named,
    ...(result.locale ? { locale: result.locale } : {}),
    preferencesToken: preferencesToken(ports, claims.contactId, claims.requestId),
  };
}

export interface PreferencesView {
  locale?: string;
  topics: Array<{ id: string; name: string; description?: string; subscribed: boolean }>;
}

/**
 * The topics a preference page offers: every topic in use, and archived ones the person still holds
 * a consent for, so they can always leave a topic however old.
 */
async function offeredTopics(ports: RecipientConsentPorts, contact: Pick<Contact, 'consents'>): Promise<Topic[]> {
  const [active, archived] = await Promise.all([ports.topics.list(TOPIC_LIMIT), ports.topics.list(TOPIC_LIMIT, undefined, { archived: true })]);
  const held = (topic: Topic) => {
    const status = contact.consents[topic.id]?.status;
    return status === 'granted' || status === 'pending';
  };
  return [...active.items, ...archived.items.filter(held)];
}

/** The recipient's topics for the preference page: every topic, ticked where consent is granted. */
export async function viewPreferences(ports: RecipientConsentPorts, token: string): Promise<PreferencesView> {
  const claims = ports.signer.verify(token, 'preferences', ports.clock.now());
  const contact = await ports.contacts.get(claims.contactId);
  if (!contact) throw new InvalidTokenError('The link is no longer valid');
  return {
    ...(contact.locale ? { locale: contact.locale } : {}),
    topics: (await offeredTopics(ports, contact)).map((topic) => ({
      id: topic.id,
      name: topic.name,
      ...(topic.description ? { description: topic.description } : {}),
      subscribed: contact.consents[topic.id]?.status === 'granted',
    })),
  };
}

/**
 * Saves the preference page: ticked topics are granted (the link reached this mailbox, which is the
 * proof double opt-in asks for), unticked ones withdrawn, each change with its proof.
 */
export async function updatePreferences(
  ports: RecipientConsentPorts,
  request: { token: string; subscribed: readonly string[]; evidence: { ip?: string; userAgent?: string } },
): Promise<PreferencesView & { changed: string[] }> {
  const claims = ports.signer.verify(request.token, 'preferences', ports.clock.now());
  const contact = await ports.contacts.get(claims.contactId);
  if (!contact) throw new InvalidTokenError('The link is no longer valid');
  const topics = await offeredTopics(ports, contact);
  const chosen = new Set(request.subscribed);
  const result = await applyChanges(
    ports,
    claims.contactId,
    (found) => found.map((topic) => ({ topic, status: chosen.has(topic.id) ? ('granted' as const) : ('withdrawn' as const) })),
    topics,
    requestEvidence('preferences', claims.requestId, request.evidence),
  );
  if (!result) throw new InvalidTokenError('The link is no longer valid');
  return { ...(await viewPreferences(ports, request.token)), changed: result.changed };
}
