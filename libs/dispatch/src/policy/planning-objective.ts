import type { DarpInstance } from '../model/dispatch.types';

/**
 * What the dispatcher minimises, for the worker, the day replay, the what-if and the benchmarks
 * alike: the driving time of the fleet plus a pooling incentive of {@link TRIP_COST_S} for each
 * vehicle trip (as the service figures count them, `tripsOfStops`). Without the incentive, a ride
 * that fits between two trips of one bus at no extra driving opens a trip of its own even where
 * carrying it alongside another rider would cost a minute more; with it, the search pools such
 * rides (more riders per vehicle trip) and only opens a trip where that saves more than ten
 * minutes of driving. Promises, windows and ride-time limits stay hard constraints either way.
 * The insertion deciding a booking prices a trip at {@link BOOKING_TRIP_COST_S} only. Set together
 * with the ride-time target (`RIDE_TIME_TARGET`, 2.45 x direct from the end of boarding): the
 * looser target lets rides share a bus at a smaller detour, so a lower price pools as much and
 * drives less. bench:day meets every target on seeds 1-30 with 600 s (2.87-3.46 riders per vehicle
 * trip, 0.94-1.09 x the direct km); 750 s drove seed 13 1.11 x the direct km. With the target at
 * 2.15 x, 900 s met them on 27 of 30 seeds (seeds 13 and 30 drove 1.10-1.11 x the direct km) and
 * 600 s left seed 10 at 2.65 riders per trip; 1200 s drove seed 10 1.12 x the direct km.
 */
export const TRIP_COST_S = 600;

/**
 * What a vehicle trip costs the insertion that decides a new booking ({@link bookingInstance}):
 * one second, so the booking takes the shortest added drive and pools only between equal drives.
 * Its promise is cut around the place it is given, so a booking pooled into a trip at a long
 * detour pins itself and that trip's riders there; the improvement runs, which price trips at
 * {@link TRIP_COST_S}, pool within the promises later. With the objective's 600 s at booking as
 * well, seed 10 of bench:day had 133 vehicle trips (2.65 riders per trip), with 900 or 1200 s
 * at booking 138; with one second at booking and 600 s in the improvement runs 129 (2.74) but
 * seed 1 fell to 2.65; with one second and 900 s, see BENCHMARKS.md.
 */
export const BOOKING_TRIP_COST_S = 1;

/** The instance the insertion deciding a new booking prices (`decideRide`): {@link BOOKING_TRIP_COST_S}. */
export function bookingInstance(instance: DarpInstance): DarpInstance {
  return instance.tripCost ? { ...instance, tripCost: BOOKING_TRIP_COST_S } : instance;
}

/** The engine's instance with the dispatcher's objective. */
export function planningInstance(parts: Omit<DarpInstance, 'tripCost'>): DarpInstance {
  return { ...parts, tripCost: TRIP_COST_S };
}
