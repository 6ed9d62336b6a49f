import { checkSolution } from '../checker/solution-checker';
import { solveDarp } from '../lns/solve-darp';
import type { RoutePlan } from '../model/dispatch.types';
import { bus, lineInstance, passingRide, ride, stopOrder } from '../testing/line-fixture';
import { offerRide } from './offer-ride';
import type { Offer } from './offer.types';
import { checkFeasibleSchedule } from './schedule-check';

const { a, c, planA } = passingRide;
const order = stopOrder;

describe('insertion: the pooling incentive (cost per vehicle trip)', () => {
  it('without it, takes the cheapest drive and opens a second trip', () => {
    const offer = offerRide(lineInstance([a], [bus('v1')]), planA, c) as Offer;
    expect(order(offer.plan.stops)).toEqual(['pa', 'da', 'pc', 'dc']);
    expect(offer.addedCost).toBe(0);
  });

  it('with a trip cost of five minutes, carries c while a is on board', () => {
    const instance = { ...lineInstance([a], [bus('v1')]), tripCost: 300 };
    const offer = offerRide(instance, planA, c) as Offer;
    expect(order(offer.plan.stops)).toEqual(['pa', 'pc', 'dc', 'da']);
    expect(offer.addedCost).toBe(120);
    expect(offer.schedule.stops.map((s) => s.loadAfter.seats)).toEqual([1, 2, 1, 0]);
  });

  it('counts each run from empty to empty in the cost of a schedule', () => {
    const instance = { ...lineInstance([a, c], [bus('v1')]), tripCost: 300 };
    const stops = (ids: string[]) =>
      ids.map((x) => ({ requestId: x.slice(1), type: x[0] === 'p' ? 'pickup' : 'dropoff' }));
    const apart = { vehicleId: 'v1', stops: stops(['pa', 'da', 'pc', 'dc']) } as RoutePlan;
    const pooled = { vehicleId: 'v1', stops: stops(['pa', 'pc', 'dc', 'da']) } as RoutePlan;
    expect(checkFeasibleSchedule(instance, apart)?.cost).toBe(1200 + 2 * 300);
    expect(checkFeasibleSchedule(instance, pooled)?.cost).toBe(1320 + 300);
  });

  it('counts a bus that lets riders off and takes others on at one place as two trips', () => {
    // Rider a rides to the station at km 5; rider t comes off the train there and rides to 8.
    // Whichever gets on or off first at the station, a and t never ride together (a has no time
    // to ride along to 8 and back).
    const toStation = ride('a', 2, 5, { maxRideS: 300 });
    const fromTrain = ride('t', 5, 8);
    const instance = { ...lineInstance([toStation], [bus('v1')]), tripCost: 300 };
    const offer = offerRide(instance, planA, fromTrain) as Offer;
    expect(offer.addedCost).toBe(360 + 300);
    const both = { ...lineInstance([toStation, fromTrain], [bus('v1')]), tripCost: 300 };
    const stops = (ids: string[]) =>
      ids.map((x) => ({ requestId: x.slice(1), type: x[0] === 'p' ? 'pickup' : 'dropoff' }));
    for (const ids of [
      ['pa', 'da', 'pt', 'dt'],
      ['pa', 'pt', 'da', 'dt'],
    ]) {
      const plan = { vehicleId: 'v1', stops: stops(ids) } as RoutePlan;
      expect(checkFeasibleSchedule(both, plan)?.cost).toBe(960 + 2 * 300);
      expect(checkSolution(both, [plan]).cost).toBe(960 + 2 * 300);
    }
  });

  it('makes the search plan both riders in one trip', () => {
    const plain = solveDarp(lineInstance([a, c], [bus('v1')]), { seed: 1, maxIterations: 50 });
    expect(order(plain.plans[0].stops)).toEqual(['pa', 'da', 'pc', 'dc']);
    const priced = { ...lineInstance([a, c], [bus('v1')]), tripCost: 300 };
    const pooled = solveDarp(priced, { seed: 1, maxIterations: 50 });
    expect(order(pooled.plans[0].stops)).toEqual(['pa', 'pc', 'dc', 'da']);
    expect(pooled.cost).toBe(1320 + 300);
    expect(checkSolution(priced, pooled.plans).cost).toBe(pooled.cost);
  });
});
