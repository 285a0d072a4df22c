import { randomUUID } from 'node:crypto';
import { eventsConfig, linksConfig, mailConfig, senderConfig, signingConfig, tableConfig } from './config';
import { createEventBridgeClient, EventBridgePublisher } from './events/eventbridge-publisher';
import type { EventPublisher } from './events/publisher';
import type { CampaignRef } from './domain/attribution';
import { SesMailer } from './mail/ses-mailer';
import { keyRingSigner } from './security/key-ring';
import { loadKeyRing } from './security/signing-key';
import type { TokenSigner } from './security/token-signer';
import { AbcRepository } from './store/abc-repository';
import { OwnerRepository } from './store/owner-repository';
import { ScoringRepository } from './store/scoring-repository';
import { TaskRepository } from './store/task-repository';
import { CampaignRepository } from './store/campaign-repository';
import { CompanyRepository } from './store/company-repository';
import { ContactRepository } from './store/contact-repository';
import { CustomFieldRepository } from './store/custom-field-repository';
import { createDocumentClient, type TableRef } from './store/dynamo-client';
import { FormRepository } from './store/form-repository';
import { IdempotencyRepository } from './store/idempotency-repository';
import { idempotency } from './http/idempotency';
import type { ApiMiddleware } from './http/http-handler';
import { MailingRepository } from './store/mailing-repository';
import { SegmentRepository } from './store/segment-repository';
import { JourneyParticipantRepository } from './store/journey-participant-repository';
import { JourneyRepository } from './store/journey-repository';
import { SettingsRepository } from './store/settings-repository';
import { StatsRepository } from './store/stats-repository';
import { SuppressionRepository } from './store/suppression-repository';
import { TemplateRepository } from './store/template-repository';
import { TopicRepository } from './store/topic-repository';
import { ttlCache } from './store/ttl-cache';
import type { CaptureCatalog, Clock, LinkBuilder } from './use-cases/ports';
import type { CustomFieldDefinitions } from './use-cases/custom-field-ports';
import type { CustomFieldDefinition } from './domain/custom-field';
import type { MailLinks } from './use-cases/compose-mail';
import type { FrequencyCapPort } from './use-cases/frequency-cap-check';

/**
 * The composition root: SDK clients and repositories built once per container from the parsed
 * config, and handed to use cases as ports. Handlers call these at module load (cold start).
 */

let table: TableRef | undefined;

export function tableRef(): TableRef {
  if (!table) {
    const config = tableConfig();
    table = { client: createDocumentClient(config), tableName: config.TABLE_NAME };
  }
  return table;
}

export interface Repositories {
  contacts: ContactRepository;
  companies: CompanyRepository;
  campaigns: CampaignRepository;
  forms: FormRepository;
  topics: TopicRepository;
  segments: SegmentRepository;
  templates: TemplateRepository;
  mailings: MailingRepository;
  suppressions: SuppressionRepository;
  stats: StatsRepository;
  journeys: JourneyRepository;
  journeyParticipants: JourneyParticipantRepository;
  settings: SettingsRepository;
  fields: CustomFieldRepository;
  abc: AbcRepository;
  tasks: TaskRepository;
  owners: OwnerRepository;
  scoring: ScoringRepository;
}

export function repositoriesFor(ref: TableRef): Repositories {
  return {
    ...captureRepositoriesFor(ref),
    segments: new SegmentRepository(ref),
    templates: new TemplateRepository(ref),
    mailings: new MailingRepository(ref),
    suppressions: new SuppressionRepository(ref),
    stats: new StatsRepository(ref),
    journeys: new JourneyRepository(ref),
    journeyParticipants: new JourneyParticipantRepository(ref),
    settings: new SettingsRepository(ref),
    fields: new CustomFieldRepository(ref),
    abc: new AbcRepository(ref),
    tasks: new TaskRepository(ref),
    owners: new OwnerRepository(ref),
    scoring: new ScoringRepository(ref),
  };
}

/**
 * The repositories the public capture path uses, and no others: the capture function's cold start
 * then loads none of the rest (mailings, segments, statistics and what they import).
 */
export function captureRepositoriesFor(ref: TableRef): Pick<Repositories, 'contacts' | 'companies' | 'campaigns' | 'forms' | 'topics'> {
  return {
    contacts: new ContactRepository(ref),
    companies: new CompanyRepository(ref),
    campaigns: new CampaignRepository(ref),
    forms: new FormRepository(ref),
    topics: new TopicRepository(ref),
  };
}

export const systemClock: Clock = { now: () => new Date() };

/** The Idempotency-Key middleware on this container's table. */
export function idempotencyMiddleware(): ApiMiddleware {
  return idempotency(new IdempotencyRepository(tableRef()), systemClock);
}
export const newId = (): string => randomUUID();

