import { tripsOfStops, type StopMoves } from '@app/domain';
import type { DarpInstance, RideRequest, RoutePlan, Vehicle } from '../model/dispatch.types';

export interface CheckOptions {
  /** Allow unconfirmed requests to stay unplanned (online use); confirmed ones never may. */
  allowUnassignedUnconfirmed?: boolean;
  /** Slack on time comparisons, seconds. */
  toleranceS?: number;
}

export interface CheckResult {
  feasible: boolean;
  /**
   * Sum of arc costs of every vehicle's route from where it is (its start or `availableFrom`) to
   * its end location; a vehicle without stops drives straight home (nothing, at its depot). With
   * a `tripCost`, plus that for each vehicle trip, counted by the service figures' rule
   * (`tripsOfStops`), riders on board at the start boarding where the vehicle is.
   */
  cost: number;
  violations: string[];
}

/** A difference constraint x[to] - x[from] <= w. */
interface Edge {
  from: number;
  to: number;
  w: number;
}

/**
 * Independent checker, deliberately written apart from the engine's evaluation code and kept
 * plain: it recomputes pairing, order, coverage, capacity of each kind and cost from the public
 * model, and decides whether the stop times can be chosen by solving the route's simple temporal
 * network (windows, travel times, ride-time limits, duration limit) with Bellman-Ford: a schedule
 * exists exactly when the constraint graph has no negative cycle (Dechter, Meiri & Pearl 1991).
 */
export function checkSolution(
  instance: DarpInstance,
  routes: readonly RoutePlan[],
  options: CheckOptions = {},
): CheckResult {
  const tol = options.toleranceS ?? 1e-6;
  const violations: string[] = [];
  const byId = new Map<string, RideRequest>();
  for (const r of instance.requests) byId.set(r.id, r);
  const vehicles = new Map<string, Vehicle>();
  for (const v of instance.vehicles) vehicles.set(v.id, v);
  const onBoardOf = new Map<string, { vehicleId: string; departureS: number }>();
  for (const v of instance.vehicles) {
    for (const ob of v.onBoard ?? []) {
      onBoardOf.set(ob.requestId, { vehicleId: v.id, departureS: ob.pickupDepartureS });
    }
  }
  const served = new Map<string, string>();
  const usedVehicles = new Set<string>();
  let cost = 0;
  const costOf = (a: number, b: number): number =>
    instance.costs ? instance.costs.cost(a, b) : instance.travel.durationS(a, b);

  for (const plan of routes) {
    const v = vehicles.get(plan.vehicleId);
    if (!v) {
      violations.push(`unknown vehicle ${plan.vehicleId}`);
      continue;
    }
    if (usedVehicles.has(v.id)) violations.push(`vehicle ${v.id} has two routes`);
    usedVehicles.add(v.id);
    const startLoc = v.availableFrom?.location ?? v.startLocation;
    const startTime = Math.max(v.shift.earliestS, v.availableFrom?.timeS ?? -Infinity);
    const onBoardHere = (v.onBoard ?? []).map((o) => o.requestId);

    // Pairing, order and coverage.
    const pickedAt = new Map<string, number>();
    const droppedAt = new Map<string, number>();
    plan.stops.forEach((s, k) => {
      const req = byId.get(s.requestId);
      if (!req) {
        violations.push(`unknown request ${s.requestId}`);
        return;
      }
      const seen = s.type === 'pickup' ? pickedAt : droppedAt;
      if (seen.has(s.requestId)) violations.push(`${s.type} of ${s.requestId} twice`);
      seen.set(s.requestId, k);
    });
    for (const [id, k] of droppedAt) {
      const ob = onBoardOf.get(id);
      if (ob) {
        if (ob.vehicleId !== v.id) violations.push(`on-board ${id} dropped by another vehicle`);
        if (pickedAt.has(id)) violations.push(`on-board ${id} picked up again`);
      } else if (!pickedAt.has(id)) violations.push(`${id} dropped without pickup`);
      else if ((pickedAt.get(id) as number) > k) violations.push(`${id} dropped before pickup`);
    }
    for (const id of pickedAt.keys()) {
      if (!droppedAt.has(id)) violations.push(`${id} picked up, never dropped`);
    }
    for (const id of onBoardHere) {
      if (!droppedAt.has(id)) violations.push(`on-board ${id} is never dropped`);
    }
    for (const id of droppedAt.keys()) {
      if (served.has(id)) violations.push(`${id} served by two vehicles`);
      served.set(id, v.id);
    }

    // Capacity of each kind, counting who is on board at the start.
    let seats = 0;
    let wheelchairs = 0;
    for (const id of onBoardHere) {
      const r = byId.get(id);
      seats += r?.load.seats ?? 0;
      wheelchairs += r?.load.wheelchairs ?? 0;
    }
    const overload = (): boolean =>
      seats > v.capacity.seats || wheelchairs > v.capacity.wheelchairs;
    if (overload()) violations.push(`vehicle ${v.id} overloaded at start`);
    for (const s of plan.stops) {
      const r = byId.get(s.requestId);
      if (!r) continue;
      const sign = s.type === 'pickup' ? 1 : -1;
      seats += sign * r.load.seats;
      wheelchairs += sign * r.load.wheelchairs;
      if (overload()) violations.push(`vehicle ${v.id} overloaded after ${s.type} ${s.requestId}`);
    }

    const locs = plan.stops.map((s) => {
      const r = byId.get(s.requestId);
      return r ? (s.type === 'pickup' ? r.pickupLocation : r.dropoffLocation) : startLoc;
    });
    const path = [startLoc, ...locs, v.endLocation];
    for (let k = 1; k < path.length; k++) cost += costOf(path[k - 1], path[k]);
    if (instance.tripCost) {
      const places = (r: RideRequest | undefined): number =>
        r ? r.load.seats + r.load.wheelchairs : 0;
      const moves: StopMoves[] = [
        {
          place: startLoc,
          boarding: onBoardHere.reduce((n, id) => n + places(byId.get(id)), 0),
          alighting: 0,
        },
        ...plan.stops.map((s, k) => {
          const q = places(byId.get(s.requestId));
          const on = s.type === 'pickup';
          return { place: locs[k], boarding: on ? q : 0, alighting: on ? 0 : q };
        }),
      ];
      cost += instance.tripCost * tripsOfStops(moves);
    }

    if (
      plan.stops.length > 0 &&
      !scheduleExists(instance, v, plan, byId, onBoardOf, startTime, tol)
    ) {
      violations.push(`vehicle ${v.id}: no schedule meets windows, ride times and duration`);
    }
  }

  // A vehicle without a route still drives home from where it is (nothing, at its depot).
  for (const v of instance.vehicles) {
    if (!usedVehicles.has(v.id))
      cost += costOf(v.availableFrom?.location ?? v.startLocation, v.endLocation);
  }

  for (const r of instance.requests) {
    if (served.has(r.id)) continue;
    const mayWait = options.allowUnassignedUnconfirmed && !r.confirmed && !onBoardOf.has(r.id);
    if (!mayWait) violations.push(`request ${r.id} is not served`);
  }
  return { feasible: violations.length === 0, cost, violations };
}

