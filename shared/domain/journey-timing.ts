import { TZDateMini } from '@date-fns/tz';
import { durationMs, type JourneyStep, type SendWindow } from './journey';

/** Where "the contact's time zone" is unknown (no address yet), the product's home zone. */
export const DEFAULT_TIME_ZONE = 'Europe/Berlin';

/** ISO weekday (1 = Monday … 7 = Sunday) of a date as seen in its zone. */
function isoWeekday(date: Date): number {
  const day = date.getDay();
  return day === 0 ? 7 : day;
}

/**
 * The first instant at or after `now` inside the window ("Tue–Thu 9–11" in `zone`): `now` itself when it
 * lies inside, else the start of the next allowed day's window. Local times are the zone's wall clock, so a
 * daylight-saving change moves the instant, not the hour people see.
 */
export function windowStart(now: Date, window: Pick<SendWindow, 'weekdays' | 'fromHour' | 'toHour'>, zone: string): Date {
  const local = new TZDateMini(now.getTime(), zone);
  for (let offset = 0; offset <= 7; offset += 1) {
    const day = new TZDateMini(local.getFullYear(), local.getMonth(), local.getDate() + offset, 0, 0, 0, 0, zone);
    if (!window.weekdays.includes(isoWeekday(day))) continue;
    const start = new TZDateMini(day.getFullYear(), day.getMonth(), day.getDate(), window.fromHour, 0, 0, 0, zone).getTime();
    const end = new TZDateMini(day.getFullYear(), day.getMonth(), day.getDate(), window.toHour, 0, 0, 0, zone).getTime();
    if (now.getTime() < end) return new Date(Math.max(now.getTime(), start));
  }
  // Unreachable for a window with at least one weekday: eight days always contain it.
  throw new Error('the window allows no weekday');
}

/** The zone a window is read in: its own, else the contact's, else the product's home zone. */
export function windowZone(window: Pick<SendWindow, 'timeZone'>, contactZone: string | undefined): string {
  return window.timeZone === 'contact' ? (contactZone ?? DEFAULT_TIME_ZONE) : window.timeZone;
}

/** When a wait step that starts at `now` is over: its duration first, then the next moment in its window. */
export function waitOver(step: Extract<JourneyStep, { type: 'wait' }>, now: Date, contactZone?: string): Date {
  const afterDuration = new Date(now.getTime() + (step.duration ? durationMs(step.duration) : 0));
  return step.until ? windowStart(afterDuration, step.until, windowZone(step.until, contactZone)) : afterDuration;
}
