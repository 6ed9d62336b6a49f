import type { DarpInstance } from '../model/dispatch.types';

/**
 * What the dispatcher minimises, for the worker, the day replay, the what-if and the benchmarks
 * alike: the driving time of the fleet plus a pooling incentive of {@link TRIP_COST_S} for each
 * vehicle trip (a run from leaving empty to becoming empty again). Without the incentive, a ride
 * that fits between two trips of one bus at no extra driving opens a trip of its own even where
 * carrying it alongside another rider would cost a minute more; with it, the search pools such
 * rides (more riders per vehicle trip) and only opens a trip where that saves more than five
 * minutes of driving. Promises, windows and ride-time limits stay hard constraints either way.
 */
export const TRIP_COST_S = 300;

/** The engine's instance with the dispatcher's objective. */
export function planningInstance(parts: Omit<DarpInstance, 'tripCost'>): DarpInstance {
  return { ...parts, tripCost: TRIP_COST_S };
}
