import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '#infra/local/create-table';
import type { Contact } from '#shared/domain/contact';
import { membershipDelta, newSegment, type Segment } from '#shared/domain/segment';
import { compileRule, type RuleNode, type SegmentFacts } from '#shared/domain/segment-rule';
import { createDocumentClient, type TableRef } from '#shared/store/dynamo-client';
import { keys } from '#shared/store/keys';
import { SegmentRepository } from '#shared/store/segment-repository';
import { runSegments } from '#shared/use-cases/run-segments';
import { referenceMatches } from '#tests/helpers/segment-reference';
import { median, prng, round } from './stats';
import { writeAll } from './write-all';

const NOW = new Date();
const DAY = 86_400_000;

const COMPANIES = ['Müller GmbH', 'Schmidt AG', 'Weiß & Söhne KG', 'ACME Ltd', 'Globex Inc', 'Initech GmbH', 'Umbrella SE'];
const CAMPAIGNS = ['hannover-messe-2026', 'spring-newsletter', 'google-ads-q3', 'linkedin-b2b', 'website'];
const TAGS = ['vip', 'b2b', 'reseller', 'trade-fair', 'churn-risk'];
const STATUSES = ['pending', 'granted', 'withdrawn'] as const;

/** Synthetic contacts with realistic spreads: most have no orders, some are lapsed, a few are big. */
export function syntheticContacts(count: number, seed = 42): SegmentFacts[] {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const time = (maxDaysAgo: number) => new Date(NOW.getTime() - Math.floor(random() * maxDaysAgo * DAY)).toISOString();
  return Array.from({ length: count }, (_, index) => {
    const orders = random() < 0.35 ? Math.ceil(random() * 6) : 0;
    const firstAt = orders ? time(1500) : undefined;
    const lastAt = orders ? time(700) : undefined;
    const month = lastAt?.slice(0, 7);
    const totalMinor = orders * Math.floor(500 + random() * 40_000);
    const consents: Contact['consents'] = {};
    if (random() < 0.6) consents.newsletter = { status: pick(STATUSES), at: time(400) };
    if (random() < 0.2) consents.events = { status: pick(STATUSES), at: time(400) };
    const campaign = pick(CAMPAIGNS);
    return {
      id: `bench-contact-${seed}-${index}`,
      version: 1,
      createdAt: time(1500),
      email: `person${index}@example.de`,
      emailNormalised: `person${index}@example.de`,
      company: pick(COMPANIES),
      source: random() < 0.3 ? 'fair' : 'web',
      locale: random() < 0.7 ? 'de' : 'en',
      country: pick(['DE', 'DE', 'DE', 'AT', 'CH', 'NL']),
      tags: TAGS.filter(() => random() < 0.12),
      consents,
      orders: { count: orders, totalMinor, ...(orders ? { currency: 'EUR', firstAt, lastAt, byMonth: { [month!]: totalMinor } } : {}) },
      activity: random() < 0.4 ? { lastAt: time(200) } : {},
      score: Math.floor(random() * 100),
      firstTouch: { at: time(1500), channel: 'web', source: 'google', campaignCode: campaign, campaignId: `cmp-${campaign}` },
      lastTouch: { at: time(300), channel: 'web', source: 'newsletter', medium: 'email', campaignCode: pick(CAMPAIGNS) },
    } satisfies SegmentFacts;
  });
}

