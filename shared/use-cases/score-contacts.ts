import { setTimeout as sleep } from 'node:timers/promises';
import { inParallel } from '#shared/in-parallel';
import { ConflictError } from '#shared/domain/errors';
import { computeScore, type ScoreEntry, type ScoreLine, type ScoringConfig, type ScoringConfigInput } from '#shared/domain/scoring';
import { ALL_FACT_ATTRIBUTES, type SegmentFacts } from '#shared/domain/segment-rule';
import { eventCatalog } from '#shared/events/catalog';
import type { Clock } from './ports';
import type { RebuildState, ScoringStore } from './scoring-ports';

/** Attempts of one score write that keeps meeting concurrent profile changes. */
const MAX_ATTEMPTS = 8;
/** Contacts rescored at once by a rebuild, and per scan page. */
const REBUILD_CONCURRENCY = 8;
const REBUILD_PAGE = 100;

export interface ScoringPorts {
  scoring: ScoringStore;
  clock: Clock;
  newId: () => string;
}

/** `GET /v1/scoring`: the rules, their version, and the newest rebuild's progress. */
export interface ScoringView extends ScoringConfigInput {
  version: number;
  updatedAt?: string;
  rebuild: { status: RebuildState['status']; reason: RebuildState['reason']; done: number; startedAt: string; finishedAt?: string } | null;
}

function rebuildView(state: RebuildState | undefined): ScoringView['rebuild'] {
  if (!state) return null;
  const { cursor: _cursor, runId: _runId, ...view } = state;
  return view;
}

export async function getScoring(ports: Pick<ScoringPorts, 'scoring'>): Promise<ScoringView> {
  const [config, rebuild] = await Promise.all([ports.scoring.config(), ports.scoring.rebuildState()]);
  return { ...config, rebuild: rebuildView(rebuild) };
}

function newRebuild(ports: ScoringPorts, reason: RebuildState['reason']) {
  const now = ports.clock.now().toISOString();
  const runId = ports.newId();
  const state: RebuildState = { runId, status: 'running', reason, done: 0, startedAt: now };
  return { state, event: eventCatalog.scoringRebuildRequested.event({ id: `rebuild-${runId}`, occurredAt: now, runId }) };
}

/**
 * `PUT /v1/scoring`: the new rules under the next version, and a rebuild of every score started in the
 * same transaction (a rebuild under way is superseded). A concurrent PUT is a 409.
 */
export async function updateScoring(ports: ScoringPorts, input: ScoringConfigInput): Promise<ScoringView> {
  const current = await ports.scoring.config();
  const next: ScoringConfig = { ...input, version: current.version + 1, updatedAt: ports.clock.now().toISOString() };
  const { state, event } = newRebuild(ports, 'rules');
  if (!(await ports.scoring.saveConfig(next, current.version, state, event)))
    throw new ConflictError('The scoring rules were changed by another request; reload and retry');
  return { ...next, rebuild: rebuildView(state) };
}

/** `POST /v1/scoring/rebuild` (and the daily decay run): rescores every contact in the background. */
export async function requestScoringRebuild(ports: ScoringPorts, reason: RebuildState['reason'] = 'rules'): Promise<{ runId: string }> {
  const { state, event } = newRebuild(ports, reason);
  await ports.scoring.startRebuild(state, event);
  return { runId: state.runId };
}

/**
 * The daily decay run: points age by full months, so every score is recomputed once a day (a rebuild
 * with reason `decay`), unless a rebuild is under way (it recomputes them anyway). A run whose state
 * says `running` but that started more than a day ago is taken as lost and started again.
 */
export async function startDecayRun(ports: ScoringPorts): Promise<{ runId?: string }> {
  const state = await ports.scoring.rebuildState();
  const now = ports.clock.now().getTime();
  if (state?.status === 'running' && now - Date.parse(state.startedAt) < 86_400_000) return {};
  return requestScoringRebuild(ports, 'decay');
}

