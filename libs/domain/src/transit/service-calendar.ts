import { Weekday, WEEKDAYS } from '../local-time';

/** A weekly pattern of a GTFS service (calendar.txt), dates as `YYYY-MM-DD`, both inclusive. */
export interface ServicePattern {
  serviceId: string;
  weekdays: Weekday[];
  startDate: string;
  endDate: string;
}

/** A single-day exception (calendar_dates.txt): 1 adds the service, 2 removes it. */
export interface ServiceException {
  serviceId: string;
  date: string;
  exceptionType: 1 | 2;
}

/** The weekday of a calendar date (`YYYY-MM-DD`). */
export function weekdayOf(date: string): Weekday {
  const d = new Date(`${date}T12:00:00Z`).getUTCDay(); // 0 = Sunday
  return WEEKDAYS[(d + 6) % 7];
}

/**
 * The services running on `date`: those whose weekly pattern covers it, plus those a
 * calendar_dates exception adds, less those one removes (GTFS reference, calendar_dates.txt).
 */
export function activeServiceIds(
  date: string,
  patterns: readonly ServicePattern[],
  exceptions: readonly ServiceException[],
): Set<string> {
  const day = weekdayOf(date);
  const active = new Set<string>();
  for (const p of patterns) {
    if (p.startDate <= date && date <= p.endDate && p.weekdays.includes(day)) {
      active.add(p.serviceId);
    }
  }
  for (const e of exceptions) {
    if (e.date !== date) continue;
    if (e.exceptionType === 1) active.add(e.serviceId);
    else active.delete(e.serviceId);
  }
  return active;
}
