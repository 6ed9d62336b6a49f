import { RuleViolationError } from '@app/domain';
import { parsePosition } from './position.validator';

const now = new Date('2026-11-23T07:00:00.000Z');
const good = {
  lat: 49.537,
  lon: 7.398,
  heading: 90,
  speed: 12.5,
  accuracy: 8,
  time: now.toISOString(),
};

function problem(input: unknown): { field: string; code: string } {
  try {
    parsePosition(input, now);
  } catch (e) {
    if (e instanceof RuleViolationError) return e.problems[0];
    throw e;
  }
  throw new Error('accepted');
}

describe('parsePosition', () => {
  it('accepts a full position and names its units', () => {
    expect(parsePosition(good, now)).toEqual({
      lat: 49.537,
      lon: 7.398,
      headingDeg: 90,
      speedMps: 12.5,
      accuracyM: 8,
      at: now,
    });
  });

  it('accepts epoch milliseconds and leaves unknown heading, speed, accuracy null', () => {
    const p = parsePosition({ lat: 49.5, lon: 7.4, time: now.getTime() - 1000 }, now);
    expect(p).toMatchObject({ headingDeg: null, speedMps: null, accuracyM: null });
    expect(p.at.getTime()).toBe(now.getTime() - 1000);
  });

  it.each([
    [null, '(body)', 'invalid_body'],
    [[1, 2], '(body)', 'invalid_body'],
    [{ ...good, lat: undefined }, 'lat', 'required'],
    [{ ...good, lat: '49.5' }, 'lat', 'not_a_number'],
    [{ ...good, lat: 91 }, 'lat', 'out_of_range'],
    [{ ...good, lon: -181 }, 'lon', 'out_of_range'],
    [{ ...good, lon: Number.NaN }, 'lon', 'not_a_number'],
    [{ ...good, heading: 400 }, 'heading', 'out_of_range'],
    [{ ...good, speed: -1 }, 'speed', 'out_of_range'],
    [{ ...good, speed: 120 }, 'speed', 'out_of_range'],
    [{ ...good, accuracy: 5000 }, 'accuracy', 'too_inaccurate'],
    [{ ...good, time: undefined }, 'time', 'required'],
    [{ ...good, time: 'yesterday' }, 'time', 'invalid_time'],
    [{ ...good, time: now.getTime() + 3_600_000 }, 'time', 'time_in_future'],
    [{ ...good, time: now.getTime() - 3_600_000 }, 'time', 'stale'],
  ])('refuses %j with %s/%s', (input, field, code) => {
    expect(problem(input)).toMatchObject({ field, code });
  });
});
