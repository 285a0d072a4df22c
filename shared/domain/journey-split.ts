/**
 * A contact's stable bucket 0–99 for one question (a journey's holdout, a split step): FNV-1a over
 * `salt` and the contact id, so the same person always lands on the same side, different journeys and
 * splits draw independently, and no state is stored to remember the draw.
 */
export function bucketOf(contactId: string, salt: string): number {
  let hash = 0x811c9dc5;
  for (const char of `${salt}\u0000${contactId}`) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  // Avalanche the low bits (FNV's are weak for short, similar inputs) before taking the bucket.
  hash = (hash ^ (hash >>> 16)) >>> 0;
  hash = Math.imul(hash, 0x45d9f3b) >>> 0;
  hash = (hash ^ (hash >>> 16)) >>> 0;
  return hash % 100;
}

/** Whether a contact is in the journey's holdout: entered and counted, but sent nothing. */
export function inHoldout(contactId: string, journeyId: string, holdoutPercent: number): boolean {
  return holdoutPercent > 0 && bucketOf(contactId, `holdout:${journeyId}`) < holdoutPercent;
}

/** The path of a split step a contact takes, by its percentages (which add up to 100). */
export function splitPath<T extends { percent: number }>(paths: readonly T[], contactId: string, salt: string): T {
  const bucket = bucketOf(contactId, `split:${salt}`);
  let upTo = 0;
  for (const path of paths) {
    upTo += path.percent;
    if (bucket < upTo) return path;
  }
  const last = paths.at(-1);
  if (!last) throw new Error('a split needs paths');
  return last;
}
