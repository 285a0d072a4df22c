/**
 * Wall-clock time in an IANA time zone, for things that happen "in the user's morning": the local day
 * and hour of an instant, and the instant a local day ends (DST included: a day may be 23 or 25 hours).
 */

function parts(at: Date, timeZone: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
  const formatted = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const value = (type: string) => Number(formatted.find((part) => part.type === type)?.value ?? '0');
  return { year: value('year'), month: value('month'), day: value('day'), hour: value('hour'), minute: value('minute'), second: value('second') };
}

/** The local calendar day of `at` in `timeZone`, `2026-12-02`. */
export function localDay(at: Date, timeZone: string): string {
  const { year, month, day } = parts(at, timeZone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The local hour (0–23) of `at` in `timeZone`. */
export function localHour(at: Date, timeZone: string): number {
  return parts(at, timeZone).hour;
}

/** How far `timeZone` is ahead of UTC at `at`, in milliseconds. */
function offsetAt(at: Date, timeZone: string): number {
  const { year, month, day, hour, minute, second } = parts(at, timeZone);
  return Date.UTC(year, month - 1, day, hour, minute, second) - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant local midnight after `at` begins in `timeZone` (the end of `at`'s local day). */
export function endOfLocalDay(at: Date, timeZone: string): Date {
  const { year, month, day } = parts(at, timeZone);
  const midnightAsUtc = Date.UTC(year, month - 1, day + 1, 0, 0, 0);
  const guess = midnightAsUtc - offsetAt(new Date(midnightAsUtc), timeZone);
  return new Date(midnightAsUtc - offsetAt(new Date(guess), timeZone));
}

/** The instant of `hour`:00 local time on the first working day (Mon–Fri) after `at`'s local day. */
export function nextWorkingMorning(at: Date, timeZone: string, hour = 9): Date {
  let dayEnd = endOfLocalDay(at, timeZone);
  for (;;) {
    const { year, month, day } = parts(dayEnd, timeZone);
    const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
    if (weekday !== 0 && weekday !== 6) {
      const wallAsUtc = Date.UTC(year, month - 1, day, hour, 0, 0);
      return new Date(wallAsUtc - offsetAt(new Date(wallAsUtc - offsetAt(new Date(wallAsUtc), timeZone)), timeZone));
    }
    dayEnd = endOfLocalDay(dayEnd, timeZone);
  }
}