/** Twenty segments of the kinds marketers build (API.md, "Segments"). */
export const BENCH_RULES: RuleNode[] = [
  {
    all: [
      { field: 'orders.count', op: 'gt', value: 0 },
      { field: 'orders.lastAt', op: 'before', value: { daysAgo: 365 } },
    ],
  },
  { field: 'consent.newsletter', op: 'eq', value: 'granted' },
  {
    all: [
      { field: 'orders.totalMinor', op: 'gte', value: 150_000 },
      { field: 'consent.newsletter', op: 'eq', value: 'granted' },
    ],
  },
  { field: 'orders.lastQuarterMinor', op: 'gt', value: 20_000 },
  {
    all: [
      { field: 'firstTouch.campaign', op: 'eq', value: 'hannover-messe-2026' },
      { field: 'consent.newsletter', op: 'eq', value: 'granted' },
    ],
  },
  { field: 'tags', op: 'contains', value: 'vip' },
  {
    all: [
      { field: 'company', op: 'contains', value: 'gmbh' },
      { field: 'orders.count', op: 'eq', value: 0 },
    ],
  },
  { field: 'activity.lastAt', op: 'after', value: { daysAgo: 30 } },
  { all: [{ field: 'createdAt', op: 'after', value: { daysAgo: 90 } }, { not: { field: 'orders.lastAt', op: 'exists' } }] },
  {
    any: [
      { field: 'score', op: 'gte', value: 95 },
      { field: 'tags', op: 'in', value: ['reseller', 'churn-risk'] },
    ],
  },
  {
    all: [
      { field: 'source', op: 'eq', value: 'fair' },
      { field: 'country', op: 'in', value: ['AT', 'CH'] },
    ],
  },
  {
    all: [
      { field: 'locale', op: 'eq', value: 'en' },
      { field: 'consent.events', op: 'eq', value: 'granted' },
    ],
  },
  {
    not: {
      any: [
        { field: 'consent.newsletter', op: 'exists' },
        { field: 'consent.events', op: 'exists' },
      ],
    },
  },
  {
    all: [
      { field: 'lastTouch.campaign', op: 'in', value: ['google-ads-q3', 'linkedin-b2b'] },
      { field: 'score', op: 'gt', value: 60 },
    ],
  },
  { field: 'orders.count', op: 'gte', value: 5 },
  {
    all: [
      { field: 'orders.firstAt', op: 'after', value: { daysAgo: 180 } },
      { field: 'orders.count', op: 'eq', value: 1 },
    ],
  },
  { field: 'email', op: 'contains', value: '77@' },
  {
    all: [
      { field: 'consent.newsletter', op: 'eq', value: 'withdrawn' },
      { field: 'orders.count', op: 'gt', value: 2 },
    ],
  },
  {
    any: [
      { field: 'company', op: 'eq', value: 'acme ltd' },
      { field: 'company', op: 'eq', value: 'globex inc' },
    ],
  },
  {
    all: [
      { field: 'lastTouch.medium', op: 'eq', value: 'email' },
      { field: 'activity.lastAt', op: 'before', value: { daysAgo: 150 } },
    ],
  },
];

/** Contact × segment checks per second of the compiled evaluator, and of the reference one. */
function evaluatorThroughput(contacts: SegmentFacts[]): { compiled: number; reference: number; matches: number } {
  const compiled = BENCH_RULES.map((rule) => compileRule(rule, NOW));
  let matches = 0;
  const started = performance.now();
  for (const contact of contacts) for (const rule of compiled) if (rule(contact)) matches += 1;
  const compiledSeconds = (performance.now() - started) / 1000;
  const sample = contacts.slice(0, 50_000);
  const referenceStarted = performance.now();
  let referenceMatchCount = 0;
  for (const contact of sample) for (const rule of BENCH_RULES) if (referenceMatches(rule, contact, NOW)) referenceMatchCount += 1;
  const referenceSeconds = (performance.now() - referenceStarted) / 1000;
  if (referenceMatchCount < 0) throw new Error('unreachable');
  return { compiled: (contacts.length * compiled.length) / compiledSeconds, reference: (sample.length * BENCH_RULES.length) / referenceSeconds, matches };
}

const contactItem = (contact: SegmentFacts) => ({ ...keys.contact(contact.id), ...keys.contactFacts(contact.id), type: 'contact', ...contact });

/**
 * The state a first run of `segments` at `at` leaves, written directly: every contact with the
 * memberships the production evaluator gives it, and the member items (what `applyChange` writes).
 */
function membersAfterFirstRun(contacts: SegmentFacts[], segments: Segment[], at: Date): Array<Record<string, unknown>> {
  const compiled = segments.map((segment) => ({ id: segment.id, matches: compileRule(segment.rule, at) }));
  const enteredAt = at.toISOString();
  return contacts.flatMap((contact) => {
    const { entered } = membershipDelta(contact, compiled);
    const memberships = Object.fromEntries(entered.map((id) => [id, enteredAt]));
    return [
      { ...contactItem(contact), segments: memberships },
      ...entered.map((id) => ({ ...keys.segmentMember(id, contact.id), type: 'segment-member', enteredAt })),
    ];
  });
}

