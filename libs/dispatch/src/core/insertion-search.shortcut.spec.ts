import type { DarpInstance } from '../model/dispatch.types';
import { bus, ride } from '../testing/line-fixture';
import { compileInstance } from './compiled-instance';
import { InsertionSearch } from './insertion-search';
import { routeSetFromPlans } from './plan-conversion';

/**
 * Travel times that break the triangle inequality: the road from A to B takes 100 s, but the
 * one through X only 20 s (as a slow direct road beside a fast detour would). Locations: 0 depot,
 * 1 A, 2 B, 3 X, 4 Y, 5 Z.
 */
const times: Record<string, number> = {
  '0-1': 10,
  '1-2': 100,
  '1-3': 10,
  '3-2': 10,
  '2-4': 10,
  '3-4': 20,
  '4-5': 10,
  '2-5': 20,
  '1-5': 40,
  '5-0': 10,
};
const travel = {
  durationS: (a: number, b: number): number => (a === b ? 0 : (times[`${a}-${b}`] ?? 50)),
};
const quick = { pickupServiceS: 0, dropoffServiceS: 0, maxRideS: 10_000 };

describe('insertion search where a stop shortens a leg', () => {
  // On the plan A, B, Z, Z the bus reaches B at 110 s; with X put between A and B it is there
  // at 30 s and reaches Y by 40 s, within the new rider's 45 s.
  const instance: DarpInstance = {
    requests: [
      ride('a', 1, 5, quick),
      ride('b', 2, 5, quick),
      ride('c', 3, 4, { ...quick, dropoffWindow: { earliestS: 0, latestS: 45 } }),
    ],
    vehicles: [bus('v1', { shift: { earliestS: 0, latestS: 10_000 } })],
    travel,
  };
  const plan = {
    vehicleId: 'v1',
    stops: [
      { requestId: 'a', type: 'pickup' as const },
      { requestId: 'b', type: 'pickup' as const },
      { requestId: 'a', type: 'dropoff' as const },
      { requestId: 'b', type: 'dropoff' as const },
    ],
  };

  it('finds the insertion through the shortcut, for one request and in the repair loop', () => {
    const ci = compileInstance(instance);
    const route = routeSetFromPlans(ci, [plan]).routes[0];
    const search = new InsertionSearch(ci);
    const c = ci.requestIndex('c') as number;
    const one = search.best(c, 0, route);
    expect(one).toMatchObject({ i: 1, j: 2 });
    search.prepare(route, true);
    expect(search.bestPreparedDelta(c, 0, route)).toBe(one?.delta);
    expect([search.foundI, search.foundJ]).toEqual([1, 2]);
  });
});
