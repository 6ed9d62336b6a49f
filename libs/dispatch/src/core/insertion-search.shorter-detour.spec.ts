import type { DarpInstance, RideRequest } from '../model/dispatch.types';
import { compileInstance } from './compiled-instance';
import { InsertionSearch } from './insertion-search';
import { RouteSet } from './route-set';

/**
 * Road-like travel times where a detour is quicker than the direct way: the ride-time bound of a
 * drop-off can fall again further along the route, so the screen must not stop at the first
 * position whose bound is too long (found by insertion-search.exact.property.spec).
 */
const points: [number, number][] = [
  [0, 0],
  [0, 0],
  [0, 0],
  [0, 0],
  [0, 0],
  [0, 0],
  [2, 0],
  [0, 0],
];
const direct = (a: number, b: number): number =>
  Math.round(120 * Math.hypot(points[a][0] - points[b][0], points[a][1] - points[b][1]));
const durationS = (a: number, b: number): number =>
  a === b ? 0 : Math.max(0, direct(a, b) + ((7 * a + 13 * b) % 5) * 90 - 180);

const ride = (id: string, from: number, to: number, maxRideS: number): RideRequest => ({
  id,
  pickupLocation: from,
  dropoffLocation: to,
  load: { seats: id === 'r2' ? 0 : 1, wheelchairs: id === 'r2' ? 1 : 0 },
  pickupServiceS: 0,
  dropoffServiceS: 0,
  maxRideS,
});

const instance: DarpInstance = {
  requests: [
    { ...ride('r0', 6, 1, 706), dropoffWindow: { earliestS: 0, latestS: 781 } },
    { ...ride('r1', 1, 0, 360), pickupWindow: { earliestS: 0, latestS: 300 } },
    { ...ride('r2', 1, 4, 360), pickupWindow: { earliestS: 661, latestS: 961 } },
  ],
  vehicles: [
    {
      id: 'v0',
      capacity: { seats: 1, wheelchairs: 1 },
      shift: { earliestS: 0, latestS: 18000 },
      startLocation: 0,
      endLocation: 0,
      maxRouteDurationS: 7200,
    },
  ],
  travel: { durationS },
};

describe('insertion search where a detour is quicker than the direct way', () => {
  it('finds the cheapest drop-off behind a position whose ride-time bound is too long', () => {
    const ci = compileInstance(instance);
    const rs = new RouteSet(ci);
    rs.insert(1, 0, 0, 0); // r1
    rs.insert(0, 0, 2, 2); // r0 after it
    const search = new InsertionSearch(ci);
    // r2 picked up after r1's drop-off and dropped after r0's: 90 s more driving. Dropping it
    // right after r0's pickup breaks its ride limit, and the screen stopped there.
    const best = search.best(2, 0, rs.routes[0]);
    expect(best).toEqual({ delta: 90, i: 2, j: 4 });
  });
});
