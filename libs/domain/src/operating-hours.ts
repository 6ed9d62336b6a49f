import { FieldProblem } from './errors';
import { parseHhMm, toLocalTime, Weekday, WEEKDAYS } from './local-time';

/** One opening interval in local time, `HH:MM`; `end` may be `24:00`. */
export interface HoursInterval {
  start: string;
  end: string;
}

/** Operating hours per weekday, in the service area's local time. A missing day is closed. */
export type OperatingHours = Partial<Record<Weekday, HoursInterval[]>>;

/** Checks the shape of operating hours an operator sends; returns problems, empty when fine. */
export function validateOperatingHours(hours: unknown, field = 'operatingHours'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (typeof hours !== 'object' || hours === null || Array.isArray(hours)) {
    return [{ field, reason: 'must be an object keyed by weekday (mon..sun)', code: 'invalid' }];
  }
  for (const [day, intervals] of Object.entries(hours)) {
    if (!(WEEKDAYS as readonly string[]).includes(day)) {
      problems.push({
        field: `${field}.${day}`,
        reason: 'is not a weekday (mon..sun)',
        code: 'invalid',
      });
      continue;
    }
    if (!Array.isArray(intervals)) {
      problems.push({
        field: `${field}.${day}`,
        reason: 'must be a list of {start, end}',
        code: 'invalid',
      });
      continue;
    }
    const parsed: Array<[number, number]> = [];
    intervals.forEach((iv: unknown, i: number) => {
      const f = `${field}.${day}[${i}]`;
      const { start, end } = (iv ?? {}) as { start?: unknown; end?: unknown };
      const s = typeof start === 'string' ? parseHhMm(start) : null;
      const e = typeof end === 'string' ? parseHhMm(end) : null;
      if (s === null || e === null) {
        problems.push({ field: f, reason: 'start and end must be HH:MM', code: 'invalid' });
      } else if (e <= s) {
        problems.push({ field: f, reason: 'end must be after start', code: 'invalid' });
      } else {
        parsed.push([s, e]);
      }
    });
    parsed.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < parsed.length; i++) {
      if (parsed[i][0] < parsed[i - 1][1]) {
        problems.push({ field: `${field}.${day}`, reason: 'intervals overlap', code: 'invalid' });
        break;
      }
    }
  }
  return problems;
}

/** True when the instant falls inside an opening interval of its local weekday. */
export function isWithinOperatingHours(
  hours: OperatingHours,
  instant: Date,
  timeZone: string,
): boolean {
  const local = toLocalTime(instant, timeZone);
  const intervals = hours[local.weekday] ?? [];
  return intervals.some((iv) => {
    const s = parseHhMm(iv.start);
    const e = parseHhMm(iv.end);
    return s !== null && e !== null && local.minuteOfDay >= s && local.minuteOfDay < e;
  });
}

/** Human-readable summary for error messages, e.g. `Mon 05:00-23:00`. */
export function describeHours(hours: OperatingHours, day: Weekday): string {
  const intervals = hours[day] ?? [];
  if (intervals.length === 0) return `no service on ${day}`;
  return `${day} ${intervals.map((iv) => `${iv.start}-${iv.end}`).join(', ')}`;
}
