export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface LocalTime {
  weekday: Weekday;
  /** Minutes since local midnight, 0..1439. */
  minuteOfDay: number;
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock view of an instant in an IANA time zone (e.g. `Europe/Berlin`), DST included. */
export function toLocalTime(instant: Date, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) parts[p.type] = p.value;
  const weekday = parts.weekday.toLowerCase().slice(0, 3) as Weekday;
  return {
    weekday,
    minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute),
    date: `${parts.year}-${parts.month}-${parts.day}`,
  };
}

/** Seconds since local midnight of an instant (0 up to a day; offsets are whole minutes). */
export function secondsOfLocalDay(instant: Date, timeZone: string): number {
  const ms = instant.getTime();
  return (
    toLocalTime(instant, timeZone).minuteOfDay * 60 + (((ms % 60_000) + 60_000) % 60_000) / 1000
  );
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** `HH:MM` to minutes since midnight; `24:00` is allowed as an end of day. */
export function parseHhMm(value: string): number | null {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(value);
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes > 24 * 60 ? null : minutes;
}

/** Minutes since midnight as `HH:MM` (the inverse of {@link parseHhMm}). */
export function formatHhMm(minuteOfDay: number): string {
  const h = Math.floor(minuteOfDay / 60);
  return `${String(h).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` (YYYY-MM-DD) `time` (HH:MM).
 * In the hour skipped by a spring-forward change the later offset is used.
 */
export function zonedToInstant(date: string, time: string, timeZone: string): Date {
  const minutes = parseHhMm(time);
  if (minutes === null || !/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new Error(`bad local time ${date} ${time}`);
  const asUtc = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000;
  let guess = asUtc;
  // Two rounds settle the offset, also next to a DST change.
  for (let i = 0; i < 2; i++) {
    const local = toLocalTime(new Date(guess), timeZone);
    const shownAsUtc = Date.parse(`${local.date}T00:00:00Z`) + local.minuteOfDay * 60_000;
    guess += asUtc - shownAsUtc;
  }
  return new Date(guess);
}

/** The calendar date `days` after `date` (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
