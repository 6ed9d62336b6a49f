import { FieldProblem, RuleViolationError } from '@app/domain';

/** A position that passed the checks. Units are in the names; lat/lon WGS84 degrees. */
export interface ValidPosition {
  lat: number;
  lon: number;
  headingDeg: number | null;
  speedMps: number | null;
  accuracyM: number | null;
  /** When the device measured it. */
  at: Date;
}

export interface PositionLimits {
  /** A device clock may run this far ahead of ours. */
  maxFutureMs: number;
  /** Older positions are no use live (and would rewrite the track). */
  maxAgeMs: number;
  maxSpeedMps: number;
  /** Fixes less precise than this radius are refused. */
  maxAccuracyM: number;
}

export const DEFAULT_POSITION_LIMITS: PositionLimits = {
  maxFutureMs: 30_000,
  maxAgeMs: 10 * 60_000,
  maxSpeedMps: 70, // 252 km/h: more is a broken receiver, not a minibus
  maxAccuracyM: 500,
};

/**
 * Checks a driver's position message (see PositionInput in @app/contracts) against `now`.
 * @throws RuleViolationError naming the first bad field, e.g. `{ field: 'lat', code: 'out_of_range' }`.
 */
export function parsePosition(
  input: unknown,
  now: Date,
  limits: PositionLimits = DEFAULT_POSITION_LIMITS,
): ValidPosition {
  const fail = (field: string, code: string, reason: string): never => {
    throw new RuleViolationError([{ field, code, reason } satisfies FieldProblem]);
  };
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    fail('(body)', 'invalid_body', 'a position must be an object {lat, lon, time, ...}');
  const body = input as Record<string, unknown>;

  const num = (field: string, min: number, max: number, optional: boolean): number | null => {
    const v = body[field];
    if (v === undefined || v === null) {
      if (optional) return null;
      return fail(field, 'required', `${field} is required`);
    }
    if (typeof v !== 'number' || !Number.isFinite(v))
      return fail(field, 'not_a_number', `${field} must be a finite number`);
    if (v < min || v > max)
      return fail(field, 'out_of_range', `${field} must be between ${min} and ${max}`);
    return v;
  };
  const lat = num('lat', -90, 90, false)!;
  const lon = num('lon', -180, 180, false)!;
  const heading = num('heading', 0, 360, true);
  const speedMps = num('speed', 0, limits.maxSpeedMps, true);
  const accuracyM = num('accuracy', 0, Number.MAX_VALUE, true);
  if (accuracyM !== null && accuracyM > limits.maxAccuracyM)
    fail(
      'accuracy',
      'too_inaccurate',
      `fixes less precise than ${limits.maxAccuracyM} m are refused`,
    );

  const t = body.time;
  const ms =
    typeof t === 'number'
      ? t
      : typeof t === 'string' && /^\d{4}-\d\d-\d\dT/.test(t)
        ? Date.parse(t)
        : NaN;
  if (t === undefined || t === null) fail('time', 'required', 'time is required');
  if (!Number.isFinite(ms))
    fail('time', 'invalid_time', 'time must be an ISO 8601 instant or epoch milliseconds');
  if (ms > now.getTime() + limits.maxFutureMs)
    fail('time', 'time_in_future', 'time lies in the future; check the device clock');
  if (ms < now.getTime() - limits.maxAgeMs)
    fail('time', 'stale', `positions older than ${limits.maxAgeMs / 60_000} minutes are refused`);

  return {
    lat,
    lon,
    headingDeg: heading === null ? null : heading % 360,
    speedMps,
    accuracyM,
    at: new Date(ms),
  };
}
