import type { DarpInstance, RideRequest, RoutePlan } from '../model/dispatch.types';
import type { PromisePolicy } from '../model/service-area.rules';
import { offerRide } from '../online/offer-ride';
import type { RejectionReason } from '../online/offer.types';

/** How far and in which steps the dispatcher looks for another time before saying no. */
export interface AlternativeSearch {
  /** Largest shift from the requested time, seconds (0: no search). */
  maxShiftS: number;
  /** Step between the times tried, seconds. */
  stepS: number;
}

export type ShiftDirection = 'earlier' | 'later';

/**
 * Which way a ride's time may move: a ride to catch a train (`catch`, arrive-by the departure
 * less the transfer buffer) only earlier, so it still reaches the train; a ride after a train
 * (`arrive`, picked up from its arrival) only later, so the train has come; any other both ways.
 */
export function shiftDirectionsFor(train: 'catch' | 'arrive' | null): ShiftDirection[] {
  return train === 'catch' ? ['earlier'] : train === 'arrive' ? ['later'] : ['earlier', 'later'];
}

/** A time at which the cheap insertion would have taken the ride, on the engine's clock. */
export interface AlternativeTime {
  /** The requested time (earliest pickup or latest arrival, as the ride's own) at that time. */
  timeS: number;
  /** `timeS` minus the rejected ride's requested time: negative earlier, positive later. */
  shiftS: number;
}

/**
 * Rejections a different time can cure: the fleet is full or away then. A request that cannot
 * be met at all (`invalid_request`) or that no vehicle has the places for is not.
 */
export const TIME_CURABLE_REJECTIONS: readonly RejectionReason[] = [
  'no_feasible_insertion',
  'outside_shift',
];

/**
 * The nearest times at which a rejected ride would be offered: the requested time moved earlier
 * and later in `search.stepS` steps up to `search.maxShiftS`, each tried with the cheap insertion
 * alone ({@link offerRide}: nothing re-planned, no seat held). Returns at most one time per
 * direction (the nearest feasible one), nearest first (the earlier on a tie). `allowed` says
 * whether a time may be booked at all (notice, horizon, operating hours); a train connection
 * limits the direction. The same rule serves the worker and the day replay.
 *
 * @param requestAt the ride as it would be requested at a time (the booking's own rules cut its
 *   windows from it, as for the rejected ride)
 * @param timeS the rejected ride's requested time
 */
export function nearestFeasibleTimes(
  instance: DarpInstance,
  plans: readonly RoutePlan[],
  requestAt: (timeS: number) => RideRequest,
  timeS: number,
  options: {
    promise: PromisePolicy;
    search: AlternativeSearch;
    /** The train the ride connects with ({@link shiftDirectionsFor}); null: none. */
    train?: 'catch' | 'arrive' | null;
    allowed?: (timeS: number) => boolean;
  },
): AlternativeTime[] {
  const { search, promise, train = null, allowed = () => true } = options;
  if (search.maxShiftS <= 0 || search.stepS <= 0) return [];
  const found: AlternativeTime[] = [];
  for (const direction of shiftDirectionsFor(train)) {
    const sign = direction === 'earlier' ? -1 : 1;
    for (let k = 1; k * search.stepS <= search.maxShiftS; k++) {
      const shiftS = sign * k * search.stepS;
      const t = timeS + shiftS;
      if (!allowed(t)) continue;
      if (offerRide(instance, plans, requestAt(t), { promise }).kind === 'offer') {
        found.push({ timeS: t, shiftS });
        break;
      }
    }
  }
  return found.sort((a, b) => Math.abs(a.shiftS) - Math.abs(b.shiftS) || a.shiftS - b.shiftS);
}
