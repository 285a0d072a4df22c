/** `at most mails marketing mails per days days per person`, across journeys and mailings; off when absent. */
export interface FrequencyCap {
  mails: number;
  days: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * When the next marketing mail may go to a person who was sent mails at `sentAt` (ISO times, any order):
 * `now` when the cap allows it, else the moment the oldest mail inside the window leaves it. A journey mail
 * waits until then; a mailing skips the person and counts them `capped`.
 */
export function nextAllowedSend(sentAt: readonly string[], cap: FrequencyCap | undefined, now: Date): Date {
  if (!cap) return now;
  const windowStart = now.getTime() - cap.days * DAY_MS;
  const inside = sentAt
    .map((time) => Date.parse(time))
    .filter((time) => time > windowStart)
    .sort((a, b) => a - b);
  if (inside.length < cap.mails) return now;
  // The mail that must leave the window before one more fits.
  const blocking = inside[inside.length - cap.mails] ?? now.getTime();
  return new Date(blocking + cap.days * DAY_MS);
}
