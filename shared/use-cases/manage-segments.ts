import { ConflictError, NotFoundError, PreviewTooSlowError, ValidationError } from '#shared/domain/errors';
import { type RecipientFacts, recipientVerdict } from '#shared/domain/mailing';
import { type CreateSegmentInput, newSegment, patchSegment, type Segment, type UpdateSegmentInput } from '#shared/domain/segment';
import { compileRule, DISPLAY_ATTRIBUTES, factAttributes, type RuleNode, ruleTopics, type SegmentFacts } from '#shared/domain/segment-rule';
import { eventCatalog } from '#shared/events/catalog';
import type { EventPublisher } from '#shared/events/publisher';
import { customFieldRuleIssues } from '#shared/domain/custom-field-rule';
import { ruleCustomFields } from '#shared/domain/custom-field-uses';
import type { CustomFieldDefinitions } from './custom-field-ports';
import { factsShares } from './facts-shares';
import { type JourneyUsesPorts, refuseWhileJourneysUse } from './journey-uses';
import type { Clock } from './ports';
import { type RecipientVerdict, recipientVerdicts } from './recipient-check';
import type { Page } from '#shared/domain/page';
import type { TopicsById } from './catalog-ports';
import type { ContactsById } from './contact-ports';
import type { SuppressionCheck } from './mailing-ports';
import type { SegmentCatalog } from './segment-ports';

export interface SegmentPorts {
  segments: SegmentCatalog;
  topics: TopicsById;
  contacts: ContactsById;
  suppressions: SuppressionCheck;
  events: EventPublisher;
  clock: Clock;
  newId: () => string;
  /** The custom field definitions rules on `fields.<key>` are checked against; without them such rules are refused. */
  fields?: CustomFieldDefinitions;
}

/** A contact as a preview sample or member list shows it: who, not everything. */
export interface ContactSummary {
  id: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  company?: string;
}

const summary = (facts: Partial<SegmentFacts>): ContactSummary => ({
  id: String(facts.id),
  ...(facts.email ? { email: facts.email } : {}),
  ...(facts.firstName ? { firstName: facts.firstName } : {}),
  ...(facts.lastName ? { lastName: facts.lastName } : {}),
  ...(facts.company ? { company: facts.company } : {}),
});

/** A rule may only read consent topics and custom fields that exist (a typo would silently match nobody). */
async function checkTopics(ports: Pick<SegmentPorts, 'topics' | 'fields'>, rule: RuleNode): Promise<void> {
  const keys = ruleCustomFields(rule);
  if (keys.length > 0) {
    const issues = customFieldRuleIssues(rule, (await ports.fields?.list(keys)) ?? []);
    if (issues.length > 0) throw new ValidationError('The rule reads custom fields wrongly', issues);
  }
  const wanted = ruleTopics(rule);
  if (wanted.length === 0) return;
  const found = new Set((await ports.topics.getMany(wanted)).map((topic) => topic.id));
  const missing = wanted.filter((topic) => !found.has(topic));
  if (missing.length > 0) {
    throw new ValidationError(
      'The rule names unknown topics',
      missing.map((topic) => ({ path: 'rule', message: `reads consent.${topic}, but there is no topic "${topic}"` })),
    );
  }
}

/**
 * Saves a segment. It is due at once: the next scheduled tick (every 15 minutes) evaluates it, or
 * `evaluate` does now; until then its memberships are unknown and contact changes leave it alone.
 */
export async function createSegment(ports: SegmentPorts, input: CreateSegmentInput): Promise<Segment> {
  await checkTopics(ports, input.rule);
  const segment = newSegment(input, ports.newId(), ports.clock.now());
  await ports.segments.create(segment);
  return publicView(segment);
}

const publicView = ({ lease: _lease, ...segment }: Segment): Segment => segment;

/** Lists segments in use, or the archived ones. */
export async function listSegments(ports: Pick<SegmentPorts, 'segments'>, limit: number, cursor?: string, archived = false): Promise<Page<Segment>> {
  const page = await ports.segments.list(limit, cursor, { archived });
  return { ...page, items: page.items.map(publicView) };
}

export async function getSegment(ports: Pick<SegmentPorts, 'segments'>, id: string): Promise<Segment> {
  const segment = await ports.segments.get(id);
  if (!segment) throw new NotFoundError('Segment', id);
  return publicView(segment);
}

/** Changes a segment; a new rule makes it due at once (the next scheduled tick evaluates it). */
export async function updateSegment(ports: SegmentPorts, id: string, patch: UpdateSegmentInput): Promise<Segment> {
  const current = await ports.segments.get(id);
  if (!current) throw new NotFoundError('Segment', id);
  if (patch.rule) await checkTopics(ports, patch.rule);
  const next = patchSegment(current, patch, ports.clock.now());
  await ports.segments.update(current, next);
  return publicView(next);
}

