import { checkFeasibleSchedule } from '../online/schedule-check';
import type { DarpInstance, RideRequest, RoutePlan, Vehicle } from './dispatch.types';
import { instanceRelativeTo } from './time-origin';

/**
 * A plan that meets its promise to the microsecond still meets it once its times are counted
 * in whole milliseconds: the engine pushes pickups as late as the promises let it, so a schedule
 * often arrives exactly at a promised latest arrival, and a vehicle's last departure rounded up
 * (or a window's end rounded down) by a fraction of a millisecond broke the plan the dispatcher
 * itself had made (the what-if of a new county failed: "current plan of vehicle v01/0 is
 * infeasible").
 */
describe('planning from an origin: whole milliseconds never tighten a plan', () => {
  /** Drive between the two places, seconds: not a whole millisecond, as from a road network. */
  const driveS = 171.3610275424868;
  const rider = (over: Partial<RideRequest>): RideRequest => ({
    id: 'a',
    pickupLocation: 0,
    dropoffLocation: 1,
    load: { seats: 1, wheelchairs: 0 },
    pickupServiceS: 60,
    dropoffServiceS: 45,
    maxRideS: 900,
    pickupWindow: { earliestS: 27_000, latestS: 27_900 },
    dropoffWindow: { earliestS: -Infinity, latestS: 28_500 },
    confirmed: true,
    ...over,
  });
  const bus = (over: Partial<Vehicle>): Vehicle => ({
    id: 'v',
    capacity: { seats: 8, wheelchairs: 0 },
    shift: { earliestS: 5 * 3600, latestS: 14 * 3600 },
    startLocation: 0,
    endLocation: 0,
    ...over,
  });
  const instance = (r: RideRequest, v: Vehicle): DarpInstance => ({
    requests: [r],
    vehicles: [v],
    travel: { durationS: (a, b) => (a === b ? 0 : driveS) },
  });
  const dropoffOnly: RoutePlan = { vehicleId: 'v', stops: [{ requestId: 'a', type: 'dropoff' }] };
  const both: RoutePlan = {
    vehicleId: 'v',
    stops: [
      { requestId: 'a', type: 'pickup' },
      { requestId: 'a', type: 'dropoff' },
    ],
  };

  it.each([
    {
      // On board; the bus left its last stop exactly in time for the promised arrival.
      case: 'the bus arrives exactly at the latest arrival from its last departure',
      inst: instance(
        rider({ dropoffWindow: { earliestS: -Infinity, latestS: 27_600 } }),
        bus({
          availableFrom: { location: 0, timeS: 27_600 - driveS },
          onBoard: [{ requestId: 'a', pickupDepartureS: 27_300 }],
        }),
      ),
      plan: dropoffOnly,
    },
    {
      // On board; the ride takes exactly its limit from the departure at the pickup.
      case: 'the ride takes exactly its limit from the pickup departure',
      inst: instance(
        rider({ maxRideS: 200 }),
        bus({
          availableFrom: { location: 0, timeS: 27_428.638 },
          onBoard: [{ requestId: 'a', pickupDepartureS: 27_428.638 + driveS - 200 }],
        }),
      ),
      plan: dropoffOnly,
    },
    {
      // Not yet picked up; the pickup window closes exactly when the bus can be there.
      case: 'the bus reaches the pickup exactly as its window closes',
      inst: instance(
        rider({
          pickupLocation: 1,
          dropoffLocation: 0,
          pickupWindow: { earliestS: 27_000, latestS: 27_000 + driveS },
        }),
        bus({ availableFrom: { location: 0, timeS: 27_000 } }),
      ),
      plan: both,
    },
  ])('$case', ({ inst, plan }) => {
    expect(checkFeasibleSchedule(inst, plan)).not.toBeNull();
    expect(checkFeasibleSchedule(instanceRelativeTo(inst, 0), plan)).not.toBeNull();
  });

  it('keeps times already in whole milliseconds as they are, also from Unix seconds', () => {
    const unix = 1_796_166_000;
    const rel = instanceRelativeTo(
      instance(
        rider({ pickupWindow: { earliestS: unix + 600.2, latestS: unix + 1200.3 } }),
        bus({
          shift: { earliestS: unix, latestS: unix + 8 * 3600 },
          availableFrom: { location: 0, timeS: unix + 512.407 },
          onBoard: [{ requestId: 'a', pickupDepartureS: unix + 498.001 }],
        }),
      ),
      unix,
    );
    expect(rel.requests[0].pickupWindow).toEqual({ earliestS: 600.2, latestS: 1200.3 });
    expect(rel.vehicles[0].availableFrom?.timeS).toBe(512.407);
    expect(rel.vehicles[0].onBoard?.[0].pickupDepartureS).toBe(498.001);
  });
});
