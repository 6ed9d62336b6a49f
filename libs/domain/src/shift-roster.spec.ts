import {
  expandRoster,
  RosterEntry,
  rosterExceptionProblems,
  rosterHoursProblem,
} from './shift-roster';

const entry = (over: Partial<RosterEntry> = {}): RosterEntry => ({
  id: 'e1',
  vehicleId: 'v1',
  driverId: 'd1',
  weekday: 'mon',
  start: '05:00',
  end: '14:00',
  validFrom: '2026-01-01',
  validTo: null,
  ...over,
});

describe('weekly shift roster', () => {
  it('yields the entry on its weekday only, in local time', () => {
    // 2026-11-30 is a Monday; Kusel is UTC+1 in winter.
    const { shifts } = expandRoster([entry()], [], '2026-11-30', 7, 'Europe/Berlin');
    expect(shifts).toEqual([
      {
        entryId: 'e1',
        date: '2026-11-30',
        vehicleId: 'v1',
        driverId: 'd1',
        startsAt: new Date('2026-11-30T04:00:00Z'),
        endsAt: new Date('2026-11-30T13:00:00Z'),
      },
    ]);
  });

  it('keeps 05:00 local across the change to summer time', () => {
    const { shifts } = expandRoster([entry()], [], '2026-03-23', 14, 'Europe/Berlin');
    expect(shifts.map((s) => s.startsAt.toISOString())).toEqual([
      '2026-03-23T04:00:00.000Z',
      '2026-03-30T03:00:00.000Z',
    ]);
  });

  it('makes no shift of hours the change to summer time skips, and keeps the other lines', () => {
    // 2027-03-28 is a Sunday: the clocks go from 02:00 to 03:00.
    const lines = [
      entry({ id: 'gap', weekday: 'sun', start: '02:00', end: '03:00' }),
      entry({ id: 'in-gap', weekday: 'sun', start: '02:30', end: '03:15' }),
      entry({ id: 'across', weekday: 'sun', start: '01:30', end: '06:00' }),
    ];
    const { shifts } = expandRoster(lines, [], '2027-03-28', 1, 'Europe/Berlin');
    expect(
      shifts.map((s) => [s.entryId, s.startsAt.toISOString(), s.endsAt.toISOString()]),
    ).toEqual([['across', '2027-03-28T00:30:00.000Z', '2027-03-28T04:00:00.000Z']]);
    // A week later they are shifts as any other.
    expect(expandRoster(lines, [], '2027-04-04', 1, 'Europe/Berlin').shifts).toHaveLength(3);
  });

  it('honours valid from and to', () => {
    const e = entry({ validFrom: '2026-12-07', validTo: '2026-12-14' });
    const { shifts } = expandRoster([e], [], '2026-11-30', 28, 'Europe/Berlin');
    expect(shifts.map((s) => s.date)).toEqual(['2026-12-07', '2026-12-14']);
  });

  it('applies single-day exceptions: called off, or other hours and driver', () => {
    const days = expandRoster(
      [entry()],
      [
        { entryId: 'e1', date: '2026-11-30', kind: 'cancel' },
        { entryId: 'e1', date: '2026-12-07', kind: 'change', end: '10:00', driverId: 'd2' },
      ],
      '2026-11-30',
      14,
      'Europe/Berlin',
    );
    expect(days.cancelled).toEqual([{ entryId: 'e1', date: '2026-11-30' }]);
    expect(days.shifts).toHaveLength(1);
    expect(days.shifts[0]).toMatchObject({
      date: '2026-12-07',
      driverId: 'd2',
      endsAt: new Date('2026-12-07T09:00:00Z'),
    });
  });

  it('refuses hours that do not make a shift', () => {
    expect(rosterHoursProblem('05:00', '14:00')).toBeNull();
    expect(rosterHoursProblem('14:00', '05:00')).toMatch(/after/);
    expect(rosterHoursProblem('5 Uhr', '14:00')).toMatch(/HH:MM/);
    expect(rosterHoursProblem('05:00', '20:00')).toMatch(/14 hours/);
  });
});

describe('a single roster day that differs', () => {
  const line = entry();
  const today = '2026-12-01';
  const fields = (x: Parameters<typeof rosterExceptionProblems>[1]) =>
    rosterExceptionProblems(line, x, today).map((p) => `${p.field}:${p.code}`);

  it('passes a day called off, other hours, another driver', () => {
    expect(fields({ date: '2026-12-24', kind: 'cancel' })).toEqual([]);
    expect(fields({ date: '2026-12-24', kind: 'change', start: '06:00' })).toEqual([]);
    expect(fields({ date: '2026-12-24', kind: 'change', driverId: 'd2' })).toEqual([]);
  });

  it('refuses a change that changes nothing, naming kind', () => {
    expect(fields({ date: '2026-12-24', kind: 'change' })).toEqual(['kind:change_without_change']);
    expect(
      fields({ date: '2026-12-24', kind: 'change', start: '05:00', end: '14:00', driverId: 'd1' }),
    ).toEqual(['kind:change_without_change']);
    expect(
      fields({ date: '2026-12-24', kind: 'change', start: null, end: null, driverId: null }),
    ).toEqual(['kind:change_without_change']);
  });

  it('refuses a date outside the planning window and hours that make no shift', () => {
    expect(fields({ date: '1900-12-24', kind: 'cancel' })).toEqual([
      'date:outside_planning_window',
    ]);
    expect(fields({ date: '2026-12-24', kind: 'change', start: '15:00' })).toEqual(['end:invalid']);
  });
});
