import type { CustomFieldDefinitions } from './custom-field-ports';
import type { CampaignRef } from '#shared/domain/attribution';
import type { Form } from '#shared/domain/form';
import type { Topic } from '#shared/domain/topic';
import type { Mailer } from '#shared/mail/mailer';
import type { TokenSigner } from '#shared/security/token-signer';
import type { CaptureContacts, CompanyNames, ConfirmationMailContacts, EditableContacts } from './contact-ports';

/** Reads the capture path needs; satisfied by the repositories, optionally behind a TTL cache. */
export interface CaptureCatalog {
  form(id: string): Promise<Form | undefined>;
  topics(ids: readonly string[]): Promise<Topic[]>;
  campaignByCode(code: string): Promise<CampaignRef | undefined>;
  campaignById(id: string): Promise<CampaignRef | undefined>;
}

export interface Clock {
  now(): Date;
}

export interface LinkBuilder {
  confirmUrl(token: string): string;
}

/** The ports of the consent confirmation use case. */
export interface ConsentPorts {
  contacts: EditableContacts;
  signer: TokenSigner;
  clock: Clock;
  newId: () => string;
}

/** The ports of lead capture: it writes the lead and its events, and sends nothing itself. */
export interface CapturePorts {
  catalog: CaptureCatalog;
  contacts: CaptureContacts;
  companies: CompanyNames;
  clock: Clock;
  newId: () => string;
  /** The custom field definitions a form's `fields.<key>` values are read by. */
  customFields?: CustomFieldDefinitions;
}

/** The ports of the double opt-in mail, sent from the outbox's `consent.requested`. */
export interface ConfirmationMailPorts {
  catalog: Pick<CaptureCatalog, 'form' | 'topics'>;
  contacts: ConfirmationMailContacts;
  mailer: Mailer;
  signer: TokenSigner;
  links: LinkBuilder;
  clock: Clock;
  mail: { from: string; confirmTokenTtlDays: number };
}
