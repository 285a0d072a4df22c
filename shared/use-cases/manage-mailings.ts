import { archivedReferenceIssues } from '#shared/domain/archive';
import { senderDomain } from '#shared/domain/email';
import { type FieldIssue, NotFoundError, ValidationError } from '#shared/domain/errors';
import { assertCancellable, type CreateMailingInput, type Mailing, newMailing, planSend } from '#shared/domain/mailing';
import { eventCatalog } from '#shared/events/catalog';
import type { Clock } from './ports';
import type { Page } from '#shared/domain/page';
import type { CampaignReader, TemplateReader, TopicReader } from './catalog-ports';
import type { MailingStore, StoredMailing } from './mailing-ports';
import type { SegmentReader } from './segment-ports';

export interface MailingPorts {
  mailings: MailingStore;
  campaigns: CampaignReader;
  segments: SegmentReader;
  topics: TopicReader;
  templates: TemplateReader;
  clock: Clock;
  newId: () => string;
  /** The verified sending domain; a mailing's From and Reply-To must belong to it (SES refuses others). */
  senderDomain: string;
}

/** The mailing as the API shows it (send bookkeeping left out). */
export function mailingView(stored: StoredMailing): Mailing {
  const { prepareCursor: _cursor, processed: _processed, ...mailing } = stored;
  return mailing;
}

/** Every id the mailing refers to must exist and not be archived; each bad one is named by its field. */
async function checkReferences(ports: MailingPorts, input: CreateMailingInput): Promise<void> {
  const [campaign, segment, topic, template] = await Promise.all([
    ports.campaigns.get(input.campaignId),
    ports.segments.get(input.segmentId),
    ports.topics.get(input.topic),
    ports.templates.get(input.templateId),
  ]);
  const issues: FieldIssue[] = [
    ...(campaign ? [] : [{ path: 'campaignId', message: `there is no campaign "${input.campaignId}"` }]),
    ...(segment ? [] : [{ path: 'segmentId', message: `there is no segment "${input.segmentId}"` }]),
    ...(topic ? [] : [{ path: 'topic', message: `there is no topic "${input.topic}"` }]),
    ...(template ? [] : [{ path: 'templateId', message: `there is no template "${input.templateId}"` }]),
  ];
  issues.push(
    ...archivedReferenceIssues([
      { path: 'segmentId', entity: 'segment', found: segment },
      { path: 'topic', entity: 'topic', found: topic },
      { path: 'templateId', entity: 'template', found: template },
    ]),
  );
  if (senderDomain(input.from) !== ports.senderDomain)
    issues.push({ path: 'from', message: `must be an address of the verified sender domain ${ports.senderDomain}` });
  if (issues.length > 0) throw new ValidationError('The mailing is not valid', issues);
}

export async function createMailing(ports: MailingPorts, input: CreateMailingInput): Promise<Mailing> {
  await checkReferences(ports, input);
  const mailing = newMailing(input, ports.newId(), ports.clock.now());
  await ports.mailings.create(mailing);
  return mailing;
}

async function load(ports: Pick<MailingPorts, 'mailings'>, id: string): Promise<StoredMailing> {
  const mailing = await ports.mailings.get(id);
  if (!mailing) throw new NotFoundError('Mailing', id);
  return mailing;
}

export async function getMailing(ports: Pick<MailingPorts, 'mailings'>, id: string): Promise<Mailing> {
  return mailingView(await load(ports, id));
}

export async function listMailings(ports: Pick<MailingPorts, 'mailings'>, limit: number, cursor?: string): Promise<Page<Mailing>> {
  const page = await ports.mailings.list(limit, cursor);
  return { ...page, items: page.items.map(mailingView) };
}

async function start(ports: Omit<MailingPorts, 'senderDomain'>, mailing: StoredMailing): Promise<void> {
  const now = ports.clock.now();
  // The preparer's request leaves through the outbox with the status change: a mailing is never left sending unannounced.
  await ports.mailings.changeStatus(
    mailing,
    'sending',
    now,
    { startedAt: now.toISOString() },
    eventCatalog.mailingSendRequested.event({ id: ports.newId(), mailingId: mailing.id, occurredAt: now.toISOString() }),
  );
}

/**
 * Sends a draft now, or schedules it when its `scheduledAt` lies ahead. The recipients are snapshotted
 * and queued by the preparer (asynchronously: a large segment takes longer than an HTTP request may).
 * A mailing that is sending or sent is refused with 409: it never mails anyone twice.
 */
export async function sendMailing(ports: Omit<MailingPorts, 'senderDomain'>, id: string): Promise<Mailing> {
  const mailing = await load(ports, id);
  const next = planSend(mailing, ports.clock.now());
  if (next === 'scheduled') await ports.mailings.changeStatus(mailing, 'scheduled', ports.clock.now());
  else await start(ports, mailing);
  return getMailing(ports, id);
}

/** Cancels a mailing: a scheduled one never starts, a sending one stops after the batches in flight. */
export async function cancelMailing(ports: Omit<MailingPorts, 'senderDomain'>, id: string): Promise<Mailing> {
  const mailing = await load(ports, id);
  assertCancellable(mailing);
  const now = ports.clock.now();
  await ports.mailings.changeStatus(mailing, 'cancelled', now, { cancelledAt: now.toISOString() });
  return getMailing(ports, id);
}

/** The scheduler's tick: starts every scheduled mailing whose time has come. Returns their ids. */
export async function startDueMailings(ports: Omit<MailingPorts, 'senderDomain'>): Promise<string[]> {
  const started: string[] = [];
  for (const id of await ports.mailings.dueScheduled(ports.clock.now())) {
    const mailing = await ports.mailings.get(id);
    if (mailing?.status !== 'scheduled') continue;
    await start(ports, mailing);
    started.push(id);
  }
  return started;
}
