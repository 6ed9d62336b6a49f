/**
 * Public model of the pooling engine. Every time is a number of seconds on one clock chosen by the
 * caller (e.g. seconds since local midnight); every location is an index into the travel-time
 * matrix the caller supplies. The engine never reads a wall clock.
 */

/** Places per kind. A wheelchair user occupies a wheelchair place, not a seat. */
export interface Places {
  seats: number;
  wheelchairs: number;
}

/** Closed interval on one clock, seconds. */
export interface TimeWindow {
  earliestS: number;
  latestS: number;
}

/**
 * Travel-time port over location indices. The dispatch worker backs it with a cached OSRM
 * duration matrix; the Cordeau benchmark backs it with Euclidean distances.
 */
export interface TravelTimes {
  durationS(from: number, to: number): number;
}

/** Optional cost port (e.g. distance in metres); the engine minimises it. Defaults to duration. */
export interface TravelCosts {
  cost(from: number, to: number): number;
}

/**
 * One ride. Windows constrain the start of service: at the pickup (when the vehicle may start
 * boarding) and at the drop-off (the latest arrival is `dropoffWindow.latestS`).
 */
export interface RideRequest {
  id: string;
  pickupLocation: number;
  dropoffLocation: number;
  load: Places;
  /** Allowed start of boarding; open if omitted. */
  pickupWindow?: TimeWindow;
  /** Allowed start of alighting; `latestS` is the latest arrival. Open if omitted. */
  dropoffWindow?: TimeWindow;
  pickupServiceS: number;
  dropoffServiceS: number;
  /** Longest time on board: from the end of boarding to the start of alighting. */
  maxRideS: number;
  /**
   * A confirmed request carries a promise (already folded into its windows): it is never dropped
   * and never moved outside those windows. Unconfirmed requests may stay unassigned.
   */
  confirmed?: boolean;
}

/** A request already on board of a vehicle: only its drop-off is left to plan. */
export interface OnBoardRide {
  requestId: string;
  /** Time the vehicle left the pickup; the ride-time limit counts from here. */
  pickupDepartureS: number;
}

export interface Vehicle {
  id: string;
  capacity: Places;
  shift: TimeWindow;
  startLocation: number;
  endLocation: number;
  /** Longest time between leaving the start and reaching the end (Cordeau's T). */
  maxRouteDurationS?: number;
  /** Where and when the vehicle can next move; replaces the start location during operation. */
  availableFrom?: { location: number; timeS: number };
  onBoard?: readonly OnBoardRide[];
}

/** A dial-a-ride instance: the requests to plan, the fleet and the travel ports. */
export interface DarpInstance {
  requests: readonly RideRequest[];
  vehicles: readonly Vehicle[];
  travel: TravelTimes;
  costs?: TravelCosts;
  /**
   * Added to the objective for every vehicle trip (counted by the service figures' rule,
   * `tripsOfStops` in libs/domain: a trip starts at a visit of a place where the vehicle takes
   * riders on while empty or while everyone aboard on arrival gets off), in the units of the costs: the pooling incentive, so the search
   * prefers carrying riders together over opening another run. 0 when omitted (pure routing cost).
   */
  tripCost?: number;
}

export type StopType = 'pickup' | 'dropoff';

export interface StopRef {
  requestId: string;
  type: StopType;
}

/** Ordered stops of one vehicle that have not been driven yet (depots implicit). */
export interface RoutePlan {
  vehicleId: string;
  stops: readonly StopRef[];
}

export interface ScheduledStop extends StopRef {
  location: number;
  arrivalS: number;
  serviceStartS: number;
  departureS: number;
  loadAfter: Places;
}

/** A route with the times the eight-step scheduling procedure chose for it. */
export interface Schedule {
  vehicleId: string;
  /** Time the vehicle leaves its start (or current) location. */
  departureS: number;
  stops: ScheduledStop[];
  /** Arrival at the end location. */
  endArrivalS: number;
  cost: number;
}
