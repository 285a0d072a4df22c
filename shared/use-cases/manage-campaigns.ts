import { type Campaign, type CreateCampaignInput, newCampaign, patchCampaign, type UpdateCampaignInput } from '#shared/domain/campaign';
import { NotFoundError } from '#shared/domain/errors';
import type { Clock } from './ports';
import type { CampaignStore } from './catalog-ports';

type CampaignPorts = { campaigns: CampaignStore; clock: Clock; newId: () => string };

/** Creates a campaign; its code (default: a slug of the name) must be unused. */
export async function createCampaign(ports: CampaignPorts, input: CreateCampaignInput): Promise<Campaign> {
  const campaign = newCampaign(input, ports.newId(), ports.clock.now());
  await ports.campaigns.create(campaign);
  return campaign;
}

export async function getCampaign(ports: Pick<CampaignPorts, 'campaigns'>, id: string): Promise<Campaign> {
  const campaign = await ports.campaigns.get(id);
  if (!campaign) throw new NotFoundError('Campaign', id);
  return campaign;
}

/** Changes a campaign; a new code is claimed and the old one released in the same transaction. */
export async function updateCampaign(ports: CampaignPorts, id: string, patch: UpdateCampaignInput): Promise<Campaign> {
  const current = await getCampaign(ports, id);
  const next = patchCampaign(current, patch, ports.clock.now());
  await ports.campaigns.update(current, next);
  return next;
}