export type ScoreOutcome = 'scored' | 'duplicate' | 'unchanged' | 'gone';

/**
 * Recomputes one contact's score from its ledger (plus `entry`, a new scorable event, claimed by its
 * event id) under the current rules and writes it with the entry in one transaction conditioned on the
 * profile's version: a concurrent change re-reads and retries, a repeated event is a `duplicate` and
 * changes nothing. Crossing the threshold upwards sets `qualifiedAt` and publishes `lead.qualified`
 * through the outbox in the same transaction; falling below it clears `qualifiedAt`.
 */
export async function scoreContact(ports: ScoringPorts, contactId: string, entry?: ScoreEntry, known?: ScoringConfig): Promise<ScoreOutcome> {
  let config = known ?? (await ports.scoring.config());
  for (let attempt = 1; ; attempt += 1) {
    const { profile, ledger } = await ports.scoring.profileWithLedger(contactId);
    if (!profile) return 'gone';
    if (entry && ledger.some((seen) => seen.eventId === entry.eventId)) return 'duplicate';
    const now = ports.clock.now();
    const { score } = computeScore(entry ? [...ledger, entry] : ledger, config, profile as SegmentFacts, now);
    const reaches = score >= config.qualifyAt;
    const qualifies = reaches && profile.qualifiedAt === undefined;
    const clears = !reaches && profile.qualifiedAt !== undefined;
    if (!entry && !qualifies && !clears && score === profile.score && profile.scoreRulesVersion === config.version) return 'unchanged';
    const outcome = await ports.scoring.writeScore({
      contactId,
      seenVersion: profile.version,
      score,
      rulesVersion: config.version,
      ...(entry ? { entry } : {}),
      ...(qualifies
        ? {
            qualified: {
              at: now.toISOString(),
              event: eventCatalog.leadQualified.event({ id: ports.newId(), occurredAt: now.toISOString(), contactId, score, qualifyAt: config.qualifyAt }),
            },
          }
        : {}),
      ...(clears ? { clearQualified: true } : {}),
    });
    if (outcome === 'written') return 'scored';
    if (outcome === 'duplicate' || outcome === 'gone') return outcome;
    if (attempt >= MAX_ATTEMPTS) throw new ConflictError(`The score of contact ${contactId} kept meeting concurrent changes`);
    // A conflict: the profile changed, or newer rules scored it meanwhile (then read them).
    if (profile.scoreRulesVersion !== undefined && profile.scoreRulesVersion >= config.version) config = await ports.scoring.config();
    else if (attempt > 2) config = await ports.scoring.config();
    await sleep(Math.random() * 10 * attempt);
  }
}

/**
 * One invocation of a rebuild: resumes run `runId` at its saved position, rescoring every contact of
 * the facts index page by page under the current rules (each write conditioned on the profile's
 * version and retried, so it is safe while events are scored live), saving its position after every
 * page. Before `deadline` it hands on through the outbox and the next invocation continues. A run that
 * another run superseded stops.
 */
export async function runScoringRebuild(
  ports: ScoringPorts,
  runId: string,
  options: { deadline: number; pageSize?: number },
): Promise<{ status: 'done' | 'continued' | 'superseded'; done: number }> {
  let state = await ports.scoring.rebuildState();
  if (!state || state.runId !== runId) return { status: 'superseded', done: 0 };
  if (state.status === 'done') return { status: 'done', done: state.done };
  const config = await ports.scoring.config();
  for (;;) {
    const page = await ports.scoring.scanContacts({
      attributes: ['id'],
      limit: options.pageSize ?? REBUILD_PAGE,
      ...(state.cursor ? { cursor: state.cursor } : {}),
    });
    await inParallel(page.items, REBUILD_CONCURRENCY, async (facts) => {
      await scoreContact(ports, facts.id, undefined, config);
    });
    const { cursor: _previous, ...rest } = state;
    state = page.cursor
      ? { ...rest, done: state.done + page.items.length, cursor: page.cursor }
      : { ...rest, done: state.done + page.items.length, status: 'done', finishedAt: ports.clock.now().toISOString() };
    if (!(await ports.scoring.saveRebuild(state))) return { status: 'superseded', done: state.done };
    if (state.status === 'done') return { status: 'done', done: state.done };
    if (Date.now() > options.deadline) {
      const now = ports.clock.now().toISOString();
      await ports.scoring.requestRebuild(eventCatalog.scoringRebuildRequested.event({ id: `rebuild-${runId}-${state.done}`, occurredAt: now, runId }));
      return { status: 'continued', done: state.done };
    }
  }
}

