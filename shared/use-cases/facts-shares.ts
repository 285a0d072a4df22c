import type { SegmentFacts } from '#shared/domain/segment-rule';
import { inParallel } from '#shared/in-parallel';
import type { SegmentCatalog } from './segment-ports';

/**
 * The facts index is read in `workers × SHARES_PER_WORKER` parallel Scan segments ("shares"). Scan
 * segments split the contacts by the hash of their id, so the first `workers` shares (1/16 of the
 * contacts) are a uniform random sample, and any set of fully read shares is one too.
 */
export const SHARES_PER_WORKER = 16;

/**
 * One read of the facts index in shares within one time budget (a segment preview, a journey forecast).
 * Each share keeps its own tally, started by `start` and filled page by page by `onPage`; a share counts
 * (is in `finished`) only once it was read to its end, so a share the budget cut short contributes nothing
 * and the finished ones stay a uniform sample. `read` reads the shares given, `workers` at a time.
 */
export function factsShares<T>(
  scanner: Pick<SegmentCatalog, 'scanFacts'>,
  options: { attributes: readonly string[]; workers: number; budgetMs: number },
  start: () => T,
  onPage: (tally: T, page: SegmentFacts[]) => Promise<void> | void,
) {
  const total = options.workers * SHARES_PER_WORKER;
  const deadline = AbortSignal.timeout(options.budgetMs);
  const finished: T[] = [];
  const readShare = async (share: number): Promise<void> => {
    const tally = start();
    try {
      await scanner.scanFacts({ attributes: options.attributes, segment: share, totalSegments: total, signal: deadline }, async (page) => onPage(tally, page));
      finished.push(tally);
    } catch (error) {
      // A share the deadline cut short counts for nothing: the finished ones are the sample.
      if (!deadline.aborted) throw error;
    }
  };
  return {
    total,
    finished,
    shares: Array.from({ length: total }, (_, share) => share),
    read: (shares: readonly number[]) => inParallel(shares, options.workers, readShare),
  };
}
