import { isWithinOperatingHours, validateOperatingHours } from './operating-hours';
import { toLocalTime } from './local-time';

const hours = { mon: [{ start: '05:00', end: '23:00' }], sun: [{ start: '08:00', end: '22:00' }] };

describe('operating hours', () => {
  it('reads instants in Kusel local time, summer and winter', () => {
    // 2026-07-06 is a Monday; 04:30Z is 06:30 CEST.
    expect(toLocalTime(new Date('2026-07-06T04:30:00Z'), 'Europe/Berlin')).toEqual({
      weekday: 'mon',
      minuteOfDay: 6 * 60 + 30,
      date: '2026-07-06',
    });
    // 2026-01-05 is a Monday; 04:30Z is 05:30 CET.
    expect(toLocalTime(new Date('2026-01-05T04:30:00Z'), 'Europe/Berlin').minuteOfDay).toBe(330);
  });

  it('is open inside an interval and closed outside or on a day without service', () => {
    expect(isWithinOperatingHours(hours, new Date('2026-07-06T05:00:00Z'), 'Europe/Berlin')).toBe(
      true,
    );
    // 02:30 local on Monday
    expect(isWithinOperatingHours(hours, new Date('2026-07-06T00:30:00Z'), 'Europe/Berlin')).toBe(
      false,
    );
    // Tuesday has no service
    expect(isWithinOperatingHours(hours, new Date('2026-07-07T08:00:00Z'), 'Europe/Berlin')).toBe(
      false,
    );
    // the end of an interval is exclusive: 23:00 local Monday
    expect(isWithinOperatingHours(hours, new Date('2026-07-06T21:00:00Z'), 'Europe/Berlin')).toBe(
      false,
    );
  });

  it('names every malformed interval', () => {
    const problems = validateOperatingHours({
      mon: [{ start: '25:00', end: '23:00' }],
      tue: [{ start: '10:00', end: '09:00' }],
      fri: [
        { start: '06:00', end: '12:00' },
        { start: '11:00', end: '14:00' },
      ],
      funday: [],
    });
    expect(problems.map((p) => p.field)).toEqual([
      'operatingHours.mon[0]',
      'operatingHours.tue[0]',
      'operatingHours.fri',
      'operatingHours.funday',
    ]);
  });
});

describe('zonedToInstant', () => {
  const { zonedToInstant, addDays } = jest.requireActual(
    './local-time',
  ) as typeof import('./local-time');
  it('turns Kusel wall-clock times into instants across DST', () => {
    expect(zonedToInstant('2026-07-06', '07:40', 'Europe/Berlin').toISOString()).toBe(
      '2026-07-06T05:40:00.000Z',
    );
    expect(zonedToInstant('2026-01-05', '07:40', 'Europe/Berlin').toISOString()).toBe(
      '2026-01-05T06:40:00.000Z',
    );
    // the night the clocks go back (2026-10-25): 05:00 local is after the change, UTC+1
    expect(zonedToInstant('2026-10-25', '05:00', 'Europe/Berlin').toISOString()).toBe(
      '2026-10-25T04:00:00.000Z',
    );
  });
  it('adds calendar days', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});
