import { offerRide } from '../online/offer-ride';
import { checkFeasibleSchedule } from '../online/schedule-check';
import { bus, lineInstance, ride } from '../testing/line-fixture';
import { nearestFeasibleTimes, type AlternativeSearch } from './nearest-feasible-times';

/**
 * One one-seat bus on a line (1 km/min), waiting at km 20 from 0 s. R1 (10 -> 40) is promised a
 * pickup at 30-35 min, so the bus is taken from about 30 to 61 min. R2 (20 -> 30, ten minutes'
 * drive) asked at 30 min does not fit; asked at 0 it is done before R1 (the bus then reaches R1
 * by 31 min), asked at 80 min the bus is back from R1 in time (81.5 min). Nothing in between.
 */
const A = bus('A', {
  capacity: { seats: 1, wheelchairs: 0 },
  shift: { earliestS: 0, latestS: 7200 },
  startLocation: 20,
  endLocation: 20,
});
const R1 = ride('R1', 10, 40, {
  pickupWindow: { earliestS: 1800, latestS: 2100 },
  confirmed: true,
});
const instance = lineInstance([R1], [A]);
const plans = [
  {
    vehicleId: 'A',
    stops: [
      { requestId: 'R1', type: 'pickup' as const },
      { requestId: 'R1', type: 'dropoff' as const },
    ],
  },
];
const promise = { windowS: 300, beforeS: 0 };
/** R2 as a depart-at request at `t`: five minutes to be picked up. */
const requestAt = (t: number) =>
  ride('R2', 20, 30, { pickupWindow: { earliestS: t, latestS: t + 300 } });
const search: AlternativeSearch = { maxShiftS: 3600, stepS: 600 };
const feasible = (t: number) => {
  const o = offerRide(instance, plans, requestAt(t), { promise });
  if (o.kind !== 'offer') return false;
  const withR2 = { ...instance, requests: [...instance.requests, requestAt(t)] };
  return checkFeasibleSchedule(withR2, o.plan) !== null;
};

describe('nearestFeasibleTimes: another time instead of a no', () => {
  it('is asked for a ride the insertion refuses', () => {
    expect(feasible(1800)).toBe(false);
  });

  it('offers the nearest earlier and later times at which the insertion takes the ride', () => {
    const found = nearestFeasibleTimes(instance, plans, requestAt, 1800, { promise, search });
    expect(found).toEqual([
      { timeS: 0, shiftS: -1800 },
      { timeS: 4800, shiftS: 3000 },
    ]);
  });

  it('offers only times that are feasible, and none nearer that is not skipped as infeasible', () => {
    for (const stepS of [300, 600, 900]) {
      const found = nearestFeasibleTimes(instance, plans, requestAt, 1800, {
        promise,
        search: { maxShiftS: 3600, stepS },
      });
      for (const a of found) {
        expect(feasible(a.timeS)).toBe(true);
        const sign = Math.sign(a.shiftS);
        for (let s = stepS; s < Math.abs(a.shiftS); s += stepS)
          expect(feasible(1800 + sign * s)).toBe(false);
      }
      // a direction with nothing offered has nothing feasible within reach
      for (const sign of [-1, 1])
        if (!found.some((a) => Math.sign(a.shiftS) === sign))
          for (let s = stepS; s <= 3600; s += stepS) expect(feasible(1800 + sign * s)).toBe(false);
    }
  });

  it('leaves out times that may not be booked and directions a train rules out', () => {
    expect(
      nearestFeasibleTimes(instance, plans, requestAt, 1800, {
        promise,
        search,
        allowed: (t) => t >= 600,
      }),
    ).toEqual([{ timeS: 4800, shiftS: 3000 }]);
    // To catch a train: only earlier; after a train: only later.
    expect(
      nearestFeasibleTimes(instance, plans, requestAt, 1800, { promise, search, train: 'catch' }),
    ).toEqual([{ timeS: 0, shiftS: -1800 }]);
    expect(
      nearestFeasibleTimes(instance, plans, requestAt, 1800, { promise, search, train: 'arrive' }),
    ).toEqual([{ timeS: 4800, shiftS: 3000 }]);
  });

  it('looks no further than the limit, and not at all when it is 0', () => {
    expect(
      nearestFeasibleTimes(instance, plans, requestAt, 1800, {
        promise,
        search: { maxShiftS: 1200, stepS: 600 },
      }),
    ).toEqual([]);
    expect(
      nearestFeasibleTimes(instance, plans, requestAt, 1800, {
        promise,
        search: { maxShiftS: 0, stepS: 600 },
      }),
    ).toEqual([]);
  });
});
