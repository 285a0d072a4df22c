import { customMergeValues } from './compose-mail';
import * as z from '#shared/zod';
import { NotFoundError } from '#shared/domain/errors';
import {
  type CreateTemplateInput,
  type MergeValues,
  patchTemplate,
  type RenderedMail,
  renderTemplate,
  type Template,
  type UpdateTemplateInput,
} from '#shared/domain/template';
import { type JourneyUsesPorts, refuseWhileJourneysUse } from './journey-uses';
import type { Clock } from './ports';
import type { Page } from '#shared/domain/page';
import type { TemplateStore } from './catalog-ports';
import type { ContactReader } from './contact-ports';

export interface TemplatePorts {
  templates: TemplateStore;
  contacts: ContactReader;
  clock: Clock;
  newId: () => string;
  /** Where a recipient's links would point; a preview shows inert links of the same shape. */
  previewLinks: { unsubscribeUrl: string; preferencesUrl: string };
}

/** @example { "contactId": "3f0c…" } — without it, the preview uses a sample person. */
export const previewTemplateSchema = z.strictObject({ contactId: z.string().min(1).max(200).optional() });

const SAMPLE: MergeValues = { firstName: 'Erika', lastName: 'Mustermann', company: 'Beispiel GmbH', email: 'erika.mustermann@example.com' };

export async function createTemplate(ports: TemplatePorts, input: CreateTemplateInput): Promise<Template> {
  const at = ports.clock.now().toISOString();
  const template: Template = { ...input, id: ports.newId(), createdAt: at, updatedAt: at };
  await ports.templates.create(template);
  return template;
}

export async function getTemplate(ports: Pick<TemplatePorts, 'templates'>, id: string): Promise<Template> {
  const template = await ports.templates.get(id);
  if (!template) throw new NotFoundError('Template', id);
  return template;
}

/** Lists templates in use, or the archived ones. */
export function listTemplates(ports: Pick<TemplatePorts, 'templates'>, limit: number, cursor?: string, archived = false): Promise<Page<Template>> {
  return ports.templates.list(limit, cursor, { archived });
}

/** Changes a template, checked as create checks; 409 if it changed since it was read. */
export async function updateTemplate(ports: TemplatePorts, id: string, patch: UpdateTemplateInput): Promise<Template> {
  const current = await getTemplate(ports, id);
  const next = patchTemplate(current, patch, ports.clock.now());
  await ports.templates.update(current, next);
  return next;
}

/**
 * Archives a template: out of the list and refused by new mailings; mailings made with it still send.
 * Refused (409) while a live journey sends with it.
 */
export async function archiveTemplate(ports: TemplatePorts & JourneyUsesPorts, id: string): Promise<Template> {
  await refuseWhileJourneysUse(ports, 'template', id);
  const template = await ports.templates.archive(id, ports.clock.now());
  if (!template) throw new NotFoundError('Template', id);
  return template;
}

/** The template and what a preview merges into it: the contact's fields (or a sample person's) and inert links. */
export async function previewParts(
  ports: TemplatePorts,
  id: string,
  input: z.infer<typeof previewTemplateSchema>,
): Promise<{ template: Template; values: MergeValues }> {
  const template = await getTemplate(ports, id);
  let values: MergeValues = SAMPLE;
  if (input.contactId) {
    const contact = await ports.contacts.get(input.contactId);
    if (!contact) throw new NotFoundError('Contact', input.contactId);
    values = { ...customMergeValues(contact), firstName: contact.firstName, lastName: contact.lastName, company: contact.company, email: contact.email };
  }
  return { template, values: { ...values, ...ports.previewLinks } };
}

/** Renders a template for one contact (or a sample person) exactly as a mailing would, with inert links. */
export async function previewTemplate(ports: TemplatePorts, id: string, input: z.infer<typeof previewTemplateSchema>): Promise<RenderedMail> {
  const { template, values } = await previewParts(ports, id, input);
  return renderTemplate(template, values);
}