/**
 * Archives a segment: out of the list and refused by new mailings. It is still evaluated, so mailings
 * made with it before reach its current members. Archiving twice is fine. Refused (409) while a live
 * journey is triggered by it or aims at leaving it.
 */
export async function archiveSegment(ports: Pick<SegmentPorts, 'segments' | 'clock'> & JourneyUsesPorts, id: string): Promise<Segment> {
  await refuseWhileJourneysUse(ports, 'segment', id);
  const segment = await ports.segments.archive(id, ports.clock.now());
  if (!segment) throw new NotFoundError('Segment', id);
  return publicView(segment);
}

async function requestRun(ports: Pick<SegmentPorts, 'events' | 'clock' | 'newId'>, segmentIds: string[]): Promise<string> {
  const runId = ports.newId();
  await ports.events.publish([eventCatalog.segmentsEvaluationRequested.event({ id: runId, runId, segmentIds, occurredAt: ports.clock.now().toISOString() })]);
  return runId;
}

/**
 * Asks for a run of one segment now (what the schedule does for due segments). Refused while another
 * run holds the segment; the answer's `runId` appears as `lastRun.runId` once the run is done.
 */
export async function evaluateSegment(ports: SegmentPorts, id: string): Promise<{ runId: string }> {
  const segment = await ports.segments.get(id);
  if (!segment) throw new NotFoundError('Segment', id);
  if (segment.lease && Date.parse(segment.lease.until) > ports.clock.now().getTime()) {
    throw new ConflictError(`Segment ${id} is being evaluated by run ${segment.lease.runId}; try again when it has finished`);
  }
  return { runId: await requestRun(ports, [id]) };
}

/**
 * Who a mailing on a topic would reach among the contacts a rule matches, decided by the mailing
 * pipeline's own send check: `suppressed` (on the suppression list, or erased), `noConsent` (pending,
 * withdrawn, never asked) and `reachable`; they add up to `matched`.
 */
export interface Reach {
  matched: number;
  suppressed: number;
  noConsent: number;
  reachable: number;
}

const REACH_FIGURE: Record<RecipientVerdict, Exclude<keyof Reach, 'matched'>> = { send: 'reachable', skippedNoConsent: 'noConsent', suppressed: 'suppressed' };

export interface SegmentPreview {
  count: number;
  sample: ContactSummary[];
  reach?: Reach;
  /** False when the figures are extrapolated from the share of the contacts read (`scanned`). */
  exact: boolean;
  /** The share of all contacts read: 1 when exact. */
  scanned: number;
  /** With an estimate: the count's ± at 95 % confidence. */
  margin?: number;
}

/** A sample of at least this many contacts is precise enough for a live estimate (±4.4 % or better at 95 %). */
const ESTIMATE_FROM = 2_000;

/** What one fully read share contributed. */
interface ShareTally {
  read: number;
  count: number;
  reach: Reach;
}

const emptyReach = (): Reach => ({ matched: 0, suppressed: 0, noConsent: 0, reachable: 0 });

/** The recipient facts the send check reads, from a contact's indexed facts; undefined without an address. */
function recipientOf(facts: SegmentFacts): RecipientFacts | undefined {
  if (!facts.email || !facts.emailNormalised) return undefined;
  return {
    id: facts.id,
    email: facts.email,
    emailNormalised: facts.emailNormalised,
    ...(facts.consents ? { consents: facts.consents } : {}),
    ...(facts.channels ? { channels: facts.channels } : {}),
    ...(facts.companyChannels ? { companyChannels: facts.companyChannels } : {}),
  };
}

async function checkTopic(ports: Pick<SegmentPorts, 'topics'>, topic: string): Promise<void> {
  if ((await ports.topics.getMany([topic])).length === 0)
    throw new ValidationError('The topic is not known', [{ path: 'topic', message: `there is no topic "${topic}"` }]);
}

/**
 * How many contacts meet a rule now, and a few of them, without saving anything. With a topic, also
 * the reach of a mailing on it: one scan of the facts index (consent and address are in its
 * projection) and, per scanned page, one batched read of the suppression list for the matched.
 *
 * The count is exact when every share of the index is read within `budgetMs`. With `estimate`, and
 * once the first 1/16 of the contacts holds at least ESTIMATE_FROM of them, the figures are
 * extrapolated from that sample instead (a live count stays fast at any size; the best tools in the
 * field do the same). A scan that runs out of time answers the estimate of the shares it finished, so
 * a large index never ends in a timeout.
 */
