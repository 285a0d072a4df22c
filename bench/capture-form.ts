import { randomUUID } from 'node:crypto';
import { newId, type repositoriesFor, systemClock } from '#shared/container';
import { createCampaign } from '#shared/use-cases/manage-campaigns';

/**
 * The web form the capture benchmarks submit to (groups `capture` and `audit`): a new campaign and a
 * double opt-in form for `https://bench.example` asking for a first name. Returns the form's and the campaign's ids.
 */
export async function aBenchForm(repositories: ReturnType<typeof repositoriesFor>): Promise<{ formId: string; campaignId: string }> {
  const campaign = await createCampaign({ campaigns: repositories.campaigns, clock: systemClock, newId }, { name: `Bench ${randomUUID()}`, channel: 'web' });
  const formId = randomUUID();
  await repositories.forms.create({
    id: formId,
    name: 'bench',
    campaignId: campaign.id,
    topics: [],
    doubleOptIn: true,
    allowedOrigins: ['https://bench.example'],
    locale: 'en',
    fields: [{ name: 'firstName', required: false }],
    createdAt: new Date().toISOString(),
  });
  return { formId, campaignId: campaign.id };
}
