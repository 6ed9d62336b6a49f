import {
  rideRequestOf,
  type BookingFacts,
  type PlanningRules,
  type RideRequest,
} from '@app/dispatch';
import { secondsOfLocalDay } from '@app/domain';
import type { BookingEntity } from '@app/persistence';

/** Seconds since the Unix epoch: the worker's stored times and its fleet snapshots. */
export const toS = (d: Date): number => d.getTime() / 1000;
export const fromS = (s: number): Date => new Date(Math.round(s * 1000));

/**
 * Where the worker's engine counts its seconds from, for every path that plans (booking
 * decisions, making room, the improvement search): the local midnight (Unix seconds) that begins
 * the day holding the middle of the planned window [fromS, toS], so the engine works in seconds
 * of that day, as the day replay does (`runDay`: seconds of its day, the evening before
 * negative). The engine compares times with tolerances of 1e-6 and 1e-9 s; in Unix seconds its
 * sums round by more than that (a double's step is 2.4e-7 s there), and the worker searched the
 * same fleet differently from the replay. The snapshot's instance is moved there with
 * `instanceRelativeTo` and results brought back with `scheduleAbsolute`. (On a day with a clock
 * change the origin is an hour off local midnight; any origin near the window keeps the precision.)
 */
export function planningOriginS(fromS: number, toS: number, timeZone: string): number {
  const midS = (fromS + toS) / 2;
  return Math.round(midS - secondsOfLocalDay(new Date(midS * 1000), timeZone));
}

/** The ride's requested time in seconds after local midnight (e.g. for its make-room seed). */
export const requestedLocalS = (b: BookingEntity, timeZone: string): number =>
  secondsOfLocalDay(b.requestedTime, timeZone);

/**
 * A stored booking as the dispatch policy's plain facts (times in epoch seconds); `promise`, when
 * given, replaces the stored one (a promise just made, not yet written).
 */
export function bookingFactsOf(b: BookingEntity, promise?: BookingFacts['promise']): BookingFacts {
  const stored = bookingFactsOfRow(b);
  return promise ? { ...stored, promise } : stored;
}

function bookingFactsOfRow(b: BookingEntity): BookingFacts {
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
  promise?: BookingFacts['promise'],
): RideRequest {
  return rideRequestOf(bookingFactsOf(b, promise), locations, directS, rules, nowS);
}