/** The preview's sample: the facts index is read in this many Scan segments, as many as needed for {@link PREVIEW_SAMPLE} contacts. */
const PREVIEW_SEGMENTS = 16;
const PREVIEW_SAMPLE = 2_000;

export interface ScoringPreview {
  /** Contacts (estimated from the sample when `sampled`). */
  contacts: number;
  /** How many would be at or above the draft's `qualifyAt` under the draft rules. */
  qualified: number;
  /** How many are at or above the current `qualifyAt` now (their stored score). */
  currentlyQualified: number;
  sampled: boolean;
  /** The share of the facts index read (1 when not sampled). */
  fraction: number;
  /** ± this many, about 95 % (binomial, from the sample); 0 when not sampled. */
  margin: number;
}

/**
 * `POST /v1/scoring/preview`: how many contacts the draft rules would qualify. Reads Scan segments of
 * the facts index (1/16 of it each) until {@link PREVIEW_SAMPLE} contacts are read, computes each
 * one's score from its ledger under the draft, and scales the counts by the share read: exact on a
 * small table, an estimate with its margin on a big one (two pages of a few segments, not a scan).
 */
export async function previewScoring(ports: Pick<ScoringPorts, 'scoring' | 'clock'>, draft: ScoringConfigInput): Promise<ScoringPreview> {
  const current = await ports.scoring.config();
  const now = ports.clock.now();
  let read = 0;
  let qualified = 0;
  let currentlyQualified = 0;
  let segments = 0;
  while (segments < PREVIEW_SEGMENTS && read < PREVIEW_SAMPLE) {
    let cursor: string | undefined;
    do {
      const page = await ports.scoring.scanContacts({
        attributes: ALL_FACT_ATTRIBUTES,
        limit: 500,
        segment: segments,
        totalSegments: PREVIEW_SEGMENTS,
        ...(cursor ? { cursor } : {}),
      });
      await inParallel(page.items, REBUILD_CONCURRENCY, async (facts) => {
        const ledger = await ports.scoring.ledger(facts.id);
        if (computeScore(ledger, draft, facts, now).score >= draft.qualifyAt) qualified += 1;
        if ((facts.score ?? 0) >= current.qualifyAt) currentlyQualified += 1;
      });
      read += page.items.length;
      cursor = page.cursor;
    } while (cursor);
    segments += 1;
  }
  const fraction = segments / PREVIEW_SEGMENTS;
  const scale = (count: number) => Math.round(count / fraction);
  const share = read === 0 ? 0 : qualified / read;
  const margin = fraction === 1 ? 0 : Math.ceil((1.96 * Math.sqrt(read * share * (1 - share) * (1 - fraction))) / fraction);
  return { contacts: scale(read), qualified: scale(qualified), currentlyQualified: scale(currentlyQualified), sampled: fraction < 1, fraction, margin };
}

/** The 360° page's explanation of a score: every line, newest first, under the current rules. */
export function explainScore(entries: readonly ScoreEntry[], config: ScoringConfigInput, facts: SegmentFacts, now: Date): ScoreLine[] {
  return computeScore(entries, config, facts, now).lines;
}
