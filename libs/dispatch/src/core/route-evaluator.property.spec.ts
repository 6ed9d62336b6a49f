import * as fc from 'fast-check';
import { checkSolution } from '../checker/solution-checker';
import type { RoutePlan, StopRef } from '../model/dispatch.types';
import { randomWorld, worldInstance } from '../testing/random-instance';
import { compileInstance } from './compiled-instance';
import { routeSetFromPlans } from './plan-conversion';
import { RouteEvaluator } from './route-evaluator';

/** Interleaves the requests' pickups and drop-offs in a random order, pickups first. */
const interleave = (ids: string[], picks: number[]): StopRef[] => {
  const open: StopRef[] = ids.map((requestId) => ({ requestId, type: 'pickup' }));
  const out: StopRef[] = [];
  let k = 0;
  while (open.length > 0) {
    const i = picks[k++ % picks.length] % open.length;
    const s = open.splice(i, 1)[0];
    out.push(s);
    if (s.type === 'pickup') open.push({ requestId: s.requestId, type: 'dropoff' });
  }
  return out;
};

describe('route evaluator (eight-step + exact fallback, and the least-schedule test)', () => {
  it('agrees with the independent checker on random stop sequences', () => {
    fc.assert(
      fc.property(
        randomWorld,
        fc.array(fc.nat(), { minLength: 1, maxLength: 20 }),
        (world, picks) => {
          const requests = world.requests.slice(0, 5);
          const vehicles = world.vehicles.slice(0, 1);
          const instance = worldInstance({ ...world, vehicles }, requests);
          const plan: RoutePlan = {
            vehicleId: vehicles[0].id,
            stops: interleave(
              requests.map((r) => r.id),
              picks,
            ),
          };
          const ci = compileInstance(instance);
          const route = routeSetFromPlans(ci, [plan]).routes[0];
          const evaluator = new RouteEvaluator(ci);
          const truth = checkSolution(instance, [plan]).feasible;
          expect(evaluator.feasible(route, route.length, 0)).toBe(truth);
          expect(evaluator.hasSchedule(route, route.length, 0)).toBe(truth);
        },
      ),
      { numRuns: 400, seed: 5 },
    );
  });
});
