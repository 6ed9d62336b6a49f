import * as fc from 'fast-check';
import { checkSolution } from '../checker/solution-checker';
import type { RideRequest, RoutePlan } from '../model/dispatch.types';
import { offerRide } from '../online/offer-ride';
import { confirmPromise, plansWithOffer } from '../online/promise';
import { randomWorld, worldInstance } from '../testing/random-instance';
import { improveSchedules } from './solve-darp';

/**
 * Between trips a bus waits where it dropped its last rider, and it still has to drive home to
 * its depot at the end. The improvement search must not plan more driving than it started from,
 * counting that drive home for every bus, busy or not.
 */
describe('improvement search with buses away from their depots (property)', () => {
  it('never plans more driving than the plans it started from', () => {
    fc.assert(
      fc.property(
        randomWorld,
        fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
        fc.integer({ min: 1, max: 1000 }),
        (world, away, seed) => {
          const vehicles = world.vehicles.map((v, k) => ({
            ...v,
            availableFrom: { location: away[k] % world.points.length, timeS: 0 },
          }));
          const w = { ...world, vehicles };
          let requests: RideRequest[] = [];
          let plans: RoutePlan[] = [];
          for (const req of w.requests) {
            const res = offerRide(worldInstance(w, requests), plans, req);
            if (res.kind === 'rejection') continue;
            requests = [...requests, confirmPromise(req, res.promise)];
            plans = plansWithOffer(plans, res);
          }
          const instance = worldInstance(w, requests);
          const before = checkSolution(instance, plans);
          expect(before.violations).toEqual([]);
          const improved = improveSchedules(instance, plans, { seed, maxIterations: 60 });
          const after = checkSolution(instance, improved.plans);
          expect(after.violations).toEqual([]);
          expect(after.cost).toBeLessThanOrEqual(before.cost + 1e-6);
          expect(improved.cost).toBeCloseTo(after.cost, 6);
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});
