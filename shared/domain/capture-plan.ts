import { applyTouch, type Touch } from './attribution';
import { type ConsentProof, type ConsentState, type Contact, emptyContact, PROFILE_FIELDS, type Profile, type Touchpoint } from './contact';
import type { CustomFieldValues } from './custom-field-value';
import type { Topic } from './topic';
import { type ChannelProof, type ChannelsPatch, planChannelChanges } from './channel-rules';
import { addressOf, isCompleteAddress, mergeAddressParts } from './postal-address';
import type { Address } from './address';

/** A second submission within this window does not mail the same person again. */
export const CONFIRMATION_RESEND_WINDOW_MS = 10 * 60 * 1000;

export type CaptureStatus = 'pending_confirmation' | 'subscribed' | 'captured';

export interface CaptureFacts {
  /** The contact as stored, or undefined when the email is new. */
  existing: Contact | undefined;
  /** The id to use when the contact is new. */
  newContactId: string;
  email: string;
  emailNormalised: string;
  profile: Profile;
  /** Custom field values the submission or row brings (checked against their definitions); newer win. */
  fields?: CustomFieldValues;
  /** The company `profile.company` resolved to. */
  companyId?: string;
  touchpoint: Omit<Touchpoint, 'contactId'>;
  /** Topics the person ticked, already checked against the form. */
  consentTopics: Topic[];
  doubleOptIn: boolean;
  evidence: { source: string; method: ConsentProof['method']; formId?: string; ip?: string; userAgent?: string; detail?: string };
  /** A street (with the profile's postalCode, city, country it makes the address) and channel answers (a form's checkboxes, an import's columns). */
  contactData?: { street?: string; channels?: ChannelsPatch; channelText?: string; address?: Address } | undefined;
  now: Date;
  newId: () => string;
}

export interface CapturePlan {
  contact: Contact;
  isNew: boolean;
  touchpoint: Touchpoint;
  proofs: ConsentProof[];
  channelProofs: ChannelProof[];
  /** Set when a confirmation mail is due for these topics. */
  confirmation?: { requestId: string; topics: string[] };
  status: CaptureStatus;
}

/**
 * Decides what one submission changes, without doing any I/O: the merged profile (newer non-empty
 * values win), first/last touch, each ticked topic's consent state with its proof, and whether a
 * confirmation mail is due. An already granted consent is never downgraded; an open request is
 * reused (so earlier links keep working) and re-mailed only after {@link CONFIRMATION_RESEND_WINDOW_MS}.
 */
