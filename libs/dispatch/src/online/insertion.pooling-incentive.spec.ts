import { solveDarp } from '../lns/solve-darp';
import type { RoutePlan } from '../model/dispatch.types';
import { bus, lineInstance, ride } from '../testing/line-fixture';
import { offerRide } from './offer-ride';
import type { Offer } from './offer.types';
import { checkFeasibleSchedule } from './schedule-check';

const order = (stops: RoutePlan['stops']): string[] =>
  stops.map((s) => `${s.type[0]}${s.requestId}`);

/**
 * One bus on a line (1 km/min) from and back to km 0. Rider a rides 2 -> 10; rider c rides 4 -> 3
 * and may spend at most two minutes on board. Taking c after a costs no extra driving (the bus
 * passes 4 and 3 on its way home) but opens a second vehicle trip; taking c while a is on board
 * costs two kilometres (120 s) more and keeps one trip.
 */
const a = ride('a', 2, 10, { maxRideS: 900 });
const c = ride('c', 4, 3, { maxRideS: 120 });
const planA: RoutePlan[] = [
  {
    vehicleId: 'v1',
    stops: [
      { requestId: 'a', type: 'pickup' },
      { requestId: 'a', type: 'dropoff' },
    ],
  },
];

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

  it('makes the search plan both riders in one trip', () => {
    const plain = solveDarp(lineInstance([a, c], [bus('v1')]), { seed: 1, maxIterations: 50 });
    expect(order(plain.plans[0].stops)).toEqual(['pa', 'da', 'pc', 'dc']);
    const pooled = solveDarp(
      { ...lineInstance([a, c], [bus('v1')]), tripCost: 300 },
      { seed: 1, maxIterations: 50 },
    );
    expect(order(pooled.plans[0].stops)).toEqual(['pa', 'pc', 'dc', 'da']);
    expect(pooled.cost).toBe(1320 + 300);
  });
});
