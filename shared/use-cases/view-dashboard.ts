import type { Campaign } from '#shared/domain/campaign';
import type { CounterRows } from '#shared/domain/campaign-analytics';
import { type DashboardFigures, dashboardFigures, type DashboardQuery, dashboardRange } from '#shared/domain/dashboard';
import type { MailingCounts, MailingStatus } from '#shared/domain/mailing';
import { inParallel } from '#shared/in-parallel';
import type { Clock } from './ports';
import type { DayRowsReader } from './analytics-ports';
import type { CampaignList } from './catalog-ports';
import type { MailingsInFlight } from './mailing-ports';

/** An import still running, as the dashboard lists it. */
export interface ImportSummary {
  importId: string;
  fileName?: string;
  rows: number;
  processed: number;
  startedAt: string;
}

/** A mailing sending now, or scheduled to start within the next 24 hours. */
export interface MailingSummary {
  id: string;
  name: string;
  campaignId: string;
  status: MailingStatus;
  counts: MailingCounts;
  scheduledAt?: string;
  startedAt?: string;
}

export interface DashboardPorts {
  campaigns: CampaignList;
  stats: DayRowsReader;
  mailings: MailingsInFlight;
  runningImports(): Promise<ImportSummary[]>;
  clock: Clock;
}

export type Dashboard = DashboardFigures & { sending: MailingSummary[]; importing: ImportSummary[] };

/** Campaigns listed per page, and whose counters are read at once. */
const CAMPAIGN_PAGE = 500;
const READS_IN_FLIGHT = 8;
const SCHEDULED_AHEAD_MS = 24 * 3_600_000;

/**
 * The console's dashboard over all campaigns: leads, confirmed opt-ins, customers, revenue and mails
 * sent over a range, from the campaign counters (one day-row read per campaign, eight at once; no scan
 * of contacts), with the mailings sending now or within a day and the imports running.
 */
export async function viewDashboard(ports: DashboardPorts, query: DashboardQuery): Promise<Dashboard> {
  const now = ports.clock.now();
  // The range is checked before any read, so a bad one is a 400 that cost nothing.
  const range = dashboardRange(query, now);
  const [figures, sending, importing] = await Promise.all([
    (async () => {
      const campaigns: Campaign[] = [];
      let cursor: string | undefined;
      do {
        const page = await ports.campaigns.list(CAMPAIGN_PAGE, cursor);
        campaigns.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      const rows: Array<CounterRows['days']> = new Array(campaigns.length);
      await inParallel(campaigns, READS_IN_FLIGHT, async (campaign, index) => {
        rows[index] = await ports.stats.dayRows(campaign.id, range);
      });
      return dashboardFigures(
        rows,
        range,
        campaigns.flatMap((campaign) => (campaign.currency ? [campaign.currency] : [])),
      );
    })(),
    mailingsUnderway(ports, now),
    ports.runningImports(),
  ]);
  return { ...figures, sending, importing };
}

/** Sending ones first, then by when they start. */
const underwayOrder = (mailing: Pick<MailingSummary, 'status' | 'scheduledAt' | 'startedAt'>): string =>
  `${mailing.status === 'sending' ? 0 : 1}${mailing.scheduledAt ?? mailing.startedAt ?? ''}`;

async function mailingsUnderway(ports: Pick<DashboardPorts, 'mailings'>, now: Date): Promise<MailingSummary[]> {
  const horizon = now.getTime() + SCHEDULED_AHEAD_MS;
  return (await ports.mailings.inFlight())
    .filter((mailing) => mailing.status === 'sending' || (mailing.scheduledAt !== undefined && Date.parse(mailing.scheduledAt) <= horizon))
    .sort((a, b) => underwayOrder(a).localeCompare(underwayOrder(b)))
    .map((mailing) => ({
      id: mailing.id,
      name: mailing.name,
      campaignId: mailing.campaignId,
      status: mailing.status,
      counts: mailing.counts,
      ...(mailing.scheduledAt ? { scheduledAt: mailing.scheduledAt } : {}),
      ...(mailing.startedAt ? { startedAt: mailing.startedAt } : {}),
    }));
}
