import type { DarpInstance, RoutePlan } from '@app/dispatch';

/**
 * Metres a vehicle drives on a plan: from where it is (or its start) through its stops to its
 * end location. For reports (the improvement runs' distance saved); planning minimises time.
 * Given durations as `distanceM`, the same walk gives the seconds of driving.
 */
export function planDistanceM(
  instance: DarpInstance,
  plan: RoutePlan,
  distanceM: (from: number, to: number) => number,
): number {
  const vehicle = instance.vehicles.find((v) => v.id === plan.vehicleId);
  if (!vehicle) return 0;
  const requests = new Map(instance.requests.map((r) => [r.id, r]));
  let at = vehicle.availableFrom?.location ?? vehicle.startLocation;
  let sum = 0;
  for (const stop of plan.stops) {
    const r = requests.get(stop.requestId);
    if (!r) continue;
    const next = stop.type === 'pickup' ? r.pickupLocation : r.dropoffLocation;
    sum += distanceM(at, next);
    at = next;
  }
  return sum + distanceM(at, vehicle.endLocation);
}
