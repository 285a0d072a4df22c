import type { CampaignRef } from '#shared/domain/attribution';
import type { Form } from '#shared/domain/form';
import type { Topic } from '#shared/domain/topic';
import type { Mailer } from '#shared/mail/mailer';
import type { TokenSigner } from '#shared/security/token-signer';
import type { CompanyRepository } from '#shared/store/company-repository';
import type { ContactRepository } from '#shared/store/contact-repository';

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

/** The ports of the lead-capture and consent use cases. */
export interface ConsentPorts {
  contacts: Pick<ContactRepository, 'create' | 'update' | 'get' | 'getByEmail' | 'markConfirmationMailed'>;
  signer: TokenSigner;
  clock: Clock;
  newId: () => string;
}

export interface CapturePorts extends ConsentPorts {
  catalog: CaptureCatalog;
  companies: Pick<CompanyRepository, 'ensure'>;
  mailer: Mailer;
  links: LinkBuilder;
  mail: { from: string; confirmTokenTtlDays: number };
}
