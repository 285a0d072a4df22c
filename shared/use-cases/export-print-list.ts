import type { Campaign } from '#shared/domain/campaign';
import { channelAllowed } from '#shared/domain/channel-rules';
import type { Company } from '#shared/domain/company';
import type { Contact, Touchpoint } from '#shared/domain/contact';
import { ConflictError, NotFoundError, ValidationError } from '#shared/domain/errors';
import type { Page } from '#shared/domain/page';
import { postalAddressOf } from '#shared/domain/postal-address';
import { type PrintExportCounts, type PrintRow, printExportId, printRow } from '#shared/domain/print-export';
import type { Segment } from '#shared/domain/segment';
import { inParallel } from '#shared/in-parallel';
import type { Clock } from './ports';
import type { SegmentMember } from './segment-ports';

export interface PrintExportPorts {
  segments: { get(id: string): Promise<Segment | undefined>; members(segmentId: string, limit: number, cursor?: string): Promise<Page<SegmentMember>> };
  campaigns: { get(id: string): Promise<Campaign | undefined> };
  contacts: {
    getMany(ids: readonly string[]): Promise<Contact[]>;
    /** False when this export reached the person already (or they are gone). */
    recordPrintTouch(touchpoint: Touchpoint, exportId: string): Promise<boolean>;
  };
  companies: { getMany(ids: readonly string[]): Promise<Company[]> };
  clock: Clock;
}

/**
 * The most members one synchronous export (an HTTP request) lists: API Gateway answers within 30 s and
 * carries at most 6 MB, and each person listed costs a touchpoint write; a larger segment needs the
 * export to run in the background (run-print-export.ts: the route answers 202 and print-export-run
 * writes the file).
 */
export const SYNC_PRINT_EXPORT_MEMBERS = 20_000;

/** Members read per page: one BatchGet of profiles (100 at most) per page. */
const PAGE = 100;
/** Touches written at once within a page. */
const TOUCHES_IN_PARALLEL = 16;
/** Companies kept between pages (most people of a company come close together rarely; bounded so memory stays flat). */
const COMPANY_CACHE = 2_000;

/**
 * The address list of a print mailing: every member of the segment whose effective `post` channel is
 * allowed (neither they nor their company block it) and whose address (their own, else their
 * company's) is complete, handed to `write` row by row as the segment is read page by page, so memory
 * stays flat whatever the segment's size. Each person on the list gets a `print_mailing` touchpoint
 * of the campaign (one per export and person: exporting again adds none), which credits the campaign
 * like any other touch. The campaign must be of channel `print`.
 */
export async function exportPrintList(
  ports: PrintExportPorts,
  request: { segmentId: string; campaignId: string; maxMembers?: number },
  write: (row: PrintRow) => void | Promise<void>,
): Promise<PrintExportCounts> {
  const [segment, campaign] = await Promise.all([ports.segments.get(request.segmentId), ports.campaigns.get(request.campaignId)]);
  if (!segment) throw new NotFoundError('Segment', request.segmentId);
  if (!campaign) throw new ValidationError('The campaign is not known', [{ path: 'campaignId', message: `there is no campaign "${request.campaignId}"` }]);
  if (campaign.channel !== 'print')
    throw new ValidationError('The campaign is no print campaign', [
      { path: 'campaignId', message: `must be a campaign of channel print (this one is ${campaign.channel})` },
    ]);
  if (request.maxMembers !== undefined && segment.memberCount > request.maxMembers)
    throw new ConflictError(`The segment has ${segment.memberCount} members; an export here lists at most ${request.maxMembers}`);
  const exportId = printExportId(campaign.id, segment.id);
  const at = ports.clock.now().toISOString();
  const counts: PrintExportCounts = { exported: 0, excluded: { postBlocked: 0, noAddress: 0 } };
  const companies = new Map<string, Company | undefined>();
  let cursor: string | undefined;
  do {
    const page = await ports.segments.members(segment.id, PAGE, cursor);
    cursor = page.nextCursor;
    const people = await ports.contacts.getMany(page.items.map((member) => member.contactId));
    const missing = [...new Set(people.flatMap((person) => (person.companyId && !companies.has(person.companyId) ? [person.companyId] : [])))];
    if (missing.length > 0) {
      if (companies.size + missing.length > COMPANY_CACHE) companies.clear();
      const found = new Map((await ports.companies.getMany(missing)).map((company) => [company.id, company]));
      for (const id of missing) companies.set(id, found.get(id));
    }
    const listed: Contact[] = [];
    for (const person of people) {
      const company = person.companyId ? companies.get(person.companyId) : undefined;
      if (!channelAllowed(person.channels, company?.channels ?? person.companyChannels, 'post')) {
        counts.excluded.postBlocked += 1;
        continue;
      }
      const postal = postalAddressOf(person, company);
      if (!postal) {
        counts.excluded.noAddress += 1;
        continue;
      }
      await write(printRow(person, company?.name, postal.address));
      counts.exported += 1;
      listed.push(person);
    }
    await inParallel(listed, TOUCHES_IN_PARALLEL, async (person) => {
      await ports.contacts.recordPrintTouch(
        {
          id: `print-${exportId}-${person.id}`,
          contactId: person.id,
          kind: 'print_mailing',
          at,
          campaignId: campaign.id,
          campaignCode: campaign.code,
          channel: 'print',
          source: 'print',
          medium: 'post',
        },
        exportId,
      );
    });
  } while (cursor);
  return counts;
}
