import { checkFeasibleSchedule, DarpInstance, RoutePlan } from '@app/dispatch';

export interface OnTimePart {
  /** The instance without late vehicles and the riders on their plans. */
  instance: DarpInstance;
  plans: RoutePlan[];
  /** Vehicles whose current plan no longer meets its windows (e.g. a bus running late). */
  lateVehicleIds: string[];
}

/**
 * The part of the fleet the improvement search may work on. A bus whose plan no longer meets
 * its windows keeps that plan and its riders untouched (the driver and the office deal with the
 * delay); the search improves everyone else.
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
