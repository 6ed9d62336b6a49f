import type { RideRequest } from './dispatch.types';

/** How an offered pickup window is cut around the planned pickup time. */
export interface PromisePolicy {
  /** Length of the promised pickup window (the service area's rule, e.g. 10 min). */
  windowS: number;
  /**
   * How far the window opens before the planned pickup (earlier where the window would otherwise
   * end after the latest pickup the rider allows). The dispatch policy opens it half a window
   * before (`promisePolicyOf`), so the improvement runs can move a pickup either way.
   */
  beforeS: number;
}

export const DEFAULT_PROMISE_POLICY: PromisePolicy = { windowS: 600, beforeS: 120 };

/** Latest arrival at the hub to catch a train: its departure minus the transfer buffer. */
export function latestArrivalForTrain(trainDepartureS: number, transferBufferS: number): number {
  return trainDepartureS - transferBufferS;
}

/**
 * A trip to the hub that must catch a train: the drop-off deadline becomes the train's departure
 * minus the transfer buffer (or stays tighter if the request already had a tighter one).
 */
export function arriveByTrain(
  request: RideRequest,
  train: { departureS: number; transferBufferS: number },
): RideRequest {
  const latest = latestArrivalForTrain(train.departureS, train.transferBufferS);
  const current = request.dropoffWindow;
  return {
    ...request,
    dropoffWindow: {
      earliestS: current?.earliestS ?? -Infinity,
      latestS: Math.min(current?.latestS ?? Infinity, latest),
    },
  };
}
