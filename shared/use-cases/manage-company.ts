import type { Channels } from '#shared/domain/channel';
import { type ChannelProof, planChannelChanges } from '#shared/domain/channel-rules';
import type { Company } from '#shared/domain/company';
import type { CompanyPatch } from '#shared/domain/company-patch';
import type { Contact } from '#shared/domain/contact';
import { applyCustomFields } from '#shared/domain/custom-field';
import { NotFoundError } from '#shared/domain/errors';
import { inParallel } from '#shared/in-parallel';
import { checkCustomFields } from './check-custom-fields';
import type { CustomFieldDefinitions } from './custom-field-ports';
import { ConcurrentWriteError } from './port-errors';
import { checkOwner } from './owners';
import type { Clock } from './ports';
import type { Users } from './sales-ports';

/**
 * Companies' channels and addresses. A company's channels are copied onto each of its people's
 * profiles (`companyChannels`), so segment rules (which read the facts index, profiles only), mailing
 * checks and print exports see the effective channel without reading the company: written here for
 * all its people when the company's channels change (its gsi1 `COMPANY#<id>` partition), and by the
 * contact-refresh stream reader when a person joins or leaves a company ({@link syncCompanyChannels}).
 */

export interface CompanyDetails {
  get(id: string): Promise<Company | undefined>;
  /** Writes `next` with the proofs if the company is still as `previous` was read; ConcurrentWriteError otherwise. */
  update(previous: Company, next: Company, proofs?: readonly ChannelProof[]): Promise<void>;
}

export interface CompanyPeopleChannels {
  idsByCompany(companyId: string): Promise<string[]>;
  /** False when the person is gone or no longer belongs to `companyId`. */
  setCompanyChannels(contactId: string, companyId: string | undefined, channels: Channels | undefined): Promise<boolean>;
}

/** How many people's profiles are written at once when a company's channels change. */
const PEOPLE_IN_PARALLEL = 8;

const MAX_ATTEMPTS = 5;

const sameChannels = (a: Channels | undefined, b: Channels | undefined) => JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});

/**
 * Changes a company's channels (with proof), address and custom field values (`null` or `""` clears
 * one), retried when another change came in between, then copies the channels onto its people.
 */
export async function patchCompany(
  ports: { companies: CompanyDetails; contacts: CompanyPeopleChannels; fields: CustomFieldDefinitions; clock: Clock; newId: () => string; users?: Users },
  id: string,
  patch: CompanyPatch,
): Promise<Company> {
  if (patch.fields) await checkCustomFields(ports.fields, patch.fields, 'company');
  if (patch.ownerId) await checkOwner(ports.users, patch.ownerId);
  for (let attempt = 1; ; attempt += 1) {
    const company = await ports.companies.get(id);
    if (!company) throw new NotFoundError('Company', id);
    const now = ports.clock.now();
    const plan = patch.channels
      ? planChannelChanges(company.channels, patch.channels, { kind: 'company', id }, { method: 'admin', source: 'api' }, now, ports.newId)
      : { channels: company.channels, proofs: [] };
    const { address: _address, channels: _channels, fields: _fields, ownerId: _ownerId, ...rest } = company;
    const ownerId = patch.ownerId === undefined ? company.ownerId : (patch.ownerId ?? undefined);
    const address = patch.address === undefined ? company.address : (patch.address ?? undefined);
    const values = patch.fields ? applyCustomFields(company.fields, patch.fields) : company.fields;
    const next: Company = {
      ...rest,
      ...(plan.channels ? { channels: plan.channels } : {}),
      ...(address ? { address } : {}),
      ...(values ? { fields: values } : {}),
      ...(ownerId ? { ownerId } : {}),
      updatedAt: now.toISOString(),
    };
    try {
      await ports.companies.update(company, next, plan.proofs);
    } catch (error) {
      if (!(error instanceof ConcurrentWriteError) || attempt >= MAX_ATTEMPTS) throw error;
      continue;
    }
    if (plan.proofs.length > 0) {
      const people = await ports.contacts.idsByCompany(id);
      await inParallel(people, PEOPLE_IN_PARALLEL, async (contactId) => {
        await ports.contacts.setCompanyChannels(contactId, id, next.channels);
      });
    }
    return next;
  }
}

/**
 * Brings a person's copy of their company's channels up to date after they joined, left or changed
 * company (the contact-refresh stream reader calls it when `companyId` changed). Writes only when the
 * copy differs; true when it wrote.
 */
export async function syncCompanyChannels(
  ports: { companies: Pick<CompanyDetails, 'get'>; contacts: Pick<CompanyPeopleChannels, 'setCompanyChannels'> },
  contact: Pick<Contact, 'id' | 'companyId' | 'companyChannels'>,
): Promise<boolean> {
  const company = contact.companyId ? await ports.companies.get(contact.companyId) : undefined;
  const channels = company?.channels && Object.keys(company.channels).length > 0 ? company.channels : undefined;
  if (sameChannels(channels, contact.companyChannels)) return false;
  return ports.contacts.setCompanyChannels(contact.id, contact.companyId, channels);
}
