import * as fc from 'fast-check';
import { checkSolution } from '../checker/solution-checker';
import type { DarpInstance, Vehicle } from '../model/dispatch.types';
import { ride as lineRide } from '../testing/line-fixture';
import { randomWorld, worldInstance, type RandomWorld } from '../testing/random-instance';
import { solveDarp } from './solve-darp';

/**
 * Travel times of a road network, where a detour can be quicker than the direct way (the triangle
 * inequality fails): taking a stop out of a route can then make the rest late.
 */
function roadLike(world: RandomWorld): DarpInstance {
  const plain = worldInstance({
    ...world,
    vehicles: world.vehicles.map((veh) => ({ ...veh, maxRouteDurationS: 2 * 3600 })),
    requests: world.requests.map((q) => ({
      ...q,
      maxRideS: Math.round(q.maxRideS * 0.8),
      pickupServiceS: 0,
      dropoffServiceS: 0,
    })),
  });
  const direct = plain.travel.durationS;
  const durationS = (a: number, b: number): number =>
    a === b ? 0 : Math.max(0, direct(a, b) + ((7 * a + 13 * b) % 5) * 90 - 180);
  return { ...plain, travel: { durationS } };
}

/** A line-fixture ride with its ride-time limit and a pickup window opening at 0. */
function ride(id: string, from: number, to: number, maxRideS: number, latestS: number) {
  return lineRide(id, from, to, { maxRideS, pickupWindow: { earliestS: 0, latestS } });
}

function bus(id: string, maxRouteDurationS?: number): Vehicle {
  return {
    id,
    capacity: { seats: 1, wheelchairs: 0 },
    shift: { earliestS: 0, latestS: 18000 },
    startLocation: 0,
    endLocation: 0,
    maxRouteDurationS,
  };
}

describe('LNS on random small instances (property)', () => {
  it('keeps every route on time in a case the property found (a removal left a route late)', () => {
    const world: RandomWorld = {
      points: [[0, 7], ...Array.from({ length: 9 }, (): [number, number] => [0, 0])],
      requests: [
        ride('r0', 7, 0, 1308, 660),
        ride('r1', 1, 9, 300, 930),
        ride('r2', 1, 0, 1308, 300),
        ride('r3', 5, 2, 300, 660),
      ],
      vehicles: [bus('v0', 14400), bus('v1')],
    };
    const instance = roadLike(world);
    const sol = solveDarp(instance, { seed: 1, maxIterations: 60 });
    const res = checkSolution(instance, sol.plans, { allowUnassignedUnconfirmed: true });
    expect(res.violations).toEqual([]);
  });
  it('returns only feasible schedules when detours can be quicker than direct ways', () => {
    fc.assert(
      fc.property(randomWorld, fc.integer({ min: 1, max: 1000 }), (world, seed) => {
        const instance = roadLike(world);
        const sol = solveDarp(instance, { seed, maxIterations: 60 });
        const res = checkSolution(instance, sol.plans, { allowUnassignedUnconfirmed: true });
        expect(res.violations).toEqual([]);
      }),
      { numRuns: 500, seed: 17 },
    );
  });

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
