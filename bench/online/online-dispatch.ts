/**
 * The dispatch worker's per-booking work replayed in memory: bookings arrive in booking-time
 * order, each is offered with `offerRide` over the fleet's current plans and, when offered,
 * confirmed with `confirmPromise` / `plansWithOffer` as AssignBookingService does. Between
 * bookings the buses drive their plans to the minute: a stop whose planned departure has passed
 * is driven (frozen), and a bus already on its way to a stop is committed to it, so the next
 * plan starts there (as the worker starts from the last stop the driver reported).
 */
import { performance } from 'node:perf_hooks';
import {
  confirmPromise,
  offerRide,
  plansWithOffer,
  bookingInstance,
  planningInstance,
  promisePolicyOf,
  rideRequestOf as policyRideRequest,
  type DarpInstance,
  type PlanningRules,
  type OnBoardRide,
  type RideRequest,
  type RoutePlan,
  type Schedule,
  type ScheduledStop,
  type TravelTimes,
  type Vehicle,
} from '@app/dispatch';
import type { BenchBooking, BenchVehicle } from './kusel-day';

/** Pooling rules of the seeded service area (15-minute windows, 1.5 x direct + 10 min). */
export const RULES: PlanningRules = {
  pickupWindowMin: 15,
  maxRideFactor: 1.5,
  maxRideExtraMin: 10,
};
export const PROMISE = promisePolicyOf(RULES);

/** A bench booking (always depart_at) through the one dispatch policy. */
export function rideRequestOf(b: BenchBooking, directS: number, nowS: number): RideRequest {
  return policyRideRequest(
    { ...b, timeKind: 'depart_at', requestedS: b.timeS },
    { pickup: b.from, dropoff: b.to },
    directS,
    RULES,
    nowS,
  );
}

interface BusState {
  bus: BenchVehicle;
  /** Stops driven (or committed to), in order. */
  driven: ScheduledStop[];
  /** Latest schedule of the open stops (null while the bus has none). */
  schedule: Schedule | null;
  onBoard: OnBoardRide[];
}

export interface DispatchOutcome {
  /** Wall time of each booking's engine work, ms, in booking order. */
  offerMs: number[];
  /** Requests in the engine's instance at each offer. */
  instanceSize: number[];
  served: Map<string, RideRequest>;
  rejected: Map<string, string>;
  /** Whole day per bus: driven stops followed by the last schedule's open stops. */
  days: Map<string, ScheduledStop[]>;
  /** The state after the last booking, as the worker would load it at the start of the day. */
  finalPlans: RoutePlan[];
}

export function runOnlineDay(
  bookings: readonly BenchBooking[],
  fleet: readonly BenchVehicle[],
  travel: TravelTimes,
): DispatchOutcome {
  const buses = fleet.map<BusState>((bus) => ({ bus, driven: [], schedule: null, onBoard: [] }));
  const live = new Map<string, RideRequest>();
  const served = new Map<string, RideRequest>();
  const rejected = new Map<string, string>();
  const offerMs: number[] = [];
  const instanceSize: number[] = [];
  let plans: RoutePlan[] = [];

  for (const b of bookings) {
    const nowS = b.bookedS;
    plans = advance(buses, plans, live, nowS);
    const request = rideRequestOf(b, travel.durationS(b.from, b.to), nowS);
    const t0 = performance.now();
    const instance: DarpInstance = planningInstance({
      requests: [...live.values()],
      vehicles: buses.map((s) => vehicleOf(s, nowS)),
      travel,
    });
    // as decideRide offers a new booking: the shortest added drive (a vehicle trip at 1 s)
    const result = offerRide(bookingInstance(instance), plans, request, { promise: PROMISE });
    if (result.kind === 'offer') {
      const confirmed = confirmPromise(request, result.promise);
      live.set(request.id, confirmed);
      plans = plansWithOffer(plans, result);
    }
    offerMs.push(performance.now() - t0);
    instanceSize.push(instance.requests.length);
    if (result.kind === 'offer') {
      served.set(request.id, live.get(request.id) as RideRequest);
      const bus = buses.find((s) => s.bus.id === result.vehicleId) as BusState;
      bus.schedule = result.schedule;
    } else rejected.set(request.id, result.reason);
  }

  const days = new Map<string, ScheduledStop[]>();
  for (const s of buses) days.set(s.bus.id, [...s.driven, ...(s.schedule?.stops ?? [])]);
  const finalPlans = buses.map((s) => ({
    vehicleId: s.bus.id,
    stops: (days.get(s.bus.id) ?? []).map(({ requestId, type }) => ({ requestId, type })),
  }));
  return { offerMs, instanceSize, served, rejected, days, finalPlans };
}