/**
 * `measureFirstRun` (BENCH_FULL) times the first scheduled run, which enters every match with one
 * transaction per contact (~4 minutes at 100k); otherwise the state it leaves is written directly.
 * The baseline of ten single-segment runs is, likewise, ten measured runs with `measureFirstRun` and
 * otherwise ten times the median of three (each is one full scan, whatever the segment).
 */
export async function benchSegments(contactCount: number, options: { measureFirstRun: boolean }): Promise<Record<string, number>> {
  const inMemory = syntheticContacts(1_000_000);
  const throughput = evaluatorThroughput(inMemory);
  inMemory.length = 0;

  // A table of its own, so the import benchmark's contacts do not join the scan.
  const endpoint = process.env.DYNAMODB_ENDPOINT!;
  const raw = new DynamoDBClient({ endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(raw, 'bench-segments');
  raw.destroy();
  const table: TableRef = {
    client: createDocumentClient({ AWS_REGION: 'eu-central-1', DYNAMODB_ENDPOINT: endpoint }, { maxAttempts: 10 }),
    tableName: 'bench-segments',
  };
  const repository = new SegmentRepository(table);
  const contacts = syntheticContacts(contactCount, 7);
  const segments: Segment[] = BENCH_RULES.slice(0, 10).map((rule, index) =>
    newSegment({ name: `Bench ${index}`, rule, schedule: 'daily' }, `bench-seg-${index}`, NOW),
  );
  for (const segment of segments) await repository.create(segment);
  const runOptions = { workers: 8, leaseMs: 15 * 60_000, writeConcurrency: 16 };
  const ports = (clock: { now: () => Date }) => ({ segments: repository, clock, newId: () => crypto.randomUUID() });

  const items = options.measureFirstRun ? contacts.map(contactItem) : membersAfterFirstRun(contacts, segments, new Date());
  const seedStarted = performance.now();
  await writeAll(table, items);
  const seedMs = performance.now() - seedStarted;
  // First scheduled run: every contact that matches enters (the membership writes dominate).
  const first = options.measureFirstRun ? await runSegments(ports({ now: () => new Date() }), {}, runOptions) : undefined;
  // The next day's scheduled run: all ten are due again; only what time alone changed is written.
  const nextDay = new Date(Date.now() + 25 * 3_600_000);
  const steadyStarted = performance.now();
  const steady = await runSegments(ports({ now: () => nextDay }), {}, runOptions);
  const steadyMs = performance.now() - steadyStarted;
  if (steady.segments.length !== 10) throw new Error(`the scheduled run evaluated ${steady.segments.length} segments, not 10`);

  // The same segments at the same instant, one scan each (nothing left to change).
  const singleMs: number[] = [];
  for (const segment of segments.slice(0, options.measureFirstRun ? 10 : 3)) {
    const started = performance.now();
    await runSegments(ports({ now: () => nextDay }), { segmentIds: [segment.id] }, runOptions);
    singleMs.push(performance.now() - started);
  }
  const tenSingleMs = options.measureFirstRun ? singleMs.reduce((sum, ms) => sum + ms, 0) : 10 * median(singleMs);

  return {
    'segments.evalPerSecond': Math.round(throughput.compiled),
    'segments.referenceEvalPerSecond': Math.round(throughput.reference),
    'segments.compiledVsReference': round(throughput.compiled / throughput.reference, 1),
    'segments.contacts': contactCount,
    'segments.seedItemsPerSecond': Math.round(items.length / (seedMs / 1000)),
    ...(first
      ? {
          'segments.firstRun100kMs': Math.round(first.durationMs),
          'segments.firstRunEntered': first.segments.reduce((sum, segment) => sum + segment.entered, 0),
        }
      : {}),
    'segments.run100kMs': Math.round(steadyMs),
    'segments.runChanges': steady.segments.reduce((sum, segment) => sum + segment.entered + segment.exited, 0),
    'segments.singleScanMs': Math.round(median(singleMs)),
    'segments.tenSingleScansMs': Math.round(tenSingleMs),
    'segments.onePassRatio': round(steadyMs / tenSingleMs, 3),
  };
}
