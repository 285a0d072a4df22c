import { setTimeout as sleep } from 'node:timers/promises';
import { chooseCampaign, deriveSource } from '#shared/domain/attribution';
import { normaliseCampaignCode } from '#shared/domain/campaign';
import { type CaptureFacts, type CapturePlan, type CaptureStatus, planCapture } from '#shared/domain/capture-plan';
import type { ConsentProof, Contact, Profile, Touchpoint } from '#shared/domain/contact';
import { normaliseEmail, normaliseText } from '#shared/domain/email';
import { type FieldIssue, ForbiddenError, GoneError, NotFoundError, ValidationError } from '#shared/domain/errors';
import { type Form, type CustomFormFieldName, type FormFieldName, ignoredFields, isOriginAllowed } from '#shared/domain/form';
import { CUSTOM_FIELD_PREFIX, customValueFromText, customValueIssue } from '#shared/domain/custom-field';
import type { CustomFieldValues } from '#shared/domain/custom-field-value';
import type { CustomFieldDefinitions } from './custom-field-ports';
import { isHoneypotFilled, type Submission } from '#shared/domain/submission';
import { isAddressFormField, isChannelFormField, tickedChannels } from '#shared/domain/form-contact-data';
import { submittedAddress } from '#shared/domain/form-address';
import { eventCatalog } from '#shared/events/catalog';
import type { DomainEvent } from '#shared/events/publisher';
import { ConcurrentWriteError, EmailTakenError } from './port-errors';
import type { CapturePorts } from './ports';

/** How often a capture re-reads and re-plans when another request changed the same contact. */
const MAX_ATTEMPTS = 25;

/** Full-jitter exponential backoff, capped: concurrent writers to one contact spread out instead of colliding again. */
function backoff(attempt: number): Promise<void> {
  return sleep(Math.random() * Math.min(250, 4 * 2 ** attempt));
}

export interface CaptureResult {
  contactId: string;
  status: CaptureStatus;
  /** True when the submission was a bot's (honeypot) and nothing was stored. */
  discarded: boolean;
  /** Posted profile fields the form does not declare, so they were not stored. */
  ignoredFields: FormFieldName[];
}

export interface CaptureEvidence {
  ip?: string;
  userAgent?: string;
}

/**
 * The form a browser or backend is posting to, if it exists, is not archived and accepts posts from
 * `origin` (or it is the product's own console at `ownOrigin`). Throws {@link NotFoundError},
 * {@link ForbiddenError} or {@link GoneError}. The catalog caches forms for 30 s, so an archive
 * reaches every container within that time.
 */
export async function loadSubmissionForm(ports: Pick<CapturePorts, 'catalog'>, formId: string, origin: string | undefined, ownOrigin?: string): Promise<Form> {
  const form = await ports.catalog.form(formId);
  if (!form) throw new NotFoundError('Form', formId);
  if (!isOriginAllowed(form, origin, ownOrigin)) throw new ForbiddenError('This form does not accept submissions from this origin');
  if (form.archivedAt) throw new GoneError('This form has been retired and no longer accepts submissions');
  return form;
}

/**
 * Captures one web-form submission: the lead lands once per person (merged by normalised email, also
 * under concurrent submissions), with a touchpoint attributed to its campaign, consent proofs for the
 * ticked topics and, in the same transaction, for double opt-in `consent.requested`, from which the
 * outbox sends the confirmation mail (SES being down never fails the capture). Its `lead.captured` is
 * the touchpoint's stream record (shared/store/stream-records.ts).
 */
