import { addDays } from './local-time';

/**
 * How far from today the office may date what it plans: shifts, roster lines' validity and
 * single roster days. One rule for all of them, so the console and the API never disagree.
 *
 * - A year back (366 days, a leap year included): the office enters or corrects a day after the
 *   fact (a shift driven but not entered, a roster day called off by phone) for the records it
 *   keeps a year; nothing older is still corrected, and a date such as 1900-12-24 or 0001-01-01
 *   is a typo that once was stored as it was.
 * - Two years ahead (731 days): the roster follows the timetable year, which changes each
 *   December and is published months before; two years cover the running and the next timetable
 *   year with room to spare. A date beyond (9999-12-31 for "open-ended") is a typo or a stand-in
 *   for "no end", which a roster line says with `validTo: null`.
 */
export const PLANNING_WINDOW_DAYS = { back: 366, ahead: 731 } as const;

/** The first and last local date `YYYY-MM-DD` the office may plan on, seen from `today`. */
export function planningWindow(today: string): { first: string; last: string } {
  return {
    first: addDays(today, -PLANNING_WINDOW_DAYS.back),
    last: addDays(today, PLANNING_WINDOW_DAYS.ahead),
  };
}

/**
 * Why the local date `date` (`YYYY-MM-DD`) is outside the planning window seen from `today`, or
 * null when it is inside (or no such date at all: its own format rule says so).
 */
export function planningDateProblem(date: string, today: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const { first, last } = planningWindow(today);
  if (date >= first && date <= last) return null;
  return outside(first, last);
}

/**
 * {@link planningDateProblem} for an instant: its UTC date against the window seen from `now`'s
 * UTC date. At a window a year or two wide, the hour or two between UTC and the county's local
 * date does not matter.
 */
export function planningInstantProblem(at: Date, now: Date): string | null {
  const ms = at.getTime();
  if (!Number.isFinite(ms)) return null;
  const { first, last } = planningWindow(now.toISOString().slice(0, 10));
  if (ms >= Date.parse(`${first}T00:00:00Z`) && ms < Date.parse(`${addDays(last, 1)}T00:00:00Z`))
    return null;
  return outside(first, last);
}

function outside(first: string, last: string): string {
  return `must be between ${first} and ${last} (a year back to two years ahead)`;
}
