import * as fc from 'fast-check';
import { checkSolution } from '../checker/solution-checker';
import { randomWorld, worldInstance } from '../testing/random-instance';
import { solveDarp } from './solve-darp';

describe('LNS on random small instances (property)', () => {
  it('returns only schedules the independent checker accepts, at the cost it reports', () => {
    fc.assert(
      fc.property(randomWorld, fc.integer({ min: 1, max: 1000 }), (world, seed) => {
        const instance = worldInstance(world);
        const sol = solveDarp(instance, { seed, maxIterations: 40 });
        const res = checkSolution(instance, sol.plans, { allowUnassignedUnconfirmed: true });
        expect(res.violations).toEqual([]);
        expect(res.cost).toBeCloseTo(sol.cost, 6);
        const planned = new Set(sol.plans.flatMap((p) => p.stops.map((s) => s.requestId)));
        expect(planned.size + sol.unassigned.length).toBe(world.requests.length);
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it('never drops a confirmed request it was given', () => {
    fc.assert(
      fc.property(randomWorld, fc.integer({ min: 1, max: 1000 }), (world, seed) => {
        const first = solveDarp(worldInstance(world), { seed, maxIterations: 20 });
        const kept = new Set(first.plans.flatMap((p) => p.stops.map((s) => s.requestId)));
        const confirmed = world.requests.map((r) =>
          kept.has(r.id) ? { ...r, confirmed: true } : r,
        );
        const instance = worldInstance(world, confirmed);
        const again = solveDarp(instance, { seed: seed + 1, maxIterations: 40 }, first.plans);
        for (const id of kept) expect(again.unassigned).not.toContain(id);
        expect(
          checkSolution(instance, again.plans, { allowUnassignedUnconfirmed: true }).violations,
        ).toEqual([]);
      }),
      { numRuns: 40, seed: 11 },
    );
  });
});
