export { AlreadyExistsError, ConcurrentWriteError, EmailTakenError } from '#shared/use-cases/port-errors';

interface CancellationReason {
  Code?: string;
}

/**
 * The per-item reasons of a cancelled transaction, or undefined when `error` is something else.
 * DynamoDB reports them in the order of the transaction's items.
 */
export function cancellationReasons(error: unknown): string[] | undefined {
  if ((error as { name?: string } | null)?.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [];
  return reasons.map((reason) => reason.Code ?? 'None');
}

export function isConditionalCheckFailed(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException';
}

/**
 * Awaits a conditional write: true when it was written, false when its condition did not hold
 * (someone else got there first); any other failure is thrown untouched.
 */
export async function writeIf(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}

const CONFLICT_ATTEMPTS = 6;

/**
 * Runs a transaction again while it is cancelled only by conflicts with concurrent transactions on the
 * same items (shared counters: a mailing's counts, a campaign's day row); other cancellations are thrown.
 */
export async function retryingConflicts(write: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await write();
      return;
    } catch (error) {
      const reasons = cancellationReasons(error);
      const conflictOnly = reasons?.includes('TransactionConflict') && !reasons.includes('ConditionalCheckFailed');
      if (!conflictOnly || attempt >= CONFLICT_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
    }
  }
}
