import { solveDarp } from '../lns/solve-darp';
import { confirmPromise } from '../online/promise';
import { bus, lineInstance, passingRide, stopOrder } from '../testing/line-fixture';
import { decideRide } from './decide-ride';
import { BOOKING_TRIP_COST_S, planningInstance, TRIP_COST_S } from './planning-objective';

const { a, c, planA } = passingRide;
const order = stopOrder;
const promise = { windowS: 900, beforeS: 450 };

describe('decideRide: the booking takes the shortest added drive', () => {
  it('prices a vehicle trip at one second, not at the objective trip cost', () => {
    // The objective would pool c (120 s < TRIP_COST_S); the booking insertion does not pin that detour.
    const instance = planningInstance(lineInstance([a], [bus('v1')]));
    expect(instance.tripCost).toBe(TRIP_COST_S);
    const d = decideRide(instance, planA, c, { promise, makeRoom: null });
    if (d.kind !== 'offer') throw new Error(`expected an offer, got ${d.detail}`);
    expect(order(d.plan.stops)).toEqual(['pa', 'da', 'pc', 'dc']);
    expect(d.addedCost).toBe(BOOKING_TRIP_COST_S);
  });

  it('leaves the pooling to the improvement run, within the promise', () => {
    // c's window is wide enough that its promise holds the pooled pickup as well.
    const wide = { ...c, pickupWindow: { earliestS: 0, latestS: 1800 } };
    const instance = planningInstance(lineInstance([a], [bus('v1')]));
    const d = decideRide(instance, planA, wide, { promise: { windowS: 1800, beforeS: 900 } });
    if (d.kind !== 'offer') throw new Error(`expected an offer, got ${d.detail}`);
    const held = confirmPromise(wide, d.promise);
    const improved = solveDarp(planningInstance(lineInstance([a, held], [bus('v1')])), {
      seed: 1,
      maxIterations: 50,
    });
    expect(order(improved.plans[0].stops)).toEqual(['pa', 'pc', 'dc', 'da']);
  });

  it('keeps the objective trip cost where the instance has none (no pooling incentive)', () => {
    const d = decideRide(lineInstance([a], [bus('v1')]), planA, c, { promise, makeRoom: null });
    if (d.kind !== 'offer') throw new Error(`expected an offer, got ${d.detail}`);
    expect(d.addedCost).toBe(0);
  });
});
