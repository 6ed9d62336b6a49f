import * as fc from 'fast-check';
import type { DarpInstance, RideRequest, Vehicle } from '../model/dispatch.types';

/** A small village area: points on a 10 x 10 km grid driven at 30 km/h (120 s per km). */
export interface RandomWorld {
  points: [number, number][];
  requests: RideRequest[];
  vehicles: Vehicle[];
}

const travelFor = (points: [number, number][]) => ({
  durationS: (a: number, b: number): number =>
    Math.round(120 * Math.hypot(points[a][0] - points[b][0], points[a][1] - points[b][1])),
});

export function worldInstance(w: RandomWorld, requests = w.requests): DarpInstance {
  return { requests, vehicles: w.vehicles, travel: travelFor(w.points) };
}

/** Random worlds with 1-3 buses (some with a wheelchair place) and 2-10 requests. */
export const randomWorld: fc.Arbitrary<RandomWorld> = fc
  .record({
    points: fc.array(fc.tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 })), {
      minLength: 4,
      maxLength: 12,
    }),
    vehicles: fc.array(
      fc.record({ seats: fc.integer({ min: 1, max: 4 }), wheel: fc.integer({ min: 0, max: 1 }) }),
      {
        minLength: 1,
        maxLength: 3,
      },
    ),
    requests: fc.array(
      fc.record({
        from: fc.nat(),
        to: fc.nat(),
        wheelchair: fc.boolean(),
        seats: fc.integer({ min: 1, max: 2 }),
        start: fc.integer({ min: 0, max: 3 * 3600 }),
        width: fc.integer({ min: 300, max: 3600 }),
        arriveBy: fc.boolean(),
        factor: fc.constantFrom(1.2, 1.5, 2),
      }),
      { minLength: 2, maxLength: 10 },
    ),
  })
  .map(({ points, vehicles, requests }) => {
    const travel = travelFor(points);
    const vs: Vehicle[] = vehicles.map((v, k) => ({
      id: `v${k}`,
      capacity: { seats: v.seats, wheelchairs: v.wheel },
      shift: { earliestS: 0, latestS: 5 * 3600 },
      startLocation: 0,
      endLocation: 0,
      maxRouteDurationS: k === 0 ? 4 * 3600 : undefined,
    }));
    const rs: RideRequest[] = requests.map((r, k) => {
      const from = 1 + (r.from % (points.length - 1));
      let to = 1 + (r.to % (points.length - 1));
      if (to === from) to = 0;
      const direct = travel.durationS(from, to);
      const window = { earliestS: r.start, latestS: r.start + r.width };
      return {
        id: `r${k}`,
        pickupLocation: from,
        dropoffLocation: to,
        load: r.wheelchair ? { seats: 0, wheelchairs: 1 } : { seats: r.seats, wheelchairs: 0 },
        pickupServiceS: r.wheelchair ? 120 : 30,
        dropoffServiceS: 30,
        maxRideS: Math.round(r.factor * direct + 300),
        ...(r.arriveBy
          ? { dropoffWindow: { earliestS: 0, latestS: window.latestS + direct } }
          : { pickupWindow: window }),
      };
    });
    return { points, requests: rs, vehicles: vs };
  });
