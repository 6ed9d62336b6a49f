/**
 * Service figures of a day, computed the same way from the in-process replay and from the
 * bookings and vehicle schedules in the database, so live and what-if runs compare like for like.
 */

export type RideOutcome = 'served' | 'planned' | 'rejected' | 'cancelled' | 'no_show' | 'open';

/** One booking as the figures see it. Times in seconds on any one clock. */
export interface RideFact {
  outcome: RideOutcome;
  timeKind: 'depart_at' | 'arrive_by';
  requestedS: number;
  passengers: number;
  /** Direct drive from pickup to drop-off. */
  directS: number;
  directM: number;
  /** Start of boarding and of alighting; null unless served or planned. */
  pickupS: number | null;
  dropoffS: number | null;
  /**
   * How long the rider's boarding takes (the dispatch policy's service time at the pickup). The
   * ride starts when boarding ends, as the engine's maximum ride time counts it: a ride driven
   * straight is 1 x direct, however long the ramp takes.
   */
  boardingS: number;
  /** The promise the rider was given, if any: boarding window and latest arrival. */
  promise?: { pickupFromS: number; pickupToS: number; latestArrivalS: number } | null;
}

/** One vehicle shift. */
export interface VehicleFact {
  vehicleId: string;
  shiftS: number;
  /** Driving and stopping time (waiting for a window not counted). */
  busyS: number;
  distanceM: number;
  /** Vehicle trips ({@link tripsOfStops}): the runs riders shared. */
  trips: number;
}

export interface Distribution {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  /** Bucket lower edges and counts; the last bucket is open-ended. */
  edges: number[];
  counts: number[];
}

export interface ServiceFigures {
  requests: number;
  served: number;
  rejected: number;
  cancelled: number;
  noShows: number;
  /**
   * Served over the requests the service had to serve: a rider's own cancellation and a no-show
   * are not held against it.
   */
  servedShare: number;
  riders: number;
  vehicleTrips: number;
  ridersPerTrip: number;
  vehicleKm: number;
  /** Sum of the direct ride distances of the served rides. */
  directKm: number;
  /** Vehicle-km per direct ride km: below 1 means pooling saved driving. */
  kmRatio: number;
  /** Minutes between the asked-for time and boarding (depart_at rides). */
  waitMin: Distribution;
  /** Ride time (end of boarding to start of alighting) over direct drive time. */
  detour: Distribution;
  /** Minutes a ride (end of boarding to start of alighting) took beyond the direct drive. */
  excessRideMin: Distribution;
  /** Served rides whose boarding and arrival kept the promise, of those with a promise. */
  promisesKept: number;
  promisesGiven: number;
  vehicles: number;
  /** Busy time over shift time of the vehicles that had shifts. */
  fleetUse: number;
}

const WAIT_EDGES = [0, 5, 10, 15, 20, 30, 45];
const DETOUR_EDGES = [1, 1.1, 1.2, 1.3, 1.5, 1.75, 2];
const EXCESS_EDGES = [0, 2, 5, 10, 15, 20, 30];
/** Rounding slack when checking a promise, seconds. */
const PROMISE_SLACK_S = 1;

/** The figures of a day from its ride and vehicle facts. */
export function computeFigures(
  rides: readonly RideFact[],
  vehicles: readonly VehicleFact[],
): ServiceFigures {
  const served = rides.filter((r) => r.outcome === 'served' || r.outcome === 'planned');
  const count = (o: RideOutcome) => rides.filter((r) => r.outcome === o).length;
  const cancelled = count('cancelled');
  const riders = served.reduce((s, r) => s + r.passengers, 0);
  const trips = vehicles.reduce((s, v) => s + v.trips, 0);
  const vehicleKm = vehicles.reduce((s, v) => s + v.distanceM, 0) / 1000;
  const directKm = served.reduce((s, r) => s + r.directM, 0) / 1000;
  const shiftS = vehicles.reduce((s, v) => s + v.shiftS, 0);
  const waits = served
    .filter((r) => r.timeKind === 'depart_at' && r.pickupS !== null)
    .map((r) => Math.max(0, (r.pickupS as number) - r.requestedS) / 60);
  const rideS = (r: RideFact) => (r.dropoffS as number) - (r.pickupS as number) - r.boardingS;
  const detours = served
    .filter((r) => r.pickupS !== null && r.dropoffS !== null && r.directS > 0)
    .map((r) => Math.max(1, rideS(r) / r.directS));
  const excess = served
    .filter((r) => r.pickupS !== null && r.dropoffS !== null)
    .map((r) => Math.max(0, rideS(r) - r.directS) / 60);
  const promised = served.filter((r) => r.promise && r.pickupS !== null);
  const kept = promised.filter((r) => {
    const p = r.promise as NonNullable<RideFact['promise']>;
    const at = r.pickupS as number;
    return (
      at >= p.pickupFromS - PROMISE_SLACK_S &&
      at <= p.pickupToS + PROMISE_SLACK_S &&
      (r.dropoffS === null || r.dropoffS <= p.latestArrivalS + PROMISE_SLACK_S)
    );
  });
  const noShows = count('no_show');
  const asked = rides.length - cancelled - noShows;
  return {
    requests: rides.length,
    served: served.length,
    rejected: count('rejected'),
    cancelled,
    noShows,
    servedShare: asked ? served.length / asked : 0,
    riders,
    vehicleTrips: trips,
    ridersPerTrip: trips ? riders / trips : 0,
    vehicleKm: round(vehicleKm, 1),
    directKm: round(directKm, 1),
    kmRatio: directKm ? round(vehicleKm / directKm, 3) : 0,
    waitMin: distribution(waits, WAIT_EDGES),
    detour: distribution(detours, DETOUR_EDGES),
    excessRideMin: distribution(excess, EXCESS_EDGES),
    promisesKept: kept.length,
    promisesGiven: promised.length,
    vehicles: vehicles.filter((v) => v.shiftS > 0).length,
    fleetUse: shiftS ? round(vehicles.reduce((s, v) => s + v.busyS, 0) / shiftS, 3) : 0,
  };
}

