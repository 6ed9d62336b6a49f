import { DEFAULT_POOLING_RULES, validatePoolingRules } from './pooling-rules';
import { checkRiderBookingLimits, RiderBookingFacts, riderBusySpan } from './rider-booking-limits';

const T = Date.parse('2026-12-01T07:00:00+01:00');
const min = (m: number) => new Date(T + m * 60_000);
const now = min(-24 * 60);
const rules = DEFAULT_POOLING_RULES;

const booking = (
  id: string,
  m: number,
  extra: Partial<RiderBookingFacts> = {},
): RiderBookingFacts => ({ id, timeKind: 'depart_at', requestedTime: min(m), ...extra });

describe('riderBusySpan', () => {
  it.each([
    ['depart_at: one pickup window after the time', booking('a', 0), [0, 15]],
    [
      'arrive_by: one pickup window before the time',
      booking('a', 0, { timeKind: 'arrive_by' }),
      [-15, 0],
    ],
    [
      'with a promise: from the window opening to the latest arrival',
      booking('a', 0, { promisedPickupFrom: min(-2), promisedLatestArrival: min(40) }),
      [-2, 40],
    ],
  ])('%s', (_, b, [from, to]) => {
    expect(riderBusySpan(b, rules)).toEqual({
      fromMs: min(from).getTime(),
      toMs: min(to).getTime(),
    });
  });
});

describe('checkRiderBookingLimits', () => {
  const codes = (open: RiderBookingFacts[], wanted: RiderBookingFacts[], r = rules) =>
    checkRiderBookingLimits(
      open,
      wanted.map((booking) => ({ booking, field: 'time' })),
      r,
      now,
    ).map((p) => p.code);

  it.each<[string, RiderBookingFacts[], RiderBookingFacts[], string[]]>([
    ['a first booking', [], [booking('n', 0)], []],
    [
      'a second ride five minutes later',
      [booking('a', 0)],
      [booking('n', 5)],
      ['overlapping_booking'],
    ],
    [
      'the ride back after the promised arrival',
      [booking('a', 0, { promisedPickupFrom: min(0), promisedLatestArrival: min(30) })],
      [booking('n', 30)],
      [],
    ],
    [
      'a ride inside the promised ride',
      [booking('a', 0, { promisedPickupFrom: min(0), promisedLatestArrival: min(30) })],
      [booking('n', 20)],
      ['overlapping_booking'],
    ],
    [
      'the two legs of one round trip',
      [],
      [booking('n', 0, { linkedBookingId: 'r' }), booking('r', 5, { linkedBookingId: 'n' })],
      [],
    ],
    [
      'a booking whose time passed without being closed',
      [booking('old', -48 * 60)],
      [booking('n', 0)],
      [],
    ],
  ])('%s', (_, open, wanted, expected) => {
    expect(codes(open, wanted)).toEqual(expected);
  });

  it('caps the open bookings, counting both legs of a new round trip', () => {
    const open = Array.from({ length: 19 }, (_, i) => booking(`o${i}`, 60 * (i + 1)));
    expect(codes(open, [booking('n', 0)])).toEqual([]);
    expect(codes(open, [booking('n', 0, { linkedBookingId: 'r' }), booking('r', -30)])).toEqual([
      'too_many_open_bookings',
    ]);
  });

  it('allows as many overlapping bookings as the office set', () => {
    const two = { ...rules, maxOverlappingBookingsPerRider: 2 };
    expect(codes([booking('a', 0)], [booking('n', 5)], two)).toEqual([]);
    expect(codes([booking('a', 0), booking('b', 2)], [booking('n', 5)], two)).toEqual([
      'overlapping_booking',
    ]);
  });

  it('the bounds of the limits are checked with the other pooling rules', () => {
    expect(validatePoolingRules(rules)).toEqual([]);
    expect(
      validatePoolingRules({
        ...rules,
        maxOverlappingBookingsPerRider: 0,
        maxOpenBookingsPerRider: 1.5,
      }).map((p) => p.field),
    ).toEqual(['maxOverlappingBookingsPerRider', 'maxOpenBookingsPerRider']);
  });
});
