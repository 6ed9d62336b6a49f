import { DarpInstance, improveSchedules, onTimePart, RideRequest, Vehicle } from '@app/dispatch';
import { improveFleet } from './improve-fleet';

// Locations are kilometre marks on one road, driven at 1 km/min.
const travel = { durationS: (a: number, b: number) => 60 * Math.abs(a - b) };
const ride = (id: string, from: number, to: number, pickup: [number, number]): RideRequest => ({
  id,
  pickupLocation: from,
  dropoffLocation: to,
  load: { seats: 1, wheelchairs: 0 },
  pickupWindow: { earliestS: pickup[0], latestS: pickup[1] },
  pickupServiceS: 30,
  dropoffServiceS: 30,
  maxRideS: 3600,
  confirmed: true,
});
const bus = (id: string, availableFrom?: { location: number; timeS: number }): Vehicle => ({
  id,
  capacity: { seats: 4, wheelchairs: 0 },
  shift: { earliestS: 0, latestS: 7200 },
  startLocation: 0,
  endLocation: 0,
  ...(availableFrom ? { availableFrom } : {}),
});

describe('improvement search with a bus running late', () => {
  // Bus "late" is stuck at km 0 until 30 min, but promised a pickup at km 20 by 10 min.
  const instance: DarpInstance = {
    travel,
    vehicles: [bus('late', { location: 0, timeS: 1800 }), bus('a'), bus('b')],
    requests: [
      ride('stuck', 20, 0, [0, 600]),
      ride('r1', 5, 0, [600, 1500]),
      ride('r2', 6, 0, [600, 1500]),
    ],
  };
  const plans = [
    {
      vehicleId: 'late',
      stops: [
        { requestId: 'stuck', type: 'pickup' as const },
        { requestId: 'stuck', type: 'dropoff' as const },
      ],
    },
    {
      vehicleId: 'a',
      stops: [
        { requestId: 'r1', type: 'pickup' as const },
        { requestId: 'r1', type: 'dropoff' as const },
      ],
    },
    {
      vehicleId: 'b',
      stops: [
        { requestId: 'r2', type: 'pickup' as const },
        { requestId: 'r2', type: 'dropoff' as const },
      ],
    },
  ];

  it('leaves the late bus and its rider out, and keeps the others', () => {
    const part = onTimePart(instance, plans);
    expect(part.lateVehicleIds).toEqual(['late']);
    expect(part.instance.vehicles.map((v) => v.id)).toEqual(['a', 'b']);
    expect(part.instance.requests.map((r) => r.id)).toEqual(['r1', 'r2']);
    expect(part.plans.map((p) => p.vehicleId)).toEqual(['a', 'b']);
  });

  it('lets the search improve the rest, where the whole fleet would be refused', () => {
    expect(() => improveSchedules(instance, plans, { seed: 1, maxIterations: 50 })).toThrow(
      /infeasible/,
    );
    const part = onTimePart(instance, plans);
    const solution = improveSchedules(part.instance, part.plans, { seed: 1, maxIterations: 200 });
    expect(solution.unassigned).toEqual([]);
    // pooling the two neighbours on one bus saves driving
    expect(solution.cost).toBeLessThan(solution.startCost);
  });

  it('the improvement step (worker and day replay) writes only cheaper plans, never the late bus', () => {
    const found = improveFleet(instance, plans, { seed: 1, maxIterations: 200 });
    expect(found.lateVehicleIds).toEqual(['late']);
    expect(found.costAfter).toBeLessThan(found.costBefore);
    expect(found.changes.map((c) => c.plan.vehicleId)).not.toContain('late');
    // both neighbours ride on one bus now, each promise kept
    const pooled = found.changes.find((c) => c.plan.stops.length === 4);
    expect(pooled?.schedule.stops.map((x) => x.requestId).sort()).toEqual(['r1', 'r1', 'r2', 'r2']);
    for (const stop of pooled!.schedule.stops.filter((x) => x.type === 'pickup'))
      expect(stop.serviceStartS).toBeLessThanOrEqual(1500);

    // run again on its own result: nothing cheaper, nothing to write
    const after = plans.map(
      (p) => found.changes.find((c) => c.plan.vehicleId === p.vehicleId)?.plan ?? p,
    );
    const again = improveFleet(instance, after, { seed: 2, maxIterations: 200 });
    expect(again.changes).toEqual([]);
    expect(again.costAfter).toBe(again.costBefore);
  });
});
