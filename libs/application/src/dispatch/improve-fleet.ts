import {
  improveSchedules,
  onTimePart,
  samePlan,
  type DarpInstance,
  type ImprovementSearch,
  type RoutePlan,
  type Schedule,
} from '@app/dispatch';

/** What one improvement run found, in the instance's seconds. */
export interface FleetImprovement {
  /** The plans that changed with their schedules; none when the search found nothing cheaper. */
  changes: Array<{ plan: RoutePlan; schedule: Schedule }>;
  costBefore: number;
  costAfter: number;
  iterations: number;
  /** Vehicles left alone because their plan no longer meets its windows ({@link onTimePart}). */
  lateVehicleIds: string[];
}

/**
 * The improvement step of the planning cadence, the one rule for the worker (`ReplanService`,
 * over a stored snapshot) and the day replay (`runDay`, over its fleet in memory): the adaptive
 * LNS over the open plans of the vehicles that are on time ({@link improveSchedules}, every
 * promise a hard window), whose plans are taken only when they cost less than the start.
 *
 * @param search by iterations the search reads no clock; by time limit it reads `now`
 * @param now wall-clock milliseconds (the worker's `performance.now`)
 */
export function improveFleet(
  instance: DarpInstance,
  plans: readonly RoutePlan[],
  search: ImprovementSearch,
  now: () => number = () => performance.now(),
): FleetImprovement {
  const part = onTimePart(instance, plans);
  const solution = improveSchedules(
    part.instance,
    part.plans,
    'timeLimitMs' in search ? { ...search, now } : search,
  );
  const found = {
    costBefore: solution.startCost,
    costAfter: solution.startCost,
    iterations: solution.stats.iterations,
    lateVehicleIds: part.lateVehicleIds,
  };
  if (solution.cost >= solution.startCost - 1e-6) return { ...found, changes: [] };
  const changes = solution.schedules
    .map((schedule) => ({
      schedule,
      plan: solution.plans.find((p) => p.vehicleId === schedule.vehicleId)!,
    }))
    .filter(
      ({ plan }) =>
        !samePlan(
          plans.find((p) => p.vehicleId === plan.vehicleId),
          plan,
        ),
    );
  return { ...found, costAfter: solution.cost, changes };
}