export async function captureLead(ports: CapturePorts, request: { form: Form; submission: Submission; evidence: CaptureEvidence }): Promise<CaptureResult> {
  const { form, submission } = request;
  const ignored = ignoredFields(form, submission);
  if (isHoneypotFilled(submission)) {
    return {
      contactId: ports.newId(),
      status: submission.consent.length > 0 && form.doubleOptIn ? 'pending_confirmation' : submission.consent.length > 0 ? 'subscribed' : 'captured',
      discarded: true,
      ignoredFields: ignored,
    };
  }
  checkRequiredFields(form, submission);
  const fields = await declaredCustomValues(ports.customFields, form, submission);
  const contactData = declaredContactData(form, submission);
  const unknownTopics = submission.consent.flatMap((topic, index) =>
    form.topics.includes(topic) ? [] : [{ path: `consent.${index}`, message: `${topic} is not a topic of this form` }],
  );
  if (unknownTopics.length > 0) throw new ValidationError('The submission is not valid', unknownTopics);

  const [topics, utmCampaign, formCampaign] = await Promise.all([
    ports.catalog.topics(submission.consent),
    submission.utm_campaign ? ports.catalog.campaignByCode(normaliseCampaignCode(submission.utm_campaign)) : undefined,
    form.campaignId ? ports.catalog.campaignById(form.campaignId) : undefined,
  ]);
  if (topics.length !== new Set(submission.consent).size)
    throw new NotFoundError('Topic', submission.consent.filter((id) => !topics.some((topic) => topic.id === id)).join(', '));

  const campaign = chooseCampaign(utmCampaign, formCampaign);
  const now = ports.clock.now();
  const emailNormalised = normaliseEmail(submission.email);
  const touchpoint: Omit<Touchpoint, 'contactId'> = {
    id: ports.newId(),
    at: now.toISOString(),
    kind: 'form_submission',
    channel: campaign?.channel ?? 'web',
    source: deriveSource(submission.utm_source, submission.referrer),
    formId: form.id,
    ...(campaign ? { campaignId: campaign.id, campaignCode: campaign.code } : {}),
    ...(submission.utm_medium ? { medium: submission.utm_medium.toLowerCase() } : {}),
    ...utmOf(submission),
    ...(submission.referrer ? { referrer: submission.referrer } : {}),
    ...(submission.pageUrl ? { pageUrl: submission.pageUrl } : {}),
  };
  const plan = await storeCapture(ports, {
    newContactId: ports.newId(),
    email: submission.email,
    emailNormalised,
    profile: declaredProfile(form, submission),
    ...(fields ? { fields } : {}),
    ...(contactData ? { contactData } : {}),
    touchpoint,
    consentTopics: topics,
    doubleOptIn: form.doubleOptIn,
    evidence: {
      source: `form:${form.id}`,
      method: 'double_opt_in',
      formId: form.id,
      ...(request.evidence.ip ? { ip: request.evidence.ip } : {}),
      ...(request.evidence.userAgent ? { userAgent: request.evidence.userAgent } : {}),
    },
  });
  return { contactId: plan.contact.id, status: plan.status, discarded: false, ignoredFields: ignored };
}

/**
 * Plans and writes a capture, creating the contact optimistically (one transaction for a new person)
 * and falling back to a versioned merge when the email is taken or the contact changed meanwhile.
 * Exported for the CSV import, which captures rows through the same path.
 */
export async function storeCapture(
  ports: Pick<CapturePorts, 'contacts' | 'companies' | 'clock' | 'newId'>,
  input: {
    newContactId: string;
    email: string;
    emailNormalised: string;
    profile: Profile;
    fields?: CustomFieldValues;
    touchpoint: Omit<Touchpoint, 'contactId'>;
    consentTopics: Parameters<typeof planCapture>[0]['consentTopics'];
    doubleOptIn: boolean;
    evidence: { source: string; method: ConsentProof['method']; formId?: string; ip?: string; userAgent?: string; detail?: string };
    /** The file and row of an import: the touchpoint is that row's claim, so a re-posted file writes the row once. */
    importRow?: { importId: string; row: number };
    /** A street and channel answers (shared/domain/capture-plan.ts). */
    contactData?: CaptureFacts['contactData'];
  },
): Promise<CapturePlan & { contact: Contact }> {
  const companyId = input.profile.company ? await ports.companies.ensure(input.profile.company, ports.newId, ports.clock.now()) : undefined;
  const facts = { ...input, ...(companyId ? { companyId } : {}) };
  let existing: Contact | undefined;
  let knownTaken = false;
  for (let attempt = 1; ; attempt += 1) {
    const plan = planCapture({ ...facts, existing, now: ports.clock.now(), newId: ports.newId });
    const entries = {
      touchpoints: [plan.touchpoint],
      proofs: plan.proofs,
      ...(plan.channelProofs.length > 0 ? { channelProofs: plan.channelProofs } : {}),
      events: captureEvents(plan, ports.newId),
      ...(input.importRow ? { importRow: input.importRow } : {}),
    };
    try {
      const contact = plan.isNew ? await ports.contacts.create(plan.contact, entries) : await ports.contacts.update(plan.contact, entries);
      return { ...plan, contact };
    } catch (error) {
      const retryable = error instanceof EmailTakenError || error instanceof ConcurrentWriteError;
      if (!retryable || attempt >= MAX_ATTEMPTS) throw error;
      if (error instanceof EmailTakenError) knownTaken = true;
      if (error instanceof ConcurrentWriteError) await backoff(attempt);
    }
    existing = knownTaken ? await ports.contacts.getByEmail(facts.emailNormalised) : undefined;
  }
}

/**
 * What a capture puts into the outbox with it: `consent.requested` when a confirmation mail is due (the
 * outbox's consumer sends it, so the capture never waits for SES). Its `lead.captured` needs no outbox
 * item: the touchpoint's stream record is it, with the touchpoint's id.
 */
