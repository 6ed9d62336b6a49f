import * as fc from 'fast-check';
import { solveDarp } from '../lns/solve-darp';
import type { DarpInstance, Vehicle } from '../model/dispatch.types';
import { randomWorld, worldInstance, type RandomWorld } from '../testing/random-instance';
import { compileInstance, costOf, KINDS, timeOf, tripsOfRoute } from './compiled-instance';
import { InsertionSearch } from './insertion-search';
import { RouteSlack } from './route-slack';
import { routeSetFromPlans } from './plan-conversion';
import type { RouteSet } from './route-set';
import { freshArrays } from './scratch-arena';

/**
 * Cheapest insertion by brute force: every pickup/drop-off position pair, each decided by the
 * exact least-schedule test alone; Infinity when none has a schedule.
 */
function bruteForceDelta(search: InsertionSearch, rs: RouteSet, r: number, v: number): number {
  const route = rs.routes[v];
  const ci = rs.ci;
  if (ci.fixedVehicle[r] >= 0 && ci.fixedVehicle[r] !== v) return Infinity;
  // Arcs only: the route set counts an unused vehicle as staying put (cost 0), while an
  // insertion is priced against the arc from its start to its end.
  const arcs = (nodes: ArrayLike<number>): number => {
    let c = 0;
    for (let k = 1; k < nodes.length; k++) c += costOf(ci, nodes[k - 1], nodes[k]);
    return c;
  };
  // Plus the pooling incentive for each vehicle trip, counted over the whole route.
  const priced = (nodes: ArrayLike<number>, m: number): number =>
    arcs(nodes) + (ci.tripCost ? ci.tripCost * tripsOfRoute(ci, nodes, m) : 0);
  const base = priced(route, route.length);
  let best = Infinity;
  for (let i = 0; i < route.length - 1; i++) {
    for (let j = i; j < route.length - 1; j++) {
      if (ci.onBoard[r] && i !== j) continue;
      const len = search.buildTrial(r, route, i, j);
      const trial = search.trialRoute.subarray(0, len);
      if (!search.evaluator.hasSchedule(trial, len, v)) continue;
      best = Math.min(best, priced(trial, len) - base);
    }
  }
  return best;
}

/**
 * Variants that give the ride-time and duration screens something to cut: tighter ride limits,
 * a short route duration, and (with `bent`) no service times and travel times that break the
 * triangle inequality, so a detour can be negative.
 */
function variant(
  world: RandomWorld,
  maxRideFactor: number,
  bent: boolean,
  tripCost = 0,
): DarpInstance {
  const plain = worldInstance({
    ...world,
    vehicles: world.vehicles.map((veh) => ({ ...veh, maxRouteDurationS: 2 * 3600 })),
    requests: world.requests.map((q) => ({
      ...q,
      maxRideS: Math.round(q.maxRideS * maxRideFactor),
      ...(bent ? { pickupServiceS: 0, dropoffServiceS: 0 } : {}),
    })),
  });
  const priced = { ...plain, tripCost };
  if (!bent) return priced;
  const direct = plain.travel.durationS;
  const durationS = (a: number, b: number): number =>
    a === b ? 0 : Math.max(0, direct(a, b) + ((7 * a + 13 * b) % 5) * 90 - 180);
  return { ...priced, travel: { durationS } };
}

/** The world with the first rider of vehicle 0's plan already on board (drop-off only left). */
function withOnBoard(instance: DarpInstance, firstPickup: string | undefined): DarpInstance {
  if (firstPickup === undefined) return instance;
  const rider = instance.requests.find((q) => q.id === firstPickup);
  if (!rider) return instance;
  const vehicles: Vehicle[] = instance.vehicles.map((veh, k) =>
    k === 0
      ? {
          ...veh,
          availableFrom: { location: rider.pickupLocation, timeS: 0 },
          onBoard: [{ requestId: rider.id, pickupDepartureS: 0 }],
        }
      : veh,
  );
  return { ...instance, vehicles };
}

function withinPlaces(nodes: ArrayLike<number>, m: number, v: number, ci: RouteSet['ci']): boolean {
  let seats = 0;
  let wheelchairs = 0;
  for (let k = 0; k < m; k++) {
    seats += ci.load[nodes[k] * KINDS];
    wheelchairs += ci.load[nodes[k] * KINDS + 1];
    if (seats > ci.cap[v * KINDS] || wheelchairs > ci.cap[v * KINDS + 1]) return false;
  }
  return true;
}

