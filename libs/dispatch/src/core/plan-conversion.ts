import type { RoutePlan, Schedule, ScheduledStop } from '../model/dispatch.types';
import { costOf, KINDS, tripsOfRoute, type CompiledInstance } from './compiled-instance';
import { RouteEvaluator } from './route-evaluator';
import { RouteSet } from './route-set';

/** Loads route plans (stop references) into a route set; throws on unknown ids. */
export function routeSetFromPlans(ci: CompiledInstance, plans: readonly RoutePlan[]): RouteSet {
  const rs = new RouteSet(ci);
  for (const plan of plans) {
    const v = ci.vehicleIndex(plan.vehicleId);
    if (v === undefined) throw new Error(`unknown vehicle ${plan.vehicleId}`);
    const route = rs.routes[v];
    const end = route.pop() as number;
    for (const s of plan.stops) {
      const r = ci.requestIndex(s.requestId);
      if (r === undefined) throw new Error(`unknown request ${s.requestId}`);
      route.push(s.type === 'pickup' ? r : ci.nReq + r);
      rs.vehicleOf[r] = v;
    }
    route.push(end);
    rs.touch(v);
  }
  return rs;
}

/** Stop references of every vehicle, depots left out. */
export function plansFromRouteSet(rs: RouteSet): RoutePlan[] {
  const ci = rs.ci;
  return rs.routes.map((route, v) => ({
    vehicleId: ci.vehicleIds[v],
    stops: route
      .slice(1, -1)
      .map((node) =>
        node < ci.nReq
          ? { requestId: ci.requestIds[node], type: 'pickup' as const }
          : { requestId: ci.requestIds[node - ci.nReq], type: 'dropoff' as const },
      ),
  }));
}

/**
 * Timed schedule of one vehicle's node sequence, or null when it has none. Times come from the
 * eight-step procedure (short rides and route), or the exact fallback's earliest schedule.
 */
export function scheduleOf(
  ci: CompiledInstance,
  evaluator: RouteEvaluator,
  route: ArrayLike<number>,
  m: number,
  v: number,
): Schedule | null {
  if (!evaluator.feasible(route, m, v)) return null;
  const { B, W } = evaluator;
  const stops: ScheduledStop[] = [];
  let seats = ci.load[route[0] * KINDS];
  let wheelchairs = ci.load[route[0] * KINDS + 1];
  let cost = 0;
  for (let k = 1; k < m; k++) cost += costOf(ci, route[k - 1], route[k]);
  if (ci.tripCost) cost += ci.tripCost * tripsOfRoute(ci, route, m);
  for (let k = 1; k < m - 1; k++) {
    const node = route[k];
    const pickup = node < ci.nReq;
    seats += ci.load[node * KINDS];
    wheelchairs += ci.load[node * KINDS + 1];
    stops.push({
      requestId: ci.requestIds[pickup ? node : node - ci.nReq],
      type: pickup ? 'pickup' : 'dropoff',
      location: ci.locIds[ci.loc[node]],
      arrivalS: B[k] - W[k],
      serviceStartS: B[k],
      departureS: B[k] + ci.svc[node],
      loadAfter: { seats, wheelchairs },
    });
  }
  return {
    vehicleId: ci.vehicleIds[v],
    departureS: B[0],
    stops,
    endArrivalS: B[m - 1],
    cost: m > 2 ? cost : 0,
  };
}

/** Schedules of all vehicles; throws if one has no feasible schedule (an engine bug). */
export function schedulesOf(rs: RouteSet): Schedule[] {
  const evaluator = new RouteEvaluator(rs.ci);
  return rs.routes.map((route, v) => {
    const s = scheduleOf(rs.ci, evaluator, route, route.length, v);
    if (!s) throw new Error(`route of ${rs.ci.vehicleIds[v]} has no feasible schedule`);
    return s;
  });
}