function vehicleOf(s: BusState, nowS: number): Vehicle {
  const last = s.driven[s.driven.length - 1];
  const { bus } = s;
  return {
    id: bus.id,
    capacity: { seats: bus.seats, wheelchairs: bus.wheelchairs },
    shift: { earliestS: bus.shiftStartS, latestS: bus.shiftEndS },
    startLocation: bus.depot,
    endLocation: bus.depot,
    availableFrom: last
      ? { location: last.location, timeS: Math.max(nowS, last.departureS) }
      : { location: bus.depot, timeS: Math.max(bus.shiftStartS, nowS) },
    onBoard: s.onBoard,
  };
}

/** Drives every bus up to `nowS`; returns the plans of the stops still open. */
function advance(
  buses: BusState[],
  plans: RoutePlan[],
  live: Map<string, RideRequest>,
  nowS: number,
): RoutePlan[] {
  let changed = false;
  for (const s of buses) {
    const sch = s.schedule;
    if (!sch || sch.stops.length === 0 || sch.departureS > nowS) continue;
    // The bus left for its first open stop; it drives every stop it has left by now, and is
    // committed to the one it is heading to.
    let k = 0;
    while (k < sch.stops.length && sch.stops[k].departureS <= nowS) k++;
    const upTo = Math.min(k + 1, sch.stops.length);
    for (const stop of sch.stops.slice(0, upTo)) {
      s.driven.push(stop);
      if (stop.type === 'pickup') {
        s.onBoard.push({ requestId: stop.requestId, pickupDepartureS: stop.departureS });
      } else {
        s.onBoard = s.onBoard.filter((o) => o.requestId !== stop.requestId);
        live.delete(stop.requestId);
      }
    }
    s.schedule = { ...sch, stops: sch.stops.slice(upTo) };
    changed = true;
  }
  if (!changed) return plans;
  return buses.map((s) => ({
    vehicleId: s.bus.id,
    stops: (s.schedule?.stops ?? []).map(({ requestId, type }) => ({ requestId, type })),
  }));
}

/**
 * Worst case for the compiled instance: all `requests` in it (the served ones planned by
 * `plans`, the others unplanned), every bus at its depot at the start of its shift, and fresh
 * copies of sampled bookings offered one at a time without confirming, so each offer sees the
 * same instance. Returns the wall time of each offer, ms.
 */
export function timeFullInstance(
  requests: readonly RideRequest[],
  plans: readonly RoutePlan[],
  fleet: readonly BenchVehicle[],
  bookings: readonly BenchBooking[],
  travel: TravelTimes,
  samples: number,
): number[] {
  const vehicles: Vehicle[] = fleet.map((b) => ({
    id: b.id,
    capacity: { seats: b.seats, wheelchairs: b.wheelchairs },
    shift: { earliestS: b.shiftStartS, latestS: b.shiftEndS },
    startLocation: b.depot,
    endLocation: b.depot,
    availableFrom: { location: b.depot, timeS: b.shiftStartS },
  }));
  const instance: DarpInstance = bookingInstance(planningInstance({ requests, vehicles, travel }));
  const out: number[] = [];
  for (let k = 0; k < samples; k++) {
    const b = bookings[(k * 7919) % bookings.length];
    const request = {
      ...rideRequestOf(b, travel.durationS(b.from, b.to), -Infinity),
      id: `${b.id}-again-${k}`,
    };
    const t0 = performance.now();
    offerRide(instance, plans, request, { promise: PROMISE });
    out.push(performance.now() - t0);
  }
  return out;
}
