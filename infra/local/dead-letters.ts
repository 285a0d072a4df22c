/** What the local stand-ins could not deliver after retries: what a dead-letter queue holds in AWS. */
export interface DeadLetter {
  functionName: string;
  error: string;
  /** For a bus event. */
  event?: unknown;
  /** For a stream record: its id, sequence number and keys (never the item's contents). */
  record?: { eventID?: string; sequenceNumber?: string; keys?: unknown };
  /** For a queue message: its id, how often it was received, and its body (ids only, by construction). */
  queueMessage?: { messageId: string; receiveCount: number; body: string };
}

export type DeadLetters = DeadLetter[];