export async function previewSegment(
  ports: Pick<SegmentPorts, 'segments' | 'topics' | 'suppressions' | 'clock' | 'fields'>,
  input: { rule: RuleNode; topic?: string; estimate?: boolean },
  options: { workers: number; budgetMs: number; sampleSize?: number; estimateFrom?: number },
): Promise<SegmentPreview> {
  const { rule, topic } = input;
  await Promise.all([checkTopics(ports, rule), ...(topic ? [checkTopic(ports, topic)] : [])]);
  const matches = compileRule(rule, ports.clock.now());
  const attributes = [
    ...new Set([...factAttributes([rule]), ...DISPLAY_ATTRIBUTES, ...(topic ? ['emailNormalised', 'consents', 'channels', 'companyChannels'] : [])]),
  ];
  const sampleSize = options.sampleSize ?? 10;
  const sample: ContactSummary[] = [];
  const scan = factsShares<ShareTally>(
    ports.segments,
    { attributes, workers: options.workers, budgetMs: options.budgetMs },
    () => ({ read: 0, count: 0, reach: emptyReach() }),
    async (tally, page) => {
      const matched = page.filter((facts) => matches(facts));
      tally.read += page.length;
      tally.count += matched.length;
      for (const facts of matched.slice(0, Math.max(0, sampleSize - sample.length))) sample.push(summary(facts));
      if (!topic) return;
      const verdicts = await recipientVerdicts(
        ports.suppressions,
        matched.flatMap((facts) => recipientOf(facts) ?? []),
        topic,
      );
      for (const facts of matched) {
        tally.reach.matched += 1;
        tally.reach[REACH_FIGURE[verdicts.get(facts.id) ?? recipientVerdict(undefined, topic, false)]] += 1;
      }
    },
  );
  const { finished } = scan;
  await scan.read(scan.shares.slice(0, options.workers));
  const sampled = finished.reduce((sum, tally) => sum + tally.read, 0);
  if (!(input.estimate && finished.length === options.workers && sampled >= (options.estimateFrom ?? ESTIMATE_FROM))) {
    await scan.read(scan.shares.slice(options.workers));
  }
  if (finished.length === 0) throw new PreviewTooSlowError(options.budgetMs);
  return previewFigures(finished, finished.length / scan.total, sample, topic !== undefined);
}

/** The preview's figures from the shares read: exact when all were, else extrapolated with a margin. */
function previewFigures(finished: readonly ShareTally[], scanned: number, sample: ContactSummary[], withReach: boolean): SegmentPreview {
  const count = finished.reduce((sum, tally) => sum + tally.count, 0);
  const total = (figure: keyof Reach) => finished.reduce((sum, tally) => sum + tally.reach[figure], 0);
  if (scanned === 1) {
    return {
      count,
      sample,
      ...(withReach
        ? { reach: { matched: total('matched'), suppressed: total('suppressed'), noConsent: total('noConsent'), reachable: total('reachable') } }
        : {}),
      exact: true,
      scanned,
    };
  }
  // Each contact is in the sample with probability `scanned`: the count's estimator is count / scanned,
  // its variance count · (1 − scanned) / scanned².
  const scale = (figure: number) => Math.round(figure / scanned);
  const reach = withReach
    ? { matched: scale(total('matched')), suppressed: scale(total('suppressed')), noConsent: scale(total('noConsent')), reachable: 0 }
    : undefined;
  if (reach) reach.reachable = Math.max(0, reach.matched - reach.suppressed - reach.noConsent);
  return {
    count: scale(count),
    sample,
    ...(reach ? { reach } : {}),
    exact: false,
    scanned: Math.round(scanned * 10_000) / 10_000,
    margin: Math.round((1.96 * Math.sqrt(count * (1 - scanned))) / scanned),
  };
}

/** A page of a segment's members, with who they are. */
export async function segmentMembers(
  ports: Pick<SegmentPorts, 'segments' | 'contacts'>,
  id: string,
  limit: number,
  cursor?: string,
): Promise<Page<ContactSummary & { enteredAt: string }>> {
  if (!(await ports.segments.get(id))) throw new NotFoundError('Segment', id);
  const page = await ports.segments.members(id, limit, cursor);
  const contacts = new Map<string, ContactSummary>();
  for (let start = 0; start < page.items.length; start += 100) {
    for (const contact of await ports.contacts.getMany(page.items.slice(start, start + 100).map((member) => member.contactId)))
      contacts.set(contact.id, summary(contact));
  }
  return {
    items: page.items.map((member) => ({ ...(contacts.get(member.contactId) ?? { id: member.contactId }), enteredAt: member.enteredAt })),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}