function captureEvents(plan: CapturePlan, newId: () => string): DomainEvent[] {
  const { touchpoint } = plan;
  if (!plan.confirmation) return [];
  const requested = eventCatalog.consentRequested.event({
    id: newId(),
    occurredAt: touchpoint.at,
    contactId: plan.contact.id,
    topics: plan.confirmation.topics,
    requestId: plan.confirmation.requestId,
    ...(touchpoint.formId ? { formId: touchpoint.formId } : {}),
  });
  return [requested];
}

function checkRequiredFields(form: Form, submission: Submission): void {
  const missing = form.fields.filter(
    (field) => field.required && !isCustomFormField(field.name) && !isChannelFormField(field.name) && !normaliseText(submission[field.name]),
  );
  if (missing.length > 0) {
    throw new ValidationError(
      'The submission is not valid',
      missing.map((field) => ({ path: field.name, message: 'is required' })),
    );
  }
}

/** Only the profile fields the form declares are kept (data minimisation); locale is always kept. */
function declaredProfile(form: Form, submission: Submission): Profile {
  const profile: Profile = {};
  for (const field of form.fields) {
    if (isCustomFormField(field.name) || isChannelFormField(field.name) || isAddressFormField(field.name)) continue;
    const value = normaliseText(submission[field.name]);
    if (value) profile[field.name] = value;
  }
  if (submission.locale) profile.locale = submission.locale;
  return profile;
}

/**
 * The channel boxes ticked (allowed, with the boxes' texts for the proof) and the address, from the
 * fields the form declares; an address that does not validate is a 400 naming its field.
 */
function declaredContactData(form: Form, submission: Submission): CaptureFacts['contactData'] {
  const ticked = tickedChannels(form, submission);
  const address = submittedAddress(form, submission);
  if (address && 'issues' in address) throw new ValidationError('The submission is not valid', address.issues);
  if (!ticked && !address) return undefined;
  return { ...(ticked ?? {}), ...(address ? { address: address.address } : {}) };
}

const isCustomFormField = (name: string): name is CustomFormFieldName => name.startsWith(CUSTOM_FIELD_PREFIX);

/**
 * The custom values of the fields the form declares, in their types (a post brings text: `12,5`, `ja`,
 * `31.12.2026` are read as the field's type says): a required one missing, a value that does not fit, or a
 * field that is not one of contacts is a 400 naming `fields.<key>`. Undeclared ones are dropped.
 */
async function declaredCustomValues(
  definitions: CustomFieldDefinitions | undefined,
  form: Form,
  submission: Submission,
): Promise<CustomFieldValues | undefined> {
  const declared = form.fields.filter((field) => isCustomFormField(field.name));
  if (declared.length === 0) return undefined;
  const keys = declared.map((field) => field.name.slice(CUSTOM_FIELD_PREFIX.length));
  const byKey = new Map(((await definitions?.list(keys)) ?? []).map((definition) => [definition.key, definition]));
  const values: CustomFieldValues = {};
  const issues: FieldIssue[] = [];
  declared.forEach((field, index) => {
    const key = keys[index] ?? '';
    const raw = submission.fields?.[key];
    const empty = raw === undefined || (typeof raw === 'string' && raw.trim() === '');
    const definition = byKey.get(key);
    if (definition?.appliesTo !== 'contact') issues.push({ path: field.name, message: 'is not a custom field of contacts (any more)' });
    else if (empty) {
      if (field.required) issues.push({ path: field.name, message: 'is required' });
    } else {
      const value = typeof raw === 'string' ? customValueFromText(definition, raw) : raw;
      const problem = value === undefined ? (customValueIssue(definition, raw) ?? 'cannot be read') : customValueIssue(definition, value);
      if (problem || value === undefined) issues.push({ path: field.name, message: problem ?? 'cannot be read' });
      else values[key] = value;
    }
  });
  if (issues.length > 0) throw new ValidationError('The submission is not valid', issues);
  return Object.keys(values).length > 0 ? values : undefined;
}

function utmOf(submission: Submission): Pick<Touchpoint, 'utm'> {
  const utm: NonNullable<Touchpoint['utm']> = {};
  if (submission.utm_source) utm.source = submission.utm_source;
  if (submission.utm_medium) utm.medium = submission.utm_medium;
  if (submission.utm_campaign) utm.campaign = submission.utm_campaign;
  if (submission.utm_term) utm.term = submission.utm_term;
  if (submission.utm_content) utm.content = submission.utm_content;
  return Object.keys(utm).length > 0 ? { utm } : {};
}
