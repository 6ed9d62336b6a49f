import type { DarpInstance } from '../model/dispatch.types';

/**
 * What the dispatcher minimises, for the worker, the day replay, the what-if and the benchmarks
 * alike: the driving time of the fleet plus a pooling incentive of {@link TRIP_COST_S} for each
 * vehicle trip (as the service figures count them, `tripsOfStops`). Without the incentive, a ride
 * that fits between two trips of one bus at no extra driving opens a trip of its own even where
 * carrying it alongside another rider would cost a minute more; with it, the search pools such
 * rides (more riders per vehicle trip) and only opens a trip where that saves more than ten
 * minutes of driving. Promises, windows and ride-time limits stay hard constraints either way.
 * Ten minutes, not five: with the promise window centred on the plan (`promisePolicyOf`), 300 s
 * left seed 2 of bench:day at 2.65 riders per vehicle trip, 600 s gave 2.77 at 1.05 x the direct
 * km (with the centred window alone, 900 s gave 2.66 at 1.12 x direct: pooled with long detours).
 */
export const TRIP_COST_S = 600;

/** The engine's instance with the dispatcher's objective. */
export function planningInstance(parts: Omit<DarpInstance, 'tripCost'>): DarpInstance {
  return { ...parts, tripCost: TRIP_COST_S };
}