/** A solved random world as a route set, with the variants above; null when nothing fits. */
function plannedRoutes(
  world: RandomWorld,
  factor: number,
  bent: boolean,
  onBoard: boolean,
  seed: number,
  tripCost = 0,
): RouteSet {
  let instance = variant(world, factor, bent, tripCost);
  let plans = solveDarp(instance, { seed, maxIterations: 30 }).plans;
  if (onBoard) {
    const first = plans[0].stops[0];
    const rider = first?.type === 'pickup' ? first.requestId : undefined;
    instance = withOnBoard(instance, rider);
    plans = plans.map((p, k) =>
      k === 0 ? { ...p, stops: p.stops.filter((s) => s !== first) } : p,
    );
  }
  const ci = compileInstance(instance);
  return routeSetFromPlans(ci, plans);
}

const worlds = fc.tuple(
  randomWorld,
  fc.constantFrom(0.8, 1, 1.2),
  fc.boolean(),
  fc.boolean(),
  fc.integer({ min: 1, max: 1000 }),
  // The pooling incentive: none, the service's, and one that outweighs any detour.
  fc.constantFrom(0, 600, 20000),
);

describe('insertion search (screens, then the exact test)', () => {
  it('finds the cheapest insertion that brute force with the exact test finds, trips priced', () => {
    fc.assert(
      fc.property(worlds, ([world, factor, bent, onBoard, seed, tripCost]) => {
        const rs = plannedRoutes(world, factor, bent, onBoard, seed, tripCost);
        const ci = rs.ci;
        const search = new InsertionSearch(ci);
        for (let r = 0; r < ci.nReq; r++) {
          const home = rs.vehicleOf[r];
          if (home >= 0) rs.remove(r);
          for (let v = 0; v < ci.nVeh; v++) {
            const want = bruteForceDelta(search, rs, r, v);
            // One request per route (the online insertion) and many (the repair loop, which
            // also uses the sufficient test).
            const got = search.best(r, v, rs.routes[v]);
            search.prepare(rs.routes[v], true);
            const many = search.bestPreparedDelta(r, v, rs.routes[v]);
            if (want === Infinity) {
              expect(got).toBeNull();
              expect(many).toBe(Infinity);
              continue;
            }
            expect(got).not.toBeNull();
            expect(got!.delta).toBeCloseTo(want, 6);
            expect(many).toBeCloseTo(want, 6);
            expect([search.foundI, search.foundJ]).toEqual([got!.i, got!.j]);
            const len = search.buildTrial(r, rs.routes[v], got!.i, got!.j);
            expect(search.evaluator.hasSchedule(search.trialRoute, len, v)).toBe(true);
          }
          // Back in, so later requests meet routes of several riders (the on-board rider's
          // changed start can leave no place for some).
          const back = home >= 0 ? search.best(r, home, rs.routes[home]) : null;
          if (back) rs.insert(r, home, back.i, back.j);
        }
      }),
      { numRuns: 300, seed: 13 },
    );
  });

  it('never calls an insertion surely feasible that the exact test rejects', () => {
    fc.assert(
      fc.property(worlds, ([world, factor, bent, onBoard, seed]) => {
        const rs = plannedRoutes(world, factor, bent, onBoard, seed);
        const ci = rs.ci;
        const search = new InsertionSearch(ci);
        const slack = new RouteSlack(ci, freshArrays);
        const legTime = new Float64Array(2 * ci.nReq + 4);
        let sure = 0;
        for (let r = 0; r < ci.nReq; r++) {
          const home = rs.vehicleOf[r];
          if (home >= 0) rs.remove(r);
          for (let v = 0; v < ci.nVeh; v++) {
            const route = rs.routes[v];
            for (let k = 1; k < route.length; k++) legTime[k] = timeOf(ci, route[k - 1], route[k]);
            slack.prepare(route, v, legTime, search.evaluator);
            for (let i = 0; i < route.length - 1; i++) {
              for (let j = i; j < route.length - 1; j++) {
                if (ci.onBoard[r] && i !== j) continue;
                if (ci.fixedVehicle[r] >= 0 && ci.fixedVehicle[r] !== v) continue;
                const len = search.buildTrial(r, route, i, j);
                if (!withinPlaces(search.trialRoute, len, v, ci)) continue; // the screen's part
                if (!slack.surelyFits(r, i, j)) continue;
                sure++;
                expect(search.evaluator.hasSchedule(search.trialRoute, len, v)).toBe(true);
              }
            }
          }
          const back = home >= 0 ? search.best(r, home, rs.routes[home]) : null;
          if (back) rs.insert(r, home, back.i, back.j);
        }
        return sure >= 0;
      }),
      { numRuns: 300, seed: 17 },
    );
  });
});
