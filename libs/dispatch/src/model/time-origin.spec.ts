import { improveSchedules } from '../lns/solve-darp';
import type { DarpInstance, RoutePlan } from './dispatch.types';
import { instanceRelativeTo, scheduleAbsolute } from './time-origin';

describe('planning from an origin', () => {
  it('moves every time of the instance and brings the schedules back', () => {
    const unix = 1_796_166_000;
    const inst: DarpInstance = {
      requests: [
        {
          id: 'a',
          pickupLocation: 0,
          dropoffLocation: 1,
          load: { seats: 1, wheelchairs: 0 },
          pickupServiceS: 60,
          dropoffServiceS: 45,
          maxRideS: 900,
          pickupWindow: { earliestS: unix + 600.2, latestS: unix + 1200.3 },
          dropoffWindow: { earliestS: -Infinity, latestS: unix + 2400 },
          confirmed: true,
        },
      ],
      vehicles: [
        {
          id: 'v',
          capacity: { seats: 8, wheelchairs: 1 },
          shift: { earliestS: unix, latestS: unix + 8 * 3600 },
          startLocation: 0,
          endLocation: 0,
          onBoard: [],
        },
      ],
      travel: { durationS: (a, b) => (a === b ? 0 : 300) },
    };
    const rel = instanceRelativeTo(inst, unix);
    expect(rel.requests[0].pickupWindow).toEqual({ earliestS: 600.2, latestS: 1200.3 });
    expect(rel.requests[0].dropoffWindow).toEqual({ earliestS: -Infinity, latestS: 2400 });
    expect(rel.vehicles[0].shift).toEqual({ earliestS: 0, latestS: 8 * 3600 });
    const plan: RoutePlan = {
      vehicleId: 'v',
      stops: [
        { requestId: 'a', type: 'pickup' },
        { requestId: 'a', type: 'dropoff' },
      ],
    };
    const [schedule] = improveSchedules(rel, [plan], { seed: 1, maxIterations: 1 }).schedules;
    const back = scheduleAbsolute(schedule, unix);
    expect(back.stops[0].serviceStartS).toBeCloseTo(unix + 600.2, 3);
    expect(back.stops[1].arrivalS - back.stops[0].departureS).toBe(300);
  });
});
