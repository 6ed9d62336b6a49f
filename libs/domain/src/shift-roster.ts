import type { FieldProblem } from './errors';
import { addDays, parseHhMm, toLocalTime, Weekday, zonedToInstant } from './local-time';
import { planningDateProblem } from './planning-window';
import { MAX_SHIFT_HOURS } from './shift-span';

/** One line of the weekly roster: this vehicle with this driver on this weekday, these hours. */
export interface RosterEntry {
  id: string;
  vehicleId: string;
  driverId: string;
  weekday: Weekday;
  /** Local wall-clock `HH:MM`; the shift ends the same day, after it starts. */
  start: string;
  end: string;
  /** Local dates `YYYY-MM-DD`, both inclusive; no `validTo`: open-ended. */
  validFrom: string;
  validTo: string | null;
}

/** A single day that differs from the roster: called off, or other hours or another driver. */
export interface RosterException {
  entryId: string;
  date: string;
  kind: 'cancel' | 'change';
  start?: string | null;
  end?: string | null;
  driverId?: string | null;
}

export interface RosterShift {
  entryId: string;
  /** The local service date. */
  date: string;
  vehicleId: string;
  driverId: string;
  startsAt: Date;
  endsAt: Date;
}

export interface RosterDays {
  /** The shifts the roster asks for on these days. */
  shifts: RosterShift[];
  /** Entry days called off by an exception (a shift made earlier for them is to be removed). */
  cancelled: Array<{ entryId: string; date: string }>;
}

/** What the roster asks of one day, as stored on its shift to notice when the ask changes. */
export function rosterAskOf(s: Pick<RosterShift, 'startsAt' | 'endsAt' | 'driverId'>): string {
  return `${s.startsAt.toISOString()}/${s.endsAt.toISOString()}/${s.driverId}`;
}

/** Checks an entry's or exception's hours: `HH:MM`, end after start on the same day. */
export function rosterHoursProblem(start: string, end: string): string | null {
  const s = parseHhMm(start);
  const e = parseHhMm(end);
  if (s === null || e === null) return 'times must be HH:MM';
  if (e <= s) return 'the shift must end after it starts, on the same day';
  if (e - s > MAX_SHIFT_HOURS * 60) return `a shift lasts at most ${MAX_SHIFT_HOURS} hours`;
  return null;
}

/**
 * What is wrong with a single-day exception to roster line `entry`, seen from the local date
 * `today`; empty when nothing. Its date lies in the planning window; a `change` gives other hours
 * or another driver than the line (a "change" that changes nothing was once stored, and the
 * office could not tell it from a real one), and its hours, the line's where it gives none, make
 * a shift. Whether its driver exists is for the caller to ask.
 */
export function rosterExceptionProblems(
  entry: Pick<RosterEntry, 'start' | 'end' | 'driverId'>,
  x: Pick<RosterException, 'date' | 'kind' | 'start' | 'end' | 'driverId'>,
  today: string,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const outside = planningDateProblem(x.date, today);
  if (outside) problems.push({ field: 'date', code: 'outside_planning_window', reason: outside });
  if (x.kind !== 'change') return problems;
  const changes =
    (x.start != null && x.start !== entry.start) ||
    (x.end != null && x.end !== entry.end) ||
    (x.driverId != null && x.driverId !== entry.driverId);
  if (!changes) {
    problems.push({
      field: 'kind',
      code: 'change_without_change',
      reason:
        'a change must give a start, end or driverId other than the roster line’s; to call the day off, use kind "cancel"',
    });
    return problems;
  }
  const why = rosterHoursProblem(x.start ?? entry.start, x.end ?? entry.end);
  if (why) problems.push({ field: 'end', code: 'invalid', reason: why });
  return problems;
}

/**
 * The shifts a weekly roster yields on `days` local dates from `fromDate`, in the county's time
 * zone (daylight saving included: 05:00 is 05:00 local on either side of the change), with the
 * single-day exceptions applied. Pure: the nightly roll-forward and the seed both use it.
 */
export function expandRoster(
  entries: readonly RosterEntry[],
  exceptions: readonly RosterException[],
  fromDate: string,
  days: number,
  timeZone: string,
): RosterDays {
  const byDay = new Map(exceptions.map((x) => [`${x.entryId}/${x.date}`, x]));
  const out: RosterDays = { shifts: [], cancelled: [] };
  for (let d = 0; d < days; d++) {
    const date = addDays(fromDate, d);
    const weekday = toLocalTime(zonedToInstant(date, '12:00', timeZone), timeZone).weekday;
    for (const e of entries) {
      if (e.weekday !== weekday || date < e.validFrom || (e.validTo && date > e.validTo)) continue;
      const x = byDay.get(`${e.id}/${date}`);
      if (x?.kind === 'cancel') {
        out.cancelled.push({ entryId: e.id, date });
        continue;
      }
      const start = x?.start ?? e.start;
      const end = x?.end ?? e.end;
      const startsAt = zonedToInstant(date, start, timeZone);
      const endsAt = zonedToInstant(date, end, timeZone);
      // On the night clocks go forward, 02:30 is read as 03:30 (zonedToInstant): a line such as
      // 02:30-03:15 then ends before it starts. Those hours do not exist that day: no shift,
      // rather than one the database refuses (CHK_shifts_order) and a roll-forward that stops.
      if (endsAt <= startsAt) continue;
      out.shifts.push({
        entryId: e.id,
        date,
        vehicleId: e.vehicleId,
        driverId: x?.driverId ?? e.driverId,
        startsAt,
        endsAt,
      });
    }
  }
  return out;
}
