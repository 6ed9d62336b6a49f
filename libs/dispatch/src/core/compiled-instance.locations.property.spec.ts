import * as fc from 'fast-check';
import { solveDarp } from '../lns/solve-darp';
import type {
  DarpInstance,
  RideRequest,
  RoutePlan,
  Schedule,
  Vehicle,
} from '../model/dispatch.types';
import { offerRide } from '../online/offer-ride';
import { confirmPromise, plansWithOffer } from '../online/promise';
import { randomWorld, worldInstance, type RandomWorld } from '../testing/random-instance';
import { compileInstance, costOf, timeOf } from './compiled-instance';

/**
 * The same world with one location of its own per node, numbered sparsely (so the compaction
 * takes its Map path): the node-to-node layout the engine compiled before location matrices.
 * `pointOf` maps every new location back to the shared point.
 */
function onePlacePerNode(w: RandomWorld): {
  instance: (requests: readonly RideRequest[]) => DarpInstance;
  requests: RideRequest[];
  pointOf: Map<number, number>;
} {
  const pointOf = new Map<number, number>();
  let next = 0;
  const fresh = (point: number): number => {
    const id = 1_000_003 + 7919 * next++;
    pointOf.set(id, point);
    return id;
  };
  const requests = w.requests.map((r) => ({
    ...r,
    pickupLocation: fresh(r.pickupLocation),
    dropoffLocation: fresh(r.dropoffLocation),
  }));
  const vehicles: Vehicle[] = w.vehicles.map((v) => ({
    ...v,
    startLocation: fresh(v.startLocation),
    endLocation: fresh(v.endLocation),
  }));
  const base = worldInstance(w).travel;
  const travel = {
    durationS: (a: number, b: number) =>
      base.durationS(pointOf.get(a) as number, pointOf.get(b) as number),
  };
  return { instance: (requests) => ({ requests, vehicles, travel }), requests, pointOf };
}

/** Schedules with locations mapped back to the shared points, for comparison. */
const normalised = (schedules: readonly Schedule[], pointOf?: Map<number, number>) =>
  schedules.map((s) => ({
    ...s,
    stops: s.stops.map((x) => ({ ...x, location: pointOf?.get(x.location) ?? x.location })),
  }));

describe('location matrices (property)', () => {
  it('compile the same travel times and costs as one location per node', () => {
    fc.assert(
      fc.property(randomWorld, (world) => {
        const shared = compileInstance(worldInstance(world));
        const split = onePlacePerNode(world);
        const own = compileInstance(split.instance(split.requests));
        expect(own.nLoc).toBe(own.nNodes);
        expect(shared.nLoc).toBeLessThanOrEqual(world.points.length);
        for (let a = 0; a < shared.nNodes; a++) {
          for (let b = 0; b < shared.nNodes; b++) {
            if (a === b) continue;
            expect(timeOf(shared, a, b)).toBe(timeOf(own, a, b));
            expect(costOf(shared, a, b)).toBe(costOf(own, a, b));
          }
        }
        expect(Array.from(shared.e)).toEqual(Array.from(own.e));
        expect(Array.from(shared.l)).toEqual(Array.from(own.l));
      }),
      { numRuns: 100, seed: 23 },
    );
  });

  it('give the same offers, promises and schedules online and the same LNS result', () => {
    fc.assert(
      fc.property(randomWorld, fc.integer({ min: 1, max: 1000 }), (world, seed) => {
        const split = onePlacePerNode(world);
        let reqA: RideRequest[] = [];
        let reqB: RideRequest[] = [];
        let plansA: RoutePlan[] = [];
        let plansB: RoutePlan[] = [];
        world.requests.forEach((req, k) => {
          const a = offerRide(worldInstance(world, reqA), plansA, req);
          const b = offerRide(split.instance(reqB), plansB, split.requests[k]);
          expect(b.kind).toBe(a.kind);
          if (a.kind === 'rejection' || b.kind === 'rejection') {
            expect(b).toEqual(a);
            return;
          }
          expect(b.promise).toEqual(a.promise);
          expect(b.addedCost).toBe(a.addedCost);
          expect(b.plan).toEqual(a.plan);
          expect(normalised([b.schedule], split.pointOf)).toEqual(normalised([a.schedule]));
          reqA = [...reqA, confirmPromise(req, a.promise)];
          reqB = [...reqB, confirmPromise(split.requests[k], b.promise)];
          plansA = plansWithOffer(plansA, a);
          plansB = plansWithOffer(plansB, b);
        });
        const all = world.requests.map((r) => reqA.find((x) => x.id === r.id) ?? r);
        const allB = split.requests.map((r) => reqB.find((x) => x.id === r.id) ?? r);
        const solA = solveDarp(worldInstance(world, all), { seed, maxIterations: 30 }, plansA);
        const solB = solveDarp(split.instance(allB), { seed, maxIterations: 30 }, plansB);
        expect(solB.plans).toEqual(solA.plans);
        expect(solB.cost).toBe(solA.cost);
        expect(normalised(solB.schedules, split.pointOf)).toEqual(normalised(solA.schedules));
      }),
      { numRuns: 60, seed: 29 },
    );
  });
});
