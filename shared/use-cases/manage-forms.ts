import { ValidationError } from '#shared/domain/errors';
import { type CreateFormInput, type Form, newForm } from '#shared/domain/form';
import { renderEmbedHtml } from '#shared/domain/form-embed';
import { NotFoundError } from '#shared/domain/errors';
import type { CampaignRepository } from '#shared/store/campaign-repository';
import type { FormRepository } from '#shared/store/form-repository';
import type { TopicRepository } from '#shared/store/topic-repository';
import type { Clock } from './ports';

type FormPorts = {
  forms: Pick<FormRepository, 'create' | 'get'>;
  topics: Pick<TopicRepository, 'getMany'>;
  campaigns: Pick<CampaignRepository, 'get'>;
  clock: Clock;
  newId: () => string;
  /** The public URL a form posts to. */
  submissionUrl: (formId: string) => string;
};

export type FormWithEmbed = Form & { embedHtml: string; submissionUrl: string };

/** Creates a form after checking its topics and campaign exist, and returns it with its embed snippet. */
export async function createForm(ports: FormPorts, input: CreateFormInput): Promise<FormWithEmbed> {
  const [topics, campaign] = await Promise.all([
    ports.topics.getMany(input.topics),
    input.campaignId ? ports.campaigns.get(input.campaignId) : undefined,
  ]);
  const issues = input.topics.flatMap((id, index) => (topics.some((topic) => topic.id === id) ? [] : [{ path: `topics.${index}`, message: `topic ${id} does not exist` }]));
  if (input.campaignId && !campaign) issues.push({ path: 'campaignId', message: `campaign ${input.campaignId} does not exist` });
  if (issues.length > 0) throw new ValidationError('The form is not valid', issues);
  const form = newForm(input, ports.newId(), ports.clock.now());
  await ports.forms.create(form);
  return withEmbed(form, topics, ports.submissionUrl);
}

export async function getForm(ports: Pick<FormPorts, 'forms' | 'topics' | 'submissionUrl'>, id: string): Promise<FormWithEmbed> {
  const form = await ports.forms.get(id);
  if (!form) throw new NotFoundError('Form', id);
  return withEmbed(form, await ports.topics.getMany(form.topics), ports.submissionUrl);
}

function withEmbed(form: Form, topics: Awaited<ReturnType<TopicRepository['getMany']>>, submissionUrl: (formId: string) => string): FormWithEmbed {
  const ordered = form.topics.flatMap((id) => topics.filter((topic) => topic.id === id));
  const url = submissionUrl(form.id);
  return { ...form, submissionUrl: url, embedHtml: renderEmbedHtml(form, ordered, url) };
}