/** Mean, median, 90th percentile (nearest rank) and bucket counts. */
export function distribution(values: readonly number[], edges: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (q: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : 0;
  const counts = edges.map(() => 0);
  for (const v of sorted) {
    let i = edges.length - 1;
    while (i > 0 && v < edges[i]) i--;
    counts[i]++;
  }
  const mean = sorted.length ? sorted.reduce((s, v) => s + v, 0) / sorted.length : 0;
  return {
    count: sorted.length,
    mean: round(mean, 2),
    p50: round(rank(0.5), 2),
    p90: round(rank(0.9), 2),
    edges: [...edges],
    counts,
  };
}

/** One stop of a vehicle as the trip count sees it. */
export interface StopMoves {
  /** The stop's place; consecutive stops at one place are one visit of it. */
  place: string | number;
  /** Riders getting on and off there (any consistent unit: riders, or places taken). */
  boarding: number;
  alighting: number;
}

/**
 * Vehicle trips of a vehicle's stops in order: a trip starts where the vehicle takes riders on
 * while it is empty, or while everyone who was aboard when it arrived gets off at the same place.
 * The order of boarding and alighting within one visit does not matter: a bus that meets a train
 * at Bahnhof Kusel, lets its riders off and takes the train's riders on ends one trip and starts
 * another, though both groups may be aboard for a moment (counted as one trip, two groups that
 * never rode together looked pooled).
 */
export function tripsOfStops(stops: readonly StopMoves[]): number {
  const tally = new TripTally();
  for (const s of stops) tally.stop(s.place, s.boarding, s.alighting);
  return tally.trips;
}

/**
 * The trip rule of {@link tripsOfStops} as a fold over stops, one stop at a time, for callers
 * that count without building {@link StopMoves}: the dispatch engine's route cost and its
 * insertion search, which copies a tally part-way along a route and folds in a candidate's
 * stops. One rule, so the trips the planner pays for are the trips the figures count.
 */
export const TRIP_TALLY_SIZE = 5;

export class TripTally {
  /** Trips started at the visits already left. */
  private left = 0;
  /** Place of the current visit; NaN (equal to nothing) before the first stop. */
  private place: string | number = NaN;
  /** Riders aboard when the vehicle arrived at the current visit, and those who got off since. */
  private onArrival = 0;
  private alighted = 0;
  /** Riders aboard now. */
  private load = 0;

  /** Folds in one stop; a stop at the place of the one before belongs to the same visit. */
  stop(place: string | number, boarding: number, alighting: number): void {
    if (place !== this.place) {
      if (this.visitStartsTrip()) this.left++;
      this.place = place;
      this.onArrival = this.load;
      this.alighted = 0;
    }
    this.alighted += alighting;
    this.load += boarding - alighting;
  }

  /** Trips of the stops folded in so far, the current visit's included. */
  get trips(): number {
    return this.left + (this.visitStartsTrip() ? 1 : 0);
  }

  /** Trips started at the visits before the current one. */
  get tripsBefore(): number {
    return this.left;
  }

  /** Restarts from no stops. */
  reset(): void {
    this.left = 0;
    this.place = NaN;
    this.onArrival = 0;
    this.alighted = 0;
    this.load = 0;
  }

  /** Takes over another tally's state (no allocation, for inner loops). */
  copyFrom(o: TripTally): void {
    this.left = o.left;
    this.place = o.place;
    this.onArrival = o.onArrival;
    this.alighted = o.alighted;
    this.load = o.load;
  }

  /**
   * Writes the state into `buf[at]` to `buf[at + TRIP_TALLY_SIZE - 1]`, for a caller that keeps
   * one per position of a route in a typed array; numeric places only.
   */
  save(buf: Float64Array, at: number): void {
    if (typeof this.place !== 'number') throw new Error('only a tally of numeric places is saved');
    buf[at] = this.left;
    buf[at + 1] = this.place;
    buf[at + 2] = this.onArrival;
    buf[at + 3] = this.alighted;
    buf[at + 4] = this.load;
  }

  /** Takes over a state {@link save} wrote. */
  restore(buf: Float64Array, at: number): void {
    this.left = buf[at];
    this.place = buf[at + 1];
    this.onArrival = buf[at + 2];
    this.alighted = buf[at + 3];
    this.load = buf[at + 4];
  }

  private visitStartsTrip(): boolean {
    return this.load > 0 && (this.onArrival <= 0 || this.alighted >= this.onArrival);
  }
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