/** How long the capture path trusts a cached form, topic or campaign code. */
const CATALOG_TTL_MS = 30_000;

/** The capture path's reads, cached for a short while per container (they change rarely). */
export function cachedCatalog(repositories: Pick<Repositories, 'forms' | 'topics' | 'campaigns'>, ttlMs = CATALOG_TTL_MS): CaptureCatalog {
  const toRef = (campaign: { id: string; code: string; channel: string } | undefined): CampaignRef | undefined =>
    campaign ? { id: campaign.id, code: campaign.code, channel: campaign.channel } : undefined;
  const topic = ttlCache((id: string) => repositories.topics.get(id), ttlMs);
  const campaignById = ttlCache(async (id: string) => toRef(await repositories.campaigns.get(id)), ttlMs);
  return {
    form: ttlCache((id: string) => repositories.forms.get(id), ttlMs),
    topics: async (ids) => (await Promise.all([...new Set(ids)].map((id) => topic(id)))).filter((found) => found !== undefined),
    campaignByCode: ttlCache((code: string) => repositories.campaigns.findRefByCode(code), ttlMs),
    campaignById,
  };
}

/**
 * The frequency cap as the senders read it: `PUT /v1/settings` cached for a minute per container (a change
 * reaches warm senders within that), the person's sent mails from their timeline.
 */
export function frequencyCapOf(repositories: Pick<Repositories, 'settings' | 'contacts'>): FrequencyCapPort {
  const settings = ttlCache((_: string) => repositories.settings.get(), 60_000);
  return {
    cap: async () => (await settings('settings'))?.frequencyCap,
    sentSince: (contactId, since) => repositories.contacts.mailsSentSince(contactId, since),
  };
}

export function sesMailer(): SesMailer {
  const config = mailConfig();
  return new SesMailer(config, config.SES_CONFIGURATION_SET);
}

/** The links in a mailing's mails: one-click unsubscribe, the preference page, the mailto fallback. */
export function mailLinks(): MailLinks {
  const base = linksConfig().PUBLIC_BASE_URL;
  const mailto = senderConfig().UNSUBSCRIBE_MAILTO;
  return {
    unsubscribeUrl: (token) => `${base}/v1/unsubscribe?token=${encodeURIComponent(token)}`,
    preferencesUrl: (token) => `${base}/v1/preferences?token=${encodeURIComponent(token)}`,
    ...(mailto ? { unsubscribeMailto: (token: string) => `mailto:${mailto}?subject=${encodeURIComponent(`unsubscribe ${token}`)}` } : {}),
  };
}

export function linkBuilder(): LinkBuilder {
  const base = linksConfig().PUBLIC_BASE_URL;
  return { confirmUrl: (token) => `${base}/v1/consent/confirm?token=${encodeURIComponent(token)}` };
}

/** Signs links with the key ring's newest key; verifies with any key it still holds (shared/security/key-ring.ts). */
export async function tokenSigner(): Promise<TokenSigner> {
  return keyRingSigner(await loadKeyRing(signingConfig()));
}

/** The key of the erased-address hash: the key ring's `hashKey`, which no rotation changes (for a plain secret, the secret itself). */
export async function tokenSigningKey(): Promise<string> {
  return (await loadKeyRing(signingConfig())).hashKey;
}

export function eventPublisher(): EventPublisher {
  const config = eventsConfig();
  return new EventBridgePublisher(
    createEventBridgeClient({ region: config.AWS_REGION, ...(config.EVENTS_ENDPOINT ? { endpoint: config.EVENTS_ENDPOINT } : {}) }),
    config.EVENT_BUS_NAME,
  );
}

/** How long a container trusts its cached custom field definitions. */
const CUSTOM_FIELDS_TTL_MS = 30_000;

/**
 * The custom field definitions as value checks, rule checks and templates read them: one Query, cached
 * for 30 s per container. A check that names a key the cache does not know reads again at once, so a
 * field just created is usable everywhere; a deleted one may be accepted here for up to 30 s.
 */
export function cachedCustomFields(
  fields: Pick<CustomFieldRepository, 'list'>,
  ttlMs = CUSTOM_FIELDS_TTL_MS,
  now: () => number = Date.now,
): CustomFieldDefinitions {
  let cached: { definitions: CustomFieldDefinition[]; expires: number } | undefined;
  return {
    async list(wanted = []) {
      const known = cached && cached.expires > now() ? cached.definitions : undefined;
      if (known && wanted.every((key) => known.some((definition) => definition.key === key))) return known;
      const definitions = await fields.list();
      cached = { definitions, expires: now() + ttlMs };
      return definitions;
    },
  };
}
