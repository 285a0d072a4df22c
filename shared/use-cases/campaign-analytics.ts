import type { Campaign } from '#shared/domain/campaign';
import {
  type AnalyticsQuery,
  type AttributionModel,
  type CampaignReport,
  type CampaignSummary,
  campaignReport,
  type DayRange,
  reportRange,
  summaryOf,
} from '#shared/domain/campaign-analytics';
import { NotFoundError } from '#shared/domain/errors';
import { inParallel } from '#shared/in-parallel';
import type { Clock } from './ports';
import type { Page } from '#shared/domain/page';
import type { CounterRowsReader } from './analytics-ports';
import type { CampaignList, CampaignReader } from './catalog-ports';

export interface AnalyticsPorts {
  campaigns: CampaignReader & CampaignList;
  stats: CounterRowsReader;
  clock: Clock;
}

/** Campaigns whose counters one list page reads at once. */
const LIST_READS_IN_FLIGHT = 8;

/** One campaign's figures over a range under an attribution model (API.md "Analytics"). */
export async function campaignAnalytics(ports: AnalyticsPorts, campaignId: string, query: AnalyticsQuery): Promise<CampaignReport> {
  const campaign = await ports.campaigns.get(campaignId);
  if (!campaign) throw new NotFoundError('Campaign', campaignId);
  return reportOf(ports, campaign, reportRange(query, campaign, ports.clock.now()), query.attribution);
}

async function reportOf(ports: Pick<AnalyticsPorts, 'stats'>, campaign: Campaign, range: DayRange, model: AttributionModel): Promise<CampaignReport> {
  return campaignReport(campaign, await ports.stats.rows(campaign.id, range), range, model);
}

/**
 * A page of campaigns with their headline figures, for comparing them. Without `from`, each campaign is
 * read from its own start; with it, all over the same days.
 */
export async function listCampaignAnalytics(ports: AnalyticsPorts, query: AnalyticsQuery & { limit: number; cursor?: string }): Promise<Page<CampaignSummary>> {
  const page = await ports.campaigns.list(query.limit, query.cursor);
  const items: CampaignSummary[] = new Array(page.items.length);
  // Ranges are checked before any read, so a bad range is one 400, not one per campaign.
  const now = ports.clock.now();
  const reads = page.items.map((campaign) => ({ campaign, range: reportRange(query, campaign, now) }));
  await inParallel(reads, LIST_READS_IN_FLIGHT, async ({ campaign, range }, index) => {
    items[index] = summaryOf(await reportOf(ports, campaign, range, query.attribution));
  });
  return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}
