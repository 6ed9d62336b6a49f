import type { DarpInstance, RoutePlan } from '../model/dispatch.types';
import { checkFeasibleSchedule } from '../online/schedule-check';

export interface OnTimePart {
  /** The instance without late vehicles and the riders on their plans. */
  instance: DarpInstance;
  plans: RoutePlan[];
  /** Vehicles whose current plan no longer meets its windows (e.g. a bus running late). */
  lateVehicleIds: string[];
}

/**
 * The part of the fleet a search may re-plan: the improvement runs (`improveFleet`) and making
 * room for a new ride ({@link decideRide}). A bus whose plan no longer meets its windows keeps that
 * plan and its riders untouched (the driver and the office deal with the delay); the search works
 * on everyone else (given the late bus, the engine refuses the whole fleet as infeasible).
 */
export function onTimePart(instance: DarpInstance, plans: readonly RoutePlan[]): OnTimePart {
  const timed = plans.map((plan) => ({ plan, schedule: checkFeasibleSchedule(instance, plan) }));
  const onTime = timed.filter((t) => t.schedule).map((t) => t.plan);
  const late = timed.filter((t) => !t.schedule);
  const lateRiders = new Set(late.flatMap((t) => t.plan.stops.map((s) => s.requestId)));
  const keep = new Set(onTime.map((p) => p.vehicleId));
  return {
    instance: {
      ...instance,
      vehicles: instance.vehicles.filter((v) => keep.has(v.id)),
      requests: instance.requests.filter((r) => !lateRiders.has(r.id)),
    },
    plans: onTime,
    lateVehicleIds: late.map((t) => t.plan.vehicleId),
  };
}
