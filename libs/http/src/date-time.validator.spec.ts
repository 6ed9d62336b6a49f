import { isAfterDateTime, isCalendarDate, isOffsetDateTime } from './date-time.validator';

describe('isOffsetDateTime', () => {
  it.each([
    '2026-11-23T07:40:00+01:00',
    '2026-11-23T07:40:00Z',
    '2026-11-23T07:40+01:00',
    '2026-11-23T07:40:00.123+0100',
    '2028-02-29T12:00:00-05:00',
  ])('takes %s', (s) => expect(isOffsetDateTime(s)).toBe(true));

  it.each([
    '+01',
    '2026-11-23T07+01:00',
    '2026-11-23T07:40:00+01',
    '2026-11-23T07:40:00',
    '2026-W48-1T07:40:00+01:00',
    '2026-327T07:40:00+01:00',
    '20261123T074000+0100',
    '+012026-11-23T07:40:00+01:00',
    '2026-02-29T07:40:00+01:00',
    '2026-02-30T07:40:00+01:00',
    '2026-13-01T07:40:00+01:00',
    '2026-11-23T24:00:00+01:00',
    '2026-11-23T07:40:60+01:00',
    '2026-11-23T07:40:00+99:99',
    '2026-11-23',
    '',
    12,
    null,
  ])('refuses %p', (s) => expect(isOffsetDateTime(s)).toBe(false));
});

describe('isCalendarDate', () => {
  it.each(['2026-12-01', '2028-02-29', '2026-12-31'])('takes %s', (s) =>
    expect(isCalendarDate(s)).toBe(true),
  );
  it.each([
    '9999-99-99',
    '2026-02-29',
    '2026-02-30',
    '2026-13-01',
    '2026-00-10',
    '2026-12-00',
    '2026-12-1',
    '2026-12-01T00:00',
    '',
    20261201,
    null,
  ])('refuses %p', (s) => expect(isCalendarDate(s)).toBe(false));
});

describe('isAfterDateTime', () => {
  it.each<[unknown, unknown, boolean]>([
    ['2026-11-24T00:00:00+01:00', '2026-11-23T00:00:00+01:00', true],
    ['2026-11-23T00:00:00+01:00', '2026-11-24T00:00:00+01:00', false],
    ['2026-11-23T00:00:00+01:00', '2026-11-23T00:00:00+01:00', false],
    // The same instant in two offsets: not after.
    ['2026-11-23T01:00:00+01:00', '2026-11-23T00:00:00Z', false],
    ['2026-11-23T01:00:01+01:00', '2026-11-23T00:00:00Z', true],
    // Either one missing or no date-time: left to its own rules.
    ['2026-11-23T00:00:00+01:00', undefined, true],
    ['yesterday', '2026-11-23T00:00:00+01:00', true],
  ])('%s after %s: %s', (s, other, expected) => {
    expect(isAfterDateTime(s, other)).toBe(expected);
  });
});
