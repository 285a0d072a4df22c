import type { Campaign } from '#shared/domain/campaign';
import {
  type AnalyticsQuery,
  type AttributionModel,
  type CampaignReport,
  type CampaignSummary,
  campaignReport,
  contributionsOf,
  type DayRange,
  reportRange,
  summaryOf,
} from '#shared/domain/campaign-analytics';
import { NotFoundError } from '#shared/domain/errors';
import { inParallel } from '#shared/in-parallel';
import { ConcurrentWriteError } from './port-errors';
import type { Clock } from './ports';
import type { Page } from '#shared/domain/page';
import type { AttributionStore, CounterRowsReader } from './analytics-ports';
import type { CampaignList, CampaignReader } from './catalog-ports';
import type { FactsScanner } from './segment-ports';

export interface AnalyticsPorts {
  campaigns: CampaignReader & CampaignList;
  stats: CounterRowsReader;
  clock: Clock;
}

export interface AttributionPorts {
  stats: AttributionStore;
}

const MAX_ATTEMPTS = 8;
/** Campaigns whose counters one list page reads at once. */
const LIST_READS_IN_FLIGHT = 8;

/**
 * Brings a contact's share of the campaign counters up to date with its stored facts: computes what it
 * contributes now and moves the counters by the difference to what it contributed before. Running it
 * again (a retried stream batch, a rebuild) moves nothing. `changed` says whether counters moved.
 */
export async function refreshAttribution(ports: AttributionPorts, contactId: string): Promise<{ changed: boolean }> {
  for (let attempt = 1; ; attempt += 1) {
    const state = await ports.stats.attributionState(contactId);
    if (!state) return { changed: false };
    const next = contributionsOf(state.facts);
    try {
      return { changed: (await ports.stats.applyContributions(contactId, state, next)) === 'moved' };
    } catch (error) {
      if (!(error instanceof ConcurrentWriteError) || attempt >= MAX_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

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

export interface RebuildPorts extends AttributionPorts {
  segments: FactsScanner;
}

export interface RebuildSummary {
  contacts: number;
  changed: number;
}

/**
 * Recomputes every contact's share of the campaign counters from its stored timeline, orders and
 * proofs, and moves the counters by the differences: after a change of the attribution rules, or to
 * repair counters. Safe while the product runs (each contact's share is moved under its version) and
 * safe to run twice.
 */
export async function rebuildStats(ports: RebuildPorts, options: { workers: number; concurrency: number; onProgress?: (summary: RebuildSummary) => void }): Promise<RebuildSummary> {
  const summary: RebuildSummary = { contacts: 0, changed: 0 };
  await ports.segments.scanAllFacts({ attributes: ['id'], workers: options.workers }, async (page) => {
    await inParallel(page, options.concurrency, async (facts) => {
      const { changed } = await refreshAttribution(ports, facts.id);
      summary.contacts += 1;
      if (changed) summary.changed += 1;
    });
    options.onProgress?.(summary);
  });
  return summary;
}