export function planCapture(facts: CaptureFacts): CapturePlan {
  const at = facts.now.toISOString();
  const base = facts.existing ?? emptyContact(facts.newContactId, facts.email, facts.emailNormalised, facts.touchpoint.channel, facts.now);
  const touchpoint: Touchpoint = { ...facts.touchpoint, contactId: base.id };

  const profile: Profile = {};
  for (const field of PROFILE_FIELDS) {
    const value = facts.profile[field];
    if (value !== undefined && value !== '') profile[field] = value;
  }

  const consents: Record<string, ConsentState> = { ...base.consents };
  const proofs: ConsentProof[] = [];
  const openRequest = facts.consentTopics.map((topic) => consents[topic.id]).find((state) => state?.status === 'pending' && state.requestId)?.requestId;
  const requestId = openRequest ?? facts.newId();
  const confirmTopics: string[] = [];
  let mailDue = false;
  let anyPending = false;
  let anyGranted = false;

  for (const topic of facts.consentTopics) {
    const current = consents[topic.id];
    if (current?.status === 'granted') {
      anyGranted = true;
      continue;
    }
    const proof: ConsentProof = {
      id: facts.newId(),
      contactId: base.id,
      topic: topic.id,
      status: facts.doubleOptIn ? 'pending' : 'granted',
      at,
      method: facts.doubleOptIn ? facts.evidence.method : facts.evidence.method === 'double_opt_in' ? 'single_opt_in' : facts.evidence.method,
      source: facts.evidence.source,
      ...(facts.evidence.formId ? { formId: facts.evidence.formId } : {}),
      ...(facts.evidence.ip ? { ip: facts.evidence.ip } : {}),
      ...(facts.evidence.userAgent ? { userAgent: facts.evidence.userAgent } : {}),
      ...(facts.evidence.detail ? { detail: facts.evidence.detail } : {}),
      textVersion: topic.textVersion,
      text: topic.consentText,
      ...(facts.doubleOptIn ? { requestId } : {}),
    };
    proofs.push(proof);
    if (!facts.doubleOptIn) {
      consents[topic.id] = {
        status: 'granted',
        at,
        ...(facts.evidence.formId ? { formId: facts.evidence.formId } : {}),
        textVersion: topic.textVersion,
      };
      anyGranted = true;
      continue;
    }
    anyPending = true;
    confirmTopics.push(topic.id);
    const reused = current?.status === 'pending' && current.requestId === requestId;
    const recentlyMailed = reused && current.mailSentAt !== undefined && facts.now.getTime() - Date.parse(current.mailSentAt) < CONFIRMATION_RESEND_WINDOW_MS;
    if (!recentlyMailed) mailDue = true;
    consents[topic.id] = {
      status: 'pending',
      at: reused ? current.at : at,
      requestId,
      requestedAt: at,
      ...(reused && current.mailSentAt ? { mailSentAt: current.mailSentAt } : {}),
      ...(facts.evidence.formId ? { formId: facts.evidence.formId } : {}),
      textVersion: topic.textVersion,
    };
  }

  const touches = applyTouch(base, touchOf(touchpoint));
  let contact: Contact = {
    ...base,
    ...profile,
    ...(facts.companyId ? { companyId: facts.companyId } : {}),
    ...(facts.fields && Object.keys(facts.fields).length > 0 ? { fields: { ...base.fields, ...facts.fields } } : {}),
    ...touches,
    consents,
    updatedAt: at,
  };
  // The address is the one place: parts that make a complete address (with what the person had) are
  // written there and the flat fields dropped; an incomplete one stays in the flat fields as before.
  const street = facts.contactData?.street;
  // A form's complete, validated address replaces the one the person had.
  const address =
    facts.contactData?.address ??
    mergeAddressParts(base.address ?? addressOf(base), {
      ...(street ? { street } : {}),
      postalCode: profile.postalCode,
      city: profile.city,
      country: profile.country,
    });
  if (isCompleteAddress(address)) {
    const { postalCode: _postalCode, city: _city, country: _country, ...rest } = contact;
    contact = { ...rest, address };
  }
  let channelProofs: ChannelProof[] = [];
  if (facts.contactData?.channels) {
    const plan = planChannelChanges(
      base.channels,
      facts.contactData.channels,
      { kind: 'contact', id: base.id },
      {
        method: facts.evidence.method === 'import' ? 'import' : 'form',
        source: facts.evidence.source,
        ...(facts.evidence.ip ? { ip: facts.evidence.ip } : {}),
        ...(facts.evidence.userAgent ? { userAgent: facts.evidence.userAgent } : {}),
        ...(facts.contactData.channelText ? { text: facts.contactData.channelText } : {}),
      },
      facts.now,
      facts.newId,
    );
    contact = { ...contact, channels: plan.channels };
    channelProofs = plan.proofs;
  }

  const status: CaptureStatus = anyPending ? 'pending_confirmation' : anyGranted ? 'subscribed' : 'captured';
  return {
    contact,
    isNew: facts.existing === undefined,
    touchpoint,
    proofs,
    channelProofs,
    ...(mailDue ? { confirmation: { requestId, topics: confirmTopics } } : {}),
    status,
  };
}

/** The attribution-relevant part of a touchpoint, as kept in first/last touch. */
export function touchOf(touchpoint: Touchpoint): Touch {
  const { at, campaignId, campaignCode, channel, source, medium, formId } = touchpoint;
  return {
    at,
    channel,
    source,
    ...(campaignId ? { campaignId } : {}),
    ...(campaignCode ? { campaignCode } : {}),
    ...(medium ? { medium } : {}),
    ...(formId ? { formId } : {}),
  };
}
