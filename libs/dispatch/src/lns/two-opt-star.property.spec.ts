import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { parseCordeau } from '../benchmark/cordeau-format';
import { checkSolution } from '../checker/solution-checker';
import { compileInstance } from '../core/compiled-instance';
import { plansFromRouteSet, routeSetFromPlans } from '../core/plan-conversion';
import { RouteEvaluator } from '../core/route-evaluator';
import type { DarpInstance } from '../model/dispatch.types';
import { createRng } from '../model/seeded-rng';
import { randomWorld, worldInstance } from '../testing/random-instance';
import { Repairer } from './repair-operators';
import { solveDarp } from './solve-darp';
import { TwoOptStar } from './two-opt-star';

const DIR = path.resolve(__dirname, '../../../../bench/darp/instances');

/** Plans by noisy greedy insertion (poor on purpose, so tails are worth swapping), then 2-opt*. */
function descendFromNoisyStart(instance: DarpInstance, seed: number) {
  const ci = compileInstance(instance);
  const rs = routeSetFromPlans(ci, []);
  const all = Array.from({ length: ci.nReq }, (_, r) => r);
  new Repairer(ci).insert(rs, all, 1, 0.5, createRng(seed));
  const before = rs.totalCost();
  const saved = new TwoOptStar(ci, new RouteEvaluator(ci)).descend(rs);
  return { rs, before, saved };
}

describe('2-opt* between routes', () => {
  it('keeps every plan feasible by the independent checker, at the cost it reports (property)', () => {
    let improved = 0;
    fc.assert(
      fc.property(
        randomWorld,
        fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
        fc.integer({ min: 1, max: 1000 }),
        (world, away, seed) => {
          // Buses waiting away from their depots make the swapped tails end somewhere else.
          const vehicles = world.vehicles.map((v, k) => ({
            ...v,
            endLocation: away[k] % 2 === 0 ? v.endLocation : away[k] % world.points.length,
          }));
          // A cost per vehicle trip, as the dispatch objective has.
          const tripCost = seed % 2 ? 600 : 0;
          const instance = { ...worldInstance({ ...world, vehicles }), tripCost };
          const { rs, before, saved } = descendFromNoisyStart(instance, seed);
          const check = checkSolution(instance, plansFromRouteSet(rs), {
            allowUnassignedUnconfirmed: true,
          });
          expect(check.violations).toEqual([]);
          expect(check.cost).toBeCloseTo(rs.totalCost(), 6);
          // The saving it reports is the real one, trips included.
          expect(rs.totalCost()).toBeCloseTo(before - saved, 6);
          if (saved > 0) improved++;
        },
      ),
      { numRuns: 400, seed: 23 },
    );
    // The property must have seen real swaps, not only routes left as they were.
    expect(improved).toBeGreaterThan(10);
  });

  it('shortens a poor plan of a Cordeau instance and keeps it feasible', () => {
    const parsed = parseCordeau('a8-64', fs.readFileSync(path.join(DIR, 'a8-64.txt'), 'utf8'));
    const { rs, before, saved } = descendFromNoisyStart(parsed.instance, 1);
    expect(saved).toBeGreaterThan(0);
    const check = checkSolution(parsed.instance, plansFromRouteSet(rs));
    expect(check.violations).toEqual([]);
    expect(check.cost).toBeCloseTo(before - saved, 6);
  });

  it('leaves the LNS results feasible when applied after every repair', () => {
    const parsed = parseCordeau('a4-40', fs.readFileSync(path.join(DIR, 'a4-40.txt'), 'utf8'));
    const sol = solveDarp(parsed.instance, { seed: 3, maxIterations: 2000 });
    const check = checkSolution(parsed.instance, sol.plans);
    expect(check.violations).toEqual([]);
    expect(check.cost).toBeCloseTo(sol.cost, 6);
  });
});
