import { gtfsInstant, parseGtfsDate, parseGtfsTime, serviceDatesCovering } from './gtfs-time';
import { activeServiceIds, weekdayOf } from './service-calendar';

describe('GTFS times and dates', () => {
  it.each([
    ['05:20:00', 5 * 3600 + 20 * 60],
    ['5:20:00', 5 * 3600 + 20 * 60],
    ['24:30:15', 24 * 3600 + 30 * 60 + 15],
    ['47:59:59', 47 * 3600 + 59 * 60 + 59],
  ])('reads %s', (v, s) => expect(parseGtfsTime(v)).toBe(s));

  it.each(['', '5:20', '05:60:00', 'ab:cd:ef', '-1:00:00'])('refuses %j', (v) =>
    expect(parseGtfsTime(v)).toBeNull(),
  );

  it('reads dates and refuses impossible ones', () => {
    expect(parseGtfsDate('20261225')).toBe('2026-12-25');
    expect(parseGtfsDate('20260230')).toBeNull();
    expect(parseGtfsDate('2026-12-25')).toBeNull();
  });

  it('counts times from noon minus 12 h, so they stay right on the days clocks change', () => {
    // 2027-03-28: clocks go forward at 02:00 in Berlin. Noon minus 12 h is 23:00 the day before
    // (UTC+1 at that hour), so 08:00:00 means 08:00 CEST = 06:00Z as GTFS intends.
    expect(gtfsInstant('2027-03-28', 8 * 3600, 'Europe/Berlin').toISOString()).toBe(
      '2027-03-28T06:00:00.000Z',
    );
    // A normal winter day: 20:20 local = 19:20Z; 24:30 is 00:30 the next day.
    expect(gtfsInstant('2026-12-01', 20 * 3600 + 20 * 60, 'Europe/Berlin').toISOString()).toBe(
      '2026-12-01T19:20:00.000Z',
    );
    expect(gtfsInstant('2026-12-01', 24 * 3600 + 30 * 60, 'Europe/Berlin').toISOString()).toBe(
      '2026-12-01T23:30:00.000Z',
    );
  });

  it('looks at the day before for trips still running after midnight', () => {
    expect(serviceDatesCovering('2026-12-01', '2026-12-02')).toEqual([
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
    ]);
  });
});

describe('service calendar', () => {
  const patterns = [
    {
      serviceId: 'weekday',
      weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'] as const,
      startDate: '2026-01-01',
      endDate: '2027-12-31',
    },
    {
      serviceId: 'weekend',
      weekdays: ['sat', 'sun'] as const,
      startDate: '2026-01-01',
      endDate: '2027-12-31',
    },
  ].map((p) => ({ ...p, weekdays: [...p.weekdays] }));
  const exceptions = [
    { serviceId: 'weekday', date: '2026-12-25', exceptionType: 2 as const },
    { serviceId: 'weekend', date: '2026-12-25', exceptionType: 1 as const },
    { serviceId: 'special', date: '2026-12-31', exceptionType: 1 as const },
  ];

  it('knows weekdays', () => {
    expect(weekdayOf('2026-11-30')).toBe('mon');
    expect(weekdayOf('2026-12-25')).toBe('fri');
  });

  it.each([
    ['2026-12-01', ['weekday']],
    ['2026-12-05', ['weekend']],
    ['2026-12-25', ['weekend']], // a holiday on a Friday runs the weekend timetable
    ['2026-12-31', ['special', 'weekday']], // a service of calendar_dates.txt alone
    ['2028-01-03', []], // past the calendar's end
  ])('on %s runs %j', (date, ids) => {
    expect([...activeServiceIds(date, patterns, exceptions)].sort()).toEqual(ids);
  });
});
