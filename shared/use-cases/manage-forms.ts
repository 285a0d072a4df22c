import { archivedReferenceIssues } from '#shared/domain/archive';
import { NotFoundError, ValidationError } from '#shared/domain/errors';
import { type CreateFormInput, type Form, newForm, patchForm, type UpdateFormInput } from '#shared/domain/form';
import { renderEmbedHtml } from '#shared/domain/form-embed';
import type { Topic } from '#shared/domain/topic';
import { CUSTOM_FIELD_PREFIX } from '#shared/domain/custom-field';
import type { CustomFieldDefinitions } from './custom-field-ports';
import type { Clock } from './ports';
import type { Page } from '#shared/domain/page';
import type { CampaignReader, FormStore, TopicsById } from './catalog-ports';

type FormPorts = {
  forms: FormStore;
  topics: TopicsById;
  campaigns: CampaignReader;
  clock: Clock;
  newId: () => string;
  /** The public URL a form posts to. */
  submissionUrl: (formId: string) => string;
  /** The custom field definitions a form's `fields.<key>` fields must name (fields of contacts). */
  customFields?: CustomFieldDefinitions;
};

export type FormWithEmbed = Form & { embedHtml: string; submissionUrl: string };

/**
 * The form's topics and campaign must exist, and a topic it did not use before must not be archived
 * (one it already uses may stay). Returns the topics for the embed snippet.
 */
async function checkReferences(
  ports: Pick<FormPorts, 'topics' | 'campaigns' | 'customFields'>,
  form: Pick<Form, 'topics' | 'campaignId' | 'fields'>,
  before?: Form,
): Promise<Topic[]> {
  const customKeys = form.fields.flatMap((field) => (field.name.startsWith(CUSTOM_FIELD_PREFIX) ? [field.name.slice(CUSTOM_FIELD_PREFIX.length)] : []));
  const [topics, campaign, definitions] = await Promise.all([
    ports.topics.getMany(form.topics),
    form.campaignId ? ports.campaigns.get(form.campaignId) : undefined,
    customKeys.length > 0 ? (ports.customFields?.list(customKeys) ?? []) : [],
  ]);
  const issues = form.topics.flatMap((id, index) =>
    topics.some((topic) => topic.id === id) ? [] : [{ path: `topics.${index}`, message: `topic ${id} does not exist` }],
  );
  issues.push(
    ...archivedReferenceIssues(
      form.topics.map((id, index) => ({
        path: `topics.${index}`,
        entity: 'topic',
        found: topics.find((topic) => topic.id === id),
        before: before?.topics.includes(id) ?? false,
      })),
    ),
  );
  form.fields.forEach((field, index) => {
    if (!field.name.startsWith(CUSTOM_FIELD_PREFIX)) return;
    const definition = definitions.find((candidate) => `${CUSTOM_FIELD_PREFIX}${candidate.key}` === field.name);
    if (definition?.appliesTo !== 'contact') issues.push({ path: `fields.${index}.name`, message: `${field.name} is not a custom field of contacts` });
  });
  if (form.campaignId && !campaign) issues.push({ path: 'campaignId', message: `campaign ${form.campaignId} does not exist` });
  if (issues.length > 0) throw new ValidationError('The form is not valid', issues);
  return topics;
}

/** Creates a form after checking its topics and campaign exist, and returns it with its embed snippet. */
export async function createForm(ports: FormPorts, input: CreateFormInput): Promise<FormWithEmbed> {
  const topics = await checkReferences(ports, input);
  const form = newForm(input, ports.newId(), ports.clock.now());
  await ports.forms.create(form);
  return withEmbed(form, topics, ports.submissionUrl);
}

export async function getForm(ports: Pick<FormPorts, 'forms' | 'topics' | 'submissionUrl'>, id: string): Promise<FormWithEmbed> {
  const form = await ports.forms.get(id);
  if (!form) throw new NotFoundError('Form', id);
  return withEmbed(form, await ports.topics.getMany(form.topics), ports.submissionUrl);
}

/** Lists forms in use, or the archived ones. */
export function listForms(ports: Pick<FormPorts, 'forms'>, limit: number, cursor: string | undefined, archived: boolean): Promise<Page<Form>> {
  return ports.forms.list(limit, cursor, { archived });
}

/**
 * Changes a form, checked like a new one, and returns it with its regenerated embed snippet. Written
 * only if nobody changed it since it was read (409 otherwise). Capture containers keep a form up to
 * 30 s before they see the change.
 */
export async function updateForm(ports: FormPorts, id: string, patch: UpdateFormInput): Promise<FormWithEmbed> {
  const current = await ports.forms.get(id);
  if (!current) throw new NotFoundError('Form', id);
  const next = patchForm(current, patch, ports.clock.now());
  const topics = await checkReferences(ports, next, current);
  await ports.forms.update(current, next);
  return withEmbed(next, topics, ports.submissionUrl);
}

/** Archives a form: out of the list, submissions refused with 410, still readable by id. Archiving twice is fine. */
export async function archiveForm(ports: Pick<FormPorts, 'forms' | 'topics' | 'clock' | 'submissionUrl'>, id: string): Promise<FormWithEmbed> {
  const form = await ports.forms.archive(id, ports.clock.now());
  if (!form) throw new NotFoundError('Form', id);
  return withEmbed(form, await ports.topics.getMany(form.topics), ports.submissionUrl);
}

function withEmbed(form: Form, topics: Topic[], submissionUrl: (formId: string) => string): FormWithEmbed {
  const ordered = form.topics.flatMap((id) => topics.filter((topic) => topic.id === id));
  const url = submissionUrl(form.id);
  return { ...form, submissionUrl: url, embedHtml: renderEmbedHtml(form, ordered, url) };
}
