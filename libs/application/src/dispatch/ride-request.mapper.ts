import {
  rideRequestOf,
  type BookingFacts,
  type PlanningRules,
  type RideRequest,
} from '@app/dispatch';
import type { BookingEntity } from '@app/persistence';

/** Seconds since the Unix epoch: the engine's clock in the worker. */
export const toS = (d: Date): number => d.getTime() / 1000;
export const fromS = (s: number): Date => new Date(Math.round(s * 1000));

/** A stored booking as the dispatch policy's plain facts (times in epoch seconds). */
export function bookingFactsOf(b: BookingEntity): BookingFacts {
  return {
    id: b.id,
    passengers: b.passengers,
    wheelchairPlaces: b.wheelchairPlaces,
    timeKind: b.timeKind,
    requestedS: toS(b.requestedTime),
    promise:
      b.promisedPickupFrom && b.promisedPickupTo && b.promisedLatestArrival
        ? {
            pickupFromS: toS(b.promisedPickupFrom),
            pickupToS: toS(b.promisedPickupTo),
            latestArrivalS: toS(b.promisedLatestArrival),
          }
        : null,
  };
}

/** The engine's view of a stored booking, by the one dispatch policy ({@link rideRequestOf}). */
export function toRideRequest(
  b: BookingEntity,
  locations: { pickup: number; dropoff: number },
  directS: number,
  rules: PlanningRules,
  nowS: number,
): RideRequest {
  return rideRequestOf(bookingFactsOf(b), locations, directS, rules, nowS);
}
