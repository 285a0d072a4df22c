import { inParallel } from '#shared/in-parallel';
import { type CompiledSegment, isDue, type MembershipDelta, membershipDelta, type Segment, type SegmentRunSummary } from '#shared/domain/segment';
import { compileRule, factAttributes, type SegmentFacts } from '#shared/domain/segment-rule';
import { ConcurrentWriteError } from './port-errors';
import type { Clock } from './ports';
import type { SegmentRefreshStore, SegmentRunStore } from './segment-ports';

export type { SegmentRefreshStore, SegmentRunStore };

export interface SegmentRunOptions {
  /** Parallel Scan segments over the contact-facts index, each read by its own worker. */
  workers: number;
  /** How long a run may hold a segment before another run may take it over (a crashed run's leases expire). */
  leaseMs: number;
  /** Membership writes in flight per worker. */
  writeConcurrency?: number;
  pageSize?: number;
  /** Stops the run between pages; the segments keep their leases until they expire (as after a crash). */
  signal?: AbortSignal;
}

export interface SegmentRunReport {
  runId: string;
  startedAt: string;
  /** Contacts read by the scan (0 when nothing was due). */
  evaluated: number;
  durationMs: number;
  segments: Array<{ id: string; members: number; entered: number; exited: number; recorded: boolean }>;
  /** Segments another run is evaluating right now. */
  skipped: string[];
}

/** Attempts at a contact whose profile changed between the scan and the membership write. */
const MAX_WRITE_ATTEMPTS = 5;

/**
 * One segment run (ARCHITECTURE.md, flow 4): leases the requested segments (or every due one), reads
 * the contact-facts index once with a parallel Scan, evaluates every leased segment's compiled rule on
 * each contact, and writes only the memberships that changed. Each contact's change is one transaction,
 * so a run that stops half-way leaves every contact either done or untouched, and the next run finishes
 * the rest. `segment.entered` / `segment.exited` events follow from the member items through the
 * table's stream (the outbox), not from here.
 */
export async function runSegments(
  ports: { segments: SegmentRunStore; clock: Clock; newId: () => string },
  request: { runId?: string; segmentIds?: readonly string[] },
  options: SegmentRunOptions,
): Promise<SegmentRunReport> {
  const runId = request.runId ?? ports.newId();
  const started = ports.clock.now();
  const startedAt = started.toISOString();
  const candidates = request.segmentIds
    ? await ports.segments.getMany(request.segmentIds)
    : (await ports.segments.listAll()).filter((segment) => isDue(segment, started));
  const leased: Segment[] = [];
  const skipped: string[] = [];
  for (const candidate of candidates) {
    const segment = await ports.segments.acquireLease(candidate.id, runId, started, new Date(started.getTime() + options.leaseMs));
    if (segment) leased.push(segment);
    else skipped.push(candidate.id);
  }
  if (leased.length === 0) return { runId, startedAt, evaluated: 0, durationMs: 0, segments: [], skipped };

  const compiled: CompiledSegment[] = leased.map((segment) => ({ id: segment.id, matches: compileRule(segment.rule, started) }));
  const tally = new Map(leased.map((segment) => [segment.id, { members: 0, entered: 0, exited: 0 }]));
  const count = (matched: readonly string[], entered: readonly string[], exited: readonly string[]) => {
    const add = (id: string, figure: 'members' | 'entered' | 'exited') => {
      const figures = tally.get(id);
      if (figures) figures[figure] += 1;
    };
    for (const id of matched) add(id, 'members');
    for (const id of entered) add(id, 'entered');
    for (const id of exited) add(id, 'exited');
  };

  /** Writes one contact's change; on a lost race re-reads the contact and decides again. */
  const settle = async (change: { facts: SegmentFacts; delta: MembershipDelta }): Promise<void> => {
    let facts: SegmentFacts | undefined = change.facts;
    let delta = change.delta;
    for (let attempt = 1; facts; attempt += 1) {
      if (attempt > 1) delta = membershipDelta(facts, compiled);
      if (delta.entered.length === 0 && delta.exited.length === 0) return count(delta.matched, [], []);
      try {
        await ports.segments.applyChange({
          contactId: facts.id,
          version: facts.version,
          current: facts.segments ?? {},
          entered: delta.entered,
          exited: delta.exited,
          at: startedAt,
        });
        return count(delta.matched, delta.entered, delta.exited);
      } catch (error) {
        if (!(error instanceof ConcurrentWriteError) || attempt >= MAX_WRITE_ATTEMPTS) throw error;
        facts = await ports.segments.factsOf(facts.id);
      }
    }
    // Erased while the run was under way: nothing to keep.
  };

  let evaluated = 0;
  const attributes = factAttributes(leased.map((segment) => segment.rule));
  await ports.segments.scanAllFacts(
    {
      attributes,
      workers: options.workers,
      ...(options.pageSize ? { pageSize: options.pageSize } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
    async (page) => {
      evaluated += page.length;
      const changed: Array<{ facts: SegmentFacts; delta: MembershipDelta }> = [];
      for (const facts of page) {
        const delta = membershipDelta(facts, compiled);
        if (delta.entered.length === 0 && delta.exited.length === 0) count(delta.matched, [], []);
        else changed.push({ facts, delta });
      }
      await inParallel(changed, options.writeConcurrency ?? 8, settle);
    },
  );

  const finished = ports.clock.now();
  const segments: SegmentRunReport['segments'] = [];
  for (const segment of leased) {
    const figures = tally.get(segment.id) ?? { members: 0, entered: 0, exited: 0 };
    const summary: SegmentRunSummary = {
      runId,
      startedAt,
      finishedAt: finished.toISOString(),
      evaluated,
      entered: figures.entered,
      exited: figures.exited,
      durationMs: finished.getTime() - started.getTime(),
    };
    const recorded = await ports.segments.finishRun(segment, summary, figures.members);
    segments.push({ id: segment.id, ...figures, recorded });
  }
  return { runId, startedAt, evaluated, durationMs: finished.getTime() - started.getTime(), segments, skipped };
}

/**
 * Keeps segments fresh between runs: re-evaluates one changed contact against every segment and
 * writes what changed. Segments not yet evaluated by a run are included: what is written for this
 * contact is true, and the first run counts the rest. A lost race means a newer version of the
 * contact exists, whose own change notification will be evaluated; so it is skipped.
 */
export async function refreshContactSegments(
  ports: { segments: SegmentRefreshStore; allSegments: () => Promise<Segment[]>; clock: Clock },
  facts: SegmentFacts,
): Promise<{ entered: string[]; exited: string[] }> {
  const now = ports.clock.now();
  const live = await ports.allSegments();
  const delta = membershipDelta(
    facts,
    live.map((segment) => ({ id: segment.id, matches: compileRule(segment.rule, now) })),
  );
  if (delta.entered.length === 0 && delta.exited.length === 0) return { entered: [], exited: [] };
  try {
    await ports.segments.applyChange({
      contactId: facts.id,
      version: facts.version,
      current: facts.segments ?? {},
      entered: delta.entered,
      exited: delta.exited,
      at: now.toISOString(),
    });
  } catch (error) {
    if (error instanceof ConcurrentWriteError) return { entered: [], exited: [] };
    throw error;
  }
  await Promise.all([
    ...delta.entered.map((id) => ports.segments.adjustMemberCount(id, 1)),
    ...delta.exited.map((id) => ports.segments.adjustMemberCount(id, -1)),
  ]);
  return { entered: delta.entered, exited: delta.exited };
}
