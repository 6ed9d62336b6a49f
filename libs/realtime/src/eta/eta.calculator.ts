import type { BookingStatus } from '@app/domain';

/** A stop still ahead of the vehicle, with its plan as epoch milliseconds. */
export interface EtaStop {
  stopId: string;
  plannedArrivalMs: number;
  plannedDepartureMs: number;
  pickups: string[];
  dropoffs: string[];
}

export interface StopArrivals {
  /** Expected arrival (epoch ms) at each remaining stop, in order. */
  arrivalsMs: number[];
  method: 'routing' | 'schedule';
}

/**
 * Expected arrival at each remaining stop.
 *
 * With `legsS` (travel seconds from the vehicle's position to the first stop, then stop to
 * stop, as a routing engine gives them): arrive = previous departure + leg; the vehicle then
 * leaves a stop no earlier than planned and keeps the planned dwell, so
 * departure = max(arrival, planned arrival) + (planned departure - planned arrival).
 *
 * Without (routing unavailable): the plan shifted by the current delay, where the delay is how
 * far `nowMs` is past the planned arrival at the next stop (never negative: an early vehicle
 * waits).
 */
export function estimateStopArrivals(
  remaining: readonly EtaStop[],
  nowMs: number,
  legsS: readonly number[] | null,
): StopArrivals {
  if (!remaining.length) return { arrivalsMs: [], method: legsS ? 'routing' : 'schedule' };
  if (legsS && legsS.length >= remaining.length) {
    const arrivalsMs: number[] = [];
    let t = nowMs;
    remaining.forEach((s, i) => {
      const arrive = t + legsS[i] * 1000;
      arrivalsMs.push(Math.round(arrive));
      const dwell = Math.max(0, s.plannedDepartureMs - s.plannedArrivalMs);
      t = Math.max(arrive, s.plannedArrivalMs) + dwell;
    });
    return { arrivalsMs, method: 'routing' };
  }
  const delay = Math.max(0, nowMs - remaining[0].plannedArrivalMs);
  return { arrivalsMs: remaining.map((s) => s.plannedArrivalMs + delay), method: 'schedule' };
}

export interface BookingEta {
  bookingId: string;
  pickupMs: number | null;
  arrivalMs: number;
}

/**
 * Per live booking: pickup ETA while it waits (confirmed), arrival ETA until dropped off.
 * Bookings whose drop-off is not ahead any more get none.
 */
export function bookingEtas(
  remaining: readonly EtaStop[],
  arrivalsMs: readonly number[],
  statusOf: (bookingId: string) => BookingStatus | undefined,
): BookingEta[] {
  const pickupAt = new Map<string, number>();
  const out: BookingEta[] = [];
  remaining.forEach((s, i) => {
    for (const id of s.pickups) if (!pickupAt.has(id)) pickupAt.set(id, arrivalsMs[i]);
    for (const id of s.dropoffs) {
      const status = statusOf(id);
      if (status === 'confirmed' && pickupAt.has(id))
        out.push({ bookingId: id, pickupMs: pickupAt.get(id)!, arrivalMs: arrivalsMs[i] });
      else if (status === 'picked_up')
        out.push({ bookingId: id, pickupMs: null, arrivalMs: arrivalsMs[i] });
    }
  });
  return out;
}
