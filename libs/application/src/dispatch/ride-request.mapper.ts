import type { PoolingRules } from '@app/domain';
import type { RideRequest } from '@app/dispatch';
import type { BookingEntity } from '@app/persistence';

/** Seconds since the Unix epoch: the engine's clock in the worker. */
export const toS = (d: Date): number => d.getTime() / 1000;
export const fromS = (s: number): Date => new Date(Math.round(s * 1000));

/** Boarding takes longer with a wheelchair (ramp, securing); alighting a little. */
export function serviceTimesS(b: Pick<BookingEntity, 'passengers' | 'wheelchairPlaces'>): {
  pickupS: number;
  dropoffS: number;
} {
  return {
    pickupS: 60 + 30 * (b.passengers - 1) + 120 * b.wheelchairPlaces,
    dropoffS: 45 + 15 * (b.passengers - 1) + 90 * b.wheelchairPlaces,
  };
}

/**
 * How far from the requested time the dispatcher may plan a pickup before the promise is cut:
 * two promised windows' worth, so a pooled ride can wait for a neighbour without asking the rider
 * to be ready at dawn.
 */
export function flexibilityS(rules: PoolingRules): number {
  return 2 * rules.pickupWindowMin * 60;
}

export function maxRideTimeOf(rules: PoolingRules, directS: number): number {
  return Math.round(rules.maxRideFactor * directS + rules.maxRideExtraMin * 60);
}

/**
 * The engine's view of a booking. A confirmed booking's promise is its window (hard); a new
 * one gets windows from its requested time and the area's rules.
 */
export function toRideRequest(
  b: BookingEntity,
  locations: { pickup: number; dropoff: number },
  directS: number,
  rules: PoolingRules,
  nowS: number,
): RideRequest {
  const svc = serviceTimesS(b);
  const base = {
    id: b.id,
    pickupLocation: locations.pickup,
    dropoffLocation: locations.dropoff,
    load: { seats: b.passengers - b.wheelchairPlaces, wheelchairs: b.wheelchairPlaces },
    pickupServiceS: svc.pickupS,
    dropoffServiceS: svc.dropoffS,
    maxRideS: maxRideTimeOf(rules, directS),
  };
  if (b.promisedPickupFrom && b.promisedPickupTo && b.promisedLatestArrival) {
    return {
      ...base,
      pickupWindow: { earliestS: toS(b.promisedPickupFrom), latestS: toS(b.promisedPickupTo) },
      dropoffWindow: { earliestS: -Infinity, latestS: toS(b.promisedLatestArrival) },
      confirmed: true,
    };
  }
  const t = toS(b.requestedTime);
  const flex = flexibilityS(rules);
  if (b.timeKind === 'depart_at') {
    const earliest = Math.max(t, nowS);
    return {
      ...base,
      pickupWindow: { earliestS: earliest, latestS: Math.max(earliest, t) + flex },
    };
  }
  // arrive_by: arrive no later than t, and not absurdly early.
  const latestPickup = t - svc.pickupS - directS;
  const earliestPickup = Math.max(nowS, t - svc.pickupS - base.maxRideS - flex);
  return {
    ...base,
    pickupWindow: { earliestS: earliestPickup, latestS: Math.max(earliestPickup, latestPickup) },
    dropoffWindow: { earliestS: -Infinity, latestS: t },
  };
}
