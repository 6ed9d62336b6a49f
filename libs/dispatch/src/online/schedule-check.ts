import { compileInstance } from '../core/compiled-instance';
import { routeSetFromPlans, scheduleOf } from '../core/plan-conversion';
import { RouteEvaluator } from '../core/route-evaluator';
import type { DarpInstance, RoutePlan, Schedule } from '../model/dispatch.types';

/**
 * Exact feasibility of one vehicle's plan: the eight-step procedure of Cordeau & Laporte (2003)
 * with an exact simple-temporal-network fallback. Returns the timed schedule or null.
 */
export function checkFeasibleSchedule(instance: DarpInstance, plan: RoutePlan): Schedule | null {
  const ci = compileInstance(instance);
  const rs = routeSetFromPlans(ci, [plan]);
  const v = ci.vehicleIndex(plan.vehicleId) as number;
  const route = rs.routes[v];
  return scheduleOf(ci, new RouteEvaluator(ci), route, route.length, v);
}
