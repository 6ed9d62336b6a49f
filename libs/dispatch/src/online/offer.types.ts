import type { RoutePlan, Schedule, TimeWindow } from '../model/dispatch.types';

/**
 * What the passenger is told. Once confirmed it is a hard constraint: the request's windows are
 * narrowed to it ({@link confirmPromise}) and no later insertion or re-optimisation breaks it.
 */
export interface RidePromise {
  requestId: string;
  vehicleId: string;
  /** Boarding starts within this window. */
  pickupWindow: TimeWindow;
  /** Alighting starts no later than this. */
  latestArrivalS: number;
}

export interface Offer {
  kind: 'offer';
  vehicleId: string;
  promise: RidePromise;
  /** The vehicle's timed schedule with the new request in it. */
  schedule: Schedule;
  /** The vehicle's plan with the new request in it; replaces its old plan on confirmation. */
  plan: RoutePlan;
  /** Added routing cost of the insertion. */
  addedCost: number;
}

export type RejectionReason =
  'invalid_request' | 'no_vehicle_with_capacity' | 'outside_shift' | 'no_feasible_insertion';

export interface Rejection {
  kind: 'rejection';
  requestId: string;
  reason: RejectionReason;
  detail: string;
}
