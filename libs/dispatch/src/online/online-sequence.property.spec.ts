import * as fc from 'fast-check';
import { checkSolution } from '../checker/solution-checker';
import { improveSchedules } from '../lns/solve-darp';
import type { RideRequest, RoutePlan } from '../model/dispatch.types';
import { randomWorld, worldInstance } from '../testing/random-instance';
import { offerRide } from './offer-ride';
import type { RidePromise } from './offer.types';
import { confirmPromise, plansWithOffer } from './promise';

describe('online insertion sequences (property)', () => {
  it('every offered schedule passes the checker, promises hold, LNS keeps them', () => {
    fc.assert(
      fc.property(randomWorld, fc.integer({ min: 1, max: 1000 }), (world, seed) => {
        let requests: RideRequest[] = [];
        let plans: RoutePlan[] = [];
        const promises: RidePromise[] = [];
        for (const req of world.requests) {
          const res = offerRide(worldInstance(world, requests), plans, req);
          if (res.kind === 'rejection') continue;
          // The checker sees the original request: the offer must respect its own windows too.
          const trial = plansWithOffer(plans, res);
          expect(checkSolution(worldInstance(world, [...requests, req]), trial).violations).toEqual(
            [],
          );
          promises.push(res.promise);
          requests = [...requests, confirmPromise(req, res.promise)];
          plans = trial;
        }
        const instance = worldInstance(world, requests);
        expect(checkSolution(instance, plans).violations).toEqual([]);
        const before = checkSolution(instance, plans).cost;
        const improved = improveSchedules(instance, plans, { seed, maxIterations: 30 });
        expect(improved.unassigned).toEqual([]);
        const after = checkSolution(instance, improved.plans);
        expect(after.violations).toEqual([]);
        expect(after.cost).toBeLessThanOrEqual(before + 1e-6);
        // Promises, checked against the promise records rather than the tightened requests.
        for (const p of promises) {
          const stops = improved.schedules
            .flatMap((s) => s.stops)
            .filter((s) => s.requestId === p.requestId);
          const pick = stops.find((s) => s.type === 'pickup');
          const drop = stops.find((s) => s.type === 'dropoff');
          expect(pick && pick.serviceStartS >= p.pickupWindow.earliestS - 1e-6).toBe(true);
          expect(pick && pick.serviceStartS <= p.pickupWindow.latestS + 1e-6).toBe(true);
          expect(drop && drop.serviceStartS <= p.latestArrivalS + 1e-6).toBe(true);
        }
      }),
      { numRuns: 60, seed: 42 },
    );
  });
});
