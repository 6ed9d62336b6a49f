import type { RoutePlan } from '../model/dispatch.types';
import { bus, lineInstance, ride } from '../testing/line-fixture';
import { improveSchedules } from './solve-darp';

/**
 * A bus that has dropped its last rider away from its depot still has to drive home, busy or
 * not; the plans' cost counts that drive for every bus (see also the property spec beside).
 */
describe('improvement search: a bus away from its depot', () => {
  // Bus a is at km 10 (its depot is km 0); bus b waits at its depot, km 4. The ride from km 5 to
  // km 2 lies on a's way home: 10 -> 5 -> 2 -> 0 drives no more than 10 -> 0.
  const a = bus('a', { availableFrom: { location: 10, timeS: 0 } });
  const b = bus('b', { startLocation: 4, endLocation: 4 });

  it('costs the drive home whether or not the bus carries the ride', () => {
    const onA: RoutePlan[] = [
      {
        vehicleId: 'a',
        stops: [
          { requestId: 'r', type: 'pickup' },
          { requestId: 'r', type: 'dropoff' },
        ],
      },
    ];
    const withRide = improveSchedules(lineInstance([ride('r', 5, 2)], [a, b]), onA, {
      seed: 1,
      maxIterations: 200,
    });
    expect(withRide.plans.find((p) => p.stops.length > 0)?.vehicleId).toBe('a');
    expect(withRide.cost).toBe(600);
    const idle = improveSchedules(lineInstance([], [a, b]), [], { seed: 1, maxIterations: 1 });
    expect(idle.cost).toBe(600);
  });
});
