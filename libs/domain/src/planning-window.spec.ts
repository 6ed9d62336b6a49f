import { planningDateProblem, planningInstantProblem, planningWindow } from './planning-window';
import { shiftSpanProblems } from './shift-span';

describe('planning window: a year back to two years ahead', () => {
  const today = '2026-12-01';

  it('spans 366 days back and 731 ahead, leap days included', () => {
    expect(planningWindow(today)).toEqual({ first: '2025-11-30', last: '2028-12-01' });
  });

  it.each([
    ['2025-11-30', null],
    ['2026-12-01', null],
    ['2028-12-01', null],
    ['2025-11-29', 'must be between 2025-11-30 and 2028-12-01 (a year back to two years ahead)'],
    ['2028-12-02', 'must be between 2025-11-30 and 2028-12-01 (a year back to two years ahead)'],
    ['1900-12-24', expect.stringMatching(/^must be between/)],
    ['0001-01-01', expect.stringMatching(/^must be between/)],
    ['9999-12-31', expect.stringMatching(/^must be between/)],
  ])('date %s: %s', (date, problem) => {
    expect(planningDateProblem(date, today)).toEqual(problem);
  });

  it('judges an instant by its UTC date, years before 1 and after 9999 too', () => {
    const now = new Date('2026-12-01T18:00:00Z');
    expect(planningInstantProblem(new Date('2028-12-01T23:59:59Z'), now)).toBeNull();
    expect(planningInstantProblem(new Date('2028-12-02T00:00:00Z'), now)).toMatch(/between/);
    expect(planningInstantProblem(new Date('2025-11-30T00:00:00Z'), now)).toBeNull();
    expect(planningInstantProblem(new Date('2025-11-29T23:59:59Z'), now)).toMatch(/between/);
    expect(planningInstantProblem(new Date('+010000-01-01T00:00:00Z'), now)).toMatch(/between/);
    expect(planningInstantProblem(new Date('-000001-01-01T00:00:00Z'), now)).toMatch(/between/);
  });
});

describe('a shift’s span', () => {
  const now = new Date('2026-12-01T18:00:00Z');
  const at = (s: string) => new Date(s);

  it('passes a morning shift tomorrow', () => {
    expect(shiftSpanProblems(at('2026-12-02T05:00:00Z'), at('2026-12-02T13:00:00Z'), now)).toEqual(
      [],
    );
  });

  it('names startsAt and endsAt outside the planning window', () => {
    const problems = shiftSpanProblems(at('9999-06-01T05:00:00Z'), at('9999-06-01T12:00:00Z'), now);
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['startsAt', 'outside_planning_window'],
      ['endsAt', 'outside_planning_window'],
    ]);
  });

  it('checks the window only for the instants a change sets', () => {
    // A shift that began 13 months ago (impossible now, but its record exists) keeps its start.
    const start = at('2025-11-01T05:00:00Z');
    const problems = shiftSpanProblems(start, at('2025-11-01T10:00:00Z'), now, {
      endsAt: '2025-11-01T10:00:00Z',
    });
    expect(problems.map((p) => p.field)).toEqual(['endsAt']);
  });

  it('keeps the end after the start and the length at 14 hours at most', () => {
    const start = at('2026-12-02T05:00:00Z');
    expect(shiftSpanProblems(start, start, now)).toEqual([
      { field: 'endsAt', code: 'invalid', reason: 'must be after startsAt' },
    ]);
    expect(shiftSpanProblems(start, at('2026-12-02T19:01:00Z'), now)).toEqual([
      { field: 'endsAt', code: 'invalid', reason: 'a shift lasts at most 14 hours' },
    ]);
  });
});
