import { compileInstance, type CompiledInstance } from '../core/compiled-instance';
import { plansFromRouteSet, routeSetFromPlans, schedulesOf } from '../core/plan-conversion';
import { RouteEvaluator } from '../core/route-evaluator';
import type { RouteSet } from '../core/route-set';
import type { DarpInstance, RoutePlan, Schedule } from '../model/dispatch.types';
import { createRng } from '../model/seeded-rng';
import { runLns, type LnsOptions, type LnsStats } from './lns-solver';
import { Repairer } from './repair-operators';

export interface DarpSolution {
  schedules: Schedule[];
  plans: RoutePlan[];
  /** Requests left unplanned; never a confirmed or on-board one. */
  unassigned: string[];
  cost: number;
  /** Cost of the plans the search started from, by the same objective as `cost`. */
  startCost: number;
  stats: LnsStats;
}

/**
 * Plans a static DARP (e.g. the prebooked rides of a day): regret-2 construction, then the
 * adaptive LNS of {@link runLns}. Pass `initial` to start from existing plans instead.
 */
export function solveDarp(
  instance: DarpInstance,
  options: LnsOptions,
  initial: readonly RoutePlan[] = [],
): DarpSolution {
  const ci = compileInstance(instance);
  const start = routeSetFromPlans(ci, initial);
  assertFeasible(ci, start);
  const pending: number[] = [];
  for (let r = 0; r < ci.nReq; r++) if (start.vehicleOf[r] < 0) pending.push(r);
  new Repairer(ci).insert(start, pending, 2, 0, createRng(options.seed));
  return finish(ci, start, options);
}

/**
 * Re-optimises the not yet driven part of the current plans (online case). Confirmed promises
 * are hard windows in `instance`; requests on board stay on their vehicle. The result is never
 * worse than the input and keeps every confirmed request.
 */
export function improveSchedules(
  instance: DarpInstance,
  current: readonly RoutePlan[],
  options: LnsOptions,
): DarpSolution {
  const ci = compileInstance(instance);
  const start = routeSetFromPlans(ci, current);
  assertFeasible(ci, start);
  return finish(ci, start, options);
}

function finish(ci: CompiledInstance, start: RouteSet, options: LnsOptions): DarpSolution {
  const startCost = start.totalCost();
  const { best, stats } = runLns(ci, start, options);
  const unassigned: string[] = [];
  for (let r = 0; r < ci.nReq; r++) if (best.vehicleOf[r] < 0) unassigned.push(ci.requestIds[r]);
  return {
    schedules: schedulesOf(best),
    plans: plansFromRouteSet(best),
    unassigned,
    cost: best.totalCost(),
    startCost,
    stats,
  };
}

function assertFeasible(ci: CompiledInstance, rs: RouteSet): void {
  const ev = new RouteEvaluator(ci);
  rs.routes.forEach((route, v) => {
    if (!ev.feasible(route, route.length, v)) {
      throw new Error(`current plan of vehicle ${ci.vehicleIds[v]} is infeasible`);
    }
  });
}
