import { addDays, zonedToInstant } from '../local-time';

/**
 * GTFS times (`HH:MM:SS`) count from "noon minus 12 h" of the service date in the feed's time
 * zone, so they may exceed 24:00:00 for trips running past midnight and stay right on the days
 * clocks change (GTFS reference, stop_times.txt, "Time"). Returns seconds, or null when malformed.
 */
export function parseGtfsTime(value: string): number | null {
  const m = /^\s*(\d{1,3}):([0-5]\d):([0-5]\d)\s*$/.exec(value);
  if (!m) return null;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

/** `YYYYMMDD` (GTFS dates) to `YYYY-MM-DD`, or null when it is no calendar date. */
export function parseGtfsDate(value: string): string | null {
  const m = /^\s*(\d{4})(\d{2})(\d{2})\s*$/.exec(value);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const d = new Date(`${iso}T12:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}

/** `YYYY-MM-DD` to GTFS's `YYYYMMDD`. */
export function formatGtfsDate(isoDate: string): string {
  return isoDate.replace(/-/g, '');
}

/** Seconds to GTFS `HH:MM:SS` (hours may exceed 23). */
export function formatGtfsTime(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** The instant from which a service date's GTFS times count: local noon minus 12 hours. */
export function serviceDayOrigin(serviceDate: string, timeZone: string): Date {
  return new Date(zonedToInstant(serviceDate, '12:00', timeZone).getTime() - 12 * 3600_000);
}

/** The instant of a GTFS time on a service date. */
export function gtfsInstant(serviceDate: string, seconds: number, timeZone: string): Date {
  return new Date(serviceDayOrigin(serviceDate, timeZone).getTime() + seconds * 1000);
}

/**
 * The service dates whose trips can stop inside `[from, to]`: a trip of the previous day may
 * still run after midnight (times past 24:00), so the day before the window's first date is
 * included. `maxDaysBack` bounds how far past midnight a feed's times reach (GTFS allows 47:59).
 */
export function serviceDatesCovering(
  fromLocalDate: string,
  toLocalDate: string,
  maxDaysBack = 1,
): string[] {
  const dates: string[] = [];
  for (let d = addDays(fromLocalDate, -maxDaysBack); d <= toLocalDate; d = addDays(d, 1)) {
    dates.push(d);
  }
  return dates;
}
