import { FieldProblem } from './errors';
import type { TimeKind } from './booking-request';
import type { PoolingRules } from './pooling-rules';

/** A booking as the rider booking limits see it. */
export interface RiderBookingFacts {
  id: string;
  timeKind: TimeKind;
  /** Earliest pickup (depart_at) or latest arrival (arrive_by). */
  requestedTime: Date;
  /** The promise, once given: from the pickup window's opening to the latest arrival. */
  promisedPickupFrom?: Date | null;
  promisedLatestArrival?: Date | null;
  /** The other leg of a round trip booked together; the two legs never count against each other. */
  linkedBookingId?: string | null;
}

/** Milliseconds since the epoch, `fromMs` inclusive, `toMs` exclusive. */
export interface TimeSpan {
  fromMs: number;
  toMs: number;
}

/**
 * When a booking keeps its rider busy, for the overlap rule. With a promise: from the opening of
 * the promised pickup window to the latest arrival. Before a promise: one pickup window after a
 * depart-at time, or one before an arrive-by time (the ride itself is not known yet). A return
 * ride that starts when the outbound one arrives does not overlap it (the span ends exclusive).
 */
export function riderBusySpan(
  b: RiderBookingFacts,
  rules: Pick<PoolingRules, 'pickupWindowMin'>,
): TimeSpan {
  if (b.promisedPickupFrom && b.promisedLatestArrival) {
    return { fromMs: b.promisedPickupFrom.getTime(), toMs: b.promisedLatestArrival.getTime() };
  }
  const t = b.requestedTime.getTime();
  const windowMs = rules.pickupWindowMin * 60_000;
  return b.timeKind === 'depart_at'
    ? { fromMs: t, toMs: t + windowMs }
    : { fromMs: t - windowMs, toMs: t };
}

function overlaps(a: TimeSpan, b: TimeSpan): boolean {
  return a.fromMs < b.toMs && b.fromMs < a.toMs;
}

/**
 * The rider booking limits the transport office tunes per service area: a rider may hold at most
 * `maxOpenBookingsPerRider` open bookings, and at most `maxOverlappingBookingsPerRider` of them
 * may overlap in time (so one account cannot take the seats of a whole morning). The legs of one
 * round trip never count as overlapping each other. A booking whose time has passed without
 * being closed (a driver who did not report the drop-off) does not count.
 * @param open the rider's open bookings (not yet finished, cancelled, rejected or expired)
 * @param wanted the new booking, or both legs of a new round trip, each with the request field
 *   its time came from (e.g. `time`, `returnTrip.time`)
 * @param now bookings whose span ended before it are left out
 * @returns one problem per broken limit; empty when the booking may be made
 */
export function checkRiderBookingLimits(
  open: RiderBookingFacts[],
  wanted: Array<{ booking: RiderBookingFacts; field: string }>,
  rules: Pick<
    PoolingRules,
    'pickupWindowMin' | 'maxOverlappingBookingsPerRider' | 'maxOpenBookingsPerRider'
  >,
  now: Date,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  open = open.filter((o) => riderBusySpan(o, rules).toMs > now.getTime());
  if (open.length + wanted.length > rules.maxOpenBookingsPerRider) {
    problems.push({
      field: 'riderId',
      code: 'too_many_open_bookings',
      reason:
        `the rider already has ${open.length} open bookings; at most ` +
        `${rules.maxOpenBookingsPerRider} at once`,
    });
  }
  for (const { booking, field } of wanted) {
    const span = riderBusySpan(booking, rules);
    const clashing = open.filter(
      (o) =>
        o.id !== booking.linkedBookingId &&
        o.linkedBookingId !== booking.id &&
        overlaps(span, riderBusySpan(o, rules)),
    );
    if (clashing.length + 1 > rules.maxOverlappingBookingsPerRider) {
      problems.push({
        field,
        code: 'overlapping_booking',
        reason:
          `overlaps ${clashing.length === 1 ? 'an open booking' : `${clashing.length} open bookings`} ` +
          `of this rider (at most ${rules.maxOverlappingBookingsPerRider} at a time); ` +
          'companions travel on the same booking (passengers)',
      });
    }
  }
  return problems;
}