/**
 * Variables: 0 = reference (time zero), 1 = departure from the start, 2..k+1 = service starts at
 * the stops, k+2 = arrival at the end.
 */
function scheduleExists(
  instance: DarpInstance,
  v: Vehicle,
  plan: RoutePlan,
  byId: Map<string, RideRequest>,
  onBoardOf: Map<string, { vehicleId: string; departureS: number }>,
  startTime: number,
  tol: number,
): boolean {
  const stops = plan.stops;
  const k = stops.length;
  const edges: Edge[] = [];
  const atLeast = (x: number, t: number): void => {
    if (Number.isFinite(t)) edges.push({ from: x, to: 0, w: -t });
  };
  const atMost = (x: number, t: number): void => {
    if (Number.isFinite(t)) edges.push({ from: 0, to: x, w: t });
  };
  // x[b] - x[a] >= g  <=>  x[a] - x[b] <= -g
  const gap = (a: number, b: number, g: number): void => {
    edges.push({ from: b, to: a, w: -g });
  };
  const info = stops.map((s) => {
    const r = byId.get(s.requestId) as RideRequest;
    const pickup = s.type === 'pickup';
    return {
      r,
      pickup,
      loc: pickup ? r.pickupLocation : r.dropoffLocation,
      svc: pickup ? r.pickupServiceS : r.dropoffServiceS,
      win: pickup ? r.pickupWindow : r.dropoffWindow,
    };
  });
  const startLoc = v.availableFrom?.location ?? v.startLocation;
  atLeast(1, startTime);
  atMost(1, v.shift.latestS);
  let prevLoc = startLoc;
  let prevSvc = 0;
  for (let i = 0; i < k; i++) {
    const x = i + 2;
    gap(x - 1, x, prevSvc + instance.travel.durationS(prevLoc, info[i].loc));
    atLeast(x, info[i].win?.earliestS ?? -Infinity);
    atMost(x, info[i].win?.latestS ?? Infinity);
    prevLoc = info[i].loc;
    prevSvc = info[i].svc;
  }
  const end = k + 2;
  gap(end - 1, end, prevSvc + instance.travel.durationS(prevLoc, v.endLocation));
  atMost(end, v.shift.latestS);
  if (v.maxRouteDurationS !== undefined) edges.push({ from: 1, to: end, w: v.maxRouteDurationS });
  for (let i = 0; i < k; i++) {
    if (info[i].pickup) continue;
    const r = info[i].r;
    const ob = onBoardOf.get(r.id);
    if (ob) {
      atMost(i + 2, ob.departureS + r.maxRideS);
      continue;
    }
    const pi = stops.findIndex((s) => s.requestId === r.id && s.type === 'pickup');
    if (pi < 0) continue;
    // drop-off start - (pickup start + pickup service) <= maxRide
    edges.push({ from: pi + 2, to: i + 2, w: r.maxRideS + r.pickupServiceS });
  }
  return noNegativeCycle(end + 1, edges, tol);
}

function noNegativeCycle(n: number, edges: readonly Edge[], tol: number): boolean {
  const dist = new Array<number>(n).fill(0);
  for (let round = 0; round < n; round++) {
    let changed = false;
    for (const e of edges) {
      if (dist[e.from] + e.w < dist[e.to] - tol) {
        dist[e.to] = dist[e.from] + e.w;
        changed = true;
      }
    }
    if (!changed) return true;
  }
  return false;
}
