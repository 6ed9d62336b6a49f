import { TripTally } from '@app/domain';
import type { DarpInstance, RideRequest, Vehicle } from '../model/dispatch.types';
import { freshArrays, type ArraySource } from './scratch-arena';

/** Number of kinds of place: seats and wheelchair places. */
export const KINDS = 2;

/**
 * Flat, typed-array form of a {@link DarpInstance} for the inner loops. Node layout:
 * pickup of request r = r, its drop-off = nReq + r, start of vehicle v = 2 nReq + 2v, its end =
 * 2 nReq + 2v + 1. Times and costs are matrices over the instance's distinct locations, read as
 * `locTime[loc[a] * nLoc + loc[b]]`, so the loops never call the ports. Online, many requests
 * share few stops (about 112 in Kusel against 1,600 nodes for 800 requests), so this costs nLoc²
 * port calls per compilation instead of nNodes²; on Cordeau instances nLoc is about nNodes.
 */
export interface CompiledInstance {
  readonly nReq: number;
  readonly nVeh: number;
  readonly nNodes: number;
  readonly e: Float64Array;
  readonly l: Float64Array;
  readonly svc: Float64Array;
  /** Load change per node and kind, index node * KINDS + k. */
  readonly load: Int32Array;
  /** Compact location index per node (0..nLoc). */
  readonly loc: Int32Array;
  /** Number of distinct locations. */
  readonly nLoc: number;
  /** The caller's location index per compact location. */
  readonly locIds: Float64Array;
  /** Travel time between compact locations, index a * nLoc + b. */
  readonly locTime: Float64Array;
  /** Arc cost between compact locations; the same array as `locTime` without a cost port. */
  readonly locCost: Float64Array;
  readonly maxRide: Float64Array;
  /** Vehicle a request must stay on (on board), or -1. */
  readonly fixedVehicle: Int32Array;
  /** 1 when only the drop-off is left to plan. */
  readonly onBoard: Uint8Array;
  readonly confirmed: Uint8Array;
  readonly cap: Int32Array;
  readonly maxDur: Float64Array;
  /** Objective cost of each vehicle trip (run from empty to empty); see {@link DarpInstance}. */
  readonly tripCost: number;
  readonly requestIds: readonly string[];
  readonly vehicleIds: readonly string[];
  /** Index of a request by id, or undefined. */
  requestIndex(id: string): number | undefined;
  /** Index of a vehicle by id, or undefined. */
  vehicleIndex(id: string): number | undefined;
}

export const startNode = (ci: CompiledInstance, v: number): number => 2 * ci.nReq + 2 * v;
export const endNode = (ci: CompiledInstance, v: number): number => 2 * ci.nReq + 2 * v + 1;

/** Travel time from node a to node b (outside the hot loops, which index `locTime` directly). */
export const timeOf = (ci: CompiledInstance, a: number, b: number): number =>
  ci.locTime[ci.loc[a] * ci.nLoc + ci.loc[b]];

/**
 * True when a stop of a request never shortens a leg it is put into: for every request node x
 * and locations a, b, time(a, x) + service(x) + time(x, b) >= time(a, b) (the triangle
 * inequality, with the service time to spare). Then a route's schedules bound those of the
 * route with an insertion from below. O(nLoc³) once per compiled instance (60 ms at 290
 * locations); meant for a search that runs many iterations.
 */
export function detoursNeverShorten(ci: CompiledInstance): boolean {
  let known = detourAnswers.get(ci);
  if (known === undefined) {
    known = checkDetours(ci);
    detourAnswers.set(ci, known);
  }
  return known;
}

const detourAnswers = new WeakMap<CompiledInstance, boolean>();

function checkDetours(ci: CompiledInstance): boolean {
  const { nLoc, locTime, loc, svc, nReq } = ci;
  const minSvc = new Float64Array(nLoc).fill(Infinity);
  for (let x = 0; x < 2 * nReq; x++) {
    if (svc[x] < minSvc[loc[x]]) minSvc[loc[x]] = svc[x];
  }
  for (let c = 0; c < nLoc; c++) {
    const sc = minSvc[c];
    if (sc === Infinity) continue;
    for (let a = 0; a < nLoc; a++) {
      const via = locTime[a * nLoc + c] + sc;
      const rowA = a * nLoc;
      const rowC = c * nLoc;
      for (let b = 0; b < nLoc; b++) {
        if (via + locTime[rowC + b] < locTime[rowA + b]) return false;
      }
    }
  }
  return true;
}

/** Largest arc cost between the instance's locations. */
export function maxArcCost(ci: CompiledInstance): number {
  let maxArc = 0;
  const c = ci.locCost;
  for (let k = 0; k < c.length; k++) if (c[k] > maxArc) maxArc = c[k];
  return maxArc;
}

/**
 * Vehicle trips of a route (start node, stops, end node) by the rule the service figures count
 * them with ({@link TripTally}, the domain's): a node is a stop at its location, riders on board
 * at the start board at the start node. `tally` is reset and left holding the route's state.
 */
export function tripsOfRoute(
  ci: CompiledInstance,
  route: ArrayLike<number>,
  m: number,
  tally: TripTally = new TripTally(),
): number {
  tally.reset();
  for (let k = 0; k < m; k++) foldNode(ci, tally, route[k]);
  return tally.trips;
}

/** Folds node n into `tally`: its load change over every kind, as riders on or off. */
export function foldNode(ci: CompiledInstance, tally: TripTally, n: number): void {
  const change = ci.load[n * KINDS] + ci.load[n * KINDS + 1];
  tally.stop(ci.loc[n], change > 0 ? change : 0, change < 0 ? -change : 0);
}

/** Arc cost from node a to node b. */
export const costOf = (ci: CompiledInstance, a: number, b: number): number =>
  ci.locCost[ci.loc[a] * ci.nLoc + ci.loc[b]];

function vehicleStart(v: Vehicle): { location: number; timeS: number } {
  const from = v.availableFrom;
  return from
    ? { location: from.location, timeS: Math.max(from.timeS, v.shift.earliestS) }
    : { location: v.startLocation, timeS: v.shift.earliestS };
}

/**
 * Builds the typed-array form; implied windows are tightened (valid for every solution). With an
 * `arrays` source (a {@link ScratchArena}) the arrays are views into reused slabs and the result
 * is valid until the arena's next reset.
 */
export function compileInstance(
  inst: DarpInstance,
  arrays: ArraySource = freshArrays,
): CompiledInstance {
  const reqs = inst.requests;
  const vehs = inst.vehicles;
  const nReq = reqs.length;
  const nVeh = vehs.length;
  const nNodes = 2 * nReq + 2 * nVeh;
  const e = arrays.float64(nNodes);
  const l = arrays.float64(nNodes);
  const svc = arrays.float64(nNodes);
  const load = arrays.int32(nNodes * KINDS);
  const raw = arrays.float64(nNodes); // the caller's location per node
  const maxRide = arrays.float64(nReq);
  const fixedVehicle = arrays.int32(nReq).fill(-1);
  const onBoard = arrays.uint8(nReq);
  const confirmed = arrays.uint8(nReq);
  const cap = arrays.int32(nVeh * KINDS);
  const maxDur = arrays.float64(nVeh);
  const requestIds = arrays.strings(0, nReq);
  for (let i = 0; i < nReq; i++) requestIds[i] = reqs[i].id;
  const vehicleIds = arrays.strings(1, nVeh);
  for (let i = 0; i < nVeh; i++) vehicleIds[i] = vehs[i].id;
  const requestIndex = arrays.index(0, requestIds);
  const vehicleIndex = arrays.index(1, vehicleIds);

  reqs.forEach((r: RideRequest, i) => {
    const p = i;
    const d = nReq + i;
    raw[p] = r.pickupLocation;
    raw[d] = r.dropoffLocation;
    svc[p] = r.pickupServiceS;
    svc[d] = r.dropoffServiceS;
    e[p] = r.pickupWindow?.earliestS ?? -Infinity;
    l[p] = r.pickupWindow?.latestS ?? Infinity;
    e[d] = r.dropoffWindow?.earliestS ?? -Infinity;
    l[d] = r.dropoffWindow?.latestS ?? Infinity;
    load[p * KINDS] = r.load.seats;
    load[p * KINDS + 1] = r.load.wheelchairs;
    load[d * KINDS] = -r.load.seats;
    load[d * KINDS + 1] = -r.load.wheelchairs;
    maxRide[i] = r.maxRideS;
    confirmed[i] = r.confirmed ? 1 : 0;
  });

  vehs.forEach((v, k) => {
    const s = 2 * nReq + 2 * k;
    const start = vehicleStart(v);
    raw[s] = start.location;
    raw[s + 1] = v.endLocation;
    e[s] = start.timeS;
    l[s] = v.shift.latestS;
    e[s + 1] = start.timeS;
    l[s + 1] = v.shift.latestS;
    cap[k * KINDS] = v.capacity.seats;
    cap[k * KINDS + 1] = v.capacity.wheelchairs;
    maxDur[k] = v.maxRouteDurationS ?? Infinity;
    for (const ob of v.onBoard ?? []) {
      const r = requestIndex(ob.requestId);
      if (r === undefined)
        throw new Error(`on-board request ${ob.requestId} is not in the instance`);
      onBoard[r] = 1;
      fixedVehicle[r] = k;
      // The ride started at the pickup; its limit becomes a deadline on the drop-off.
      l[nReq + r] = Math.min(l[nReq + r], ob.pickupDepartureS + maxRide[r]);
      load[s * KINDS] += reqs[r].load.seats;
      load[s * KINDS + 1] += reqs[r].load.wheelchairs;
    }
  });

  const { loc, locIds } = compactLocations(raw, arrays);
  const nLoc = locIds.length;
  const locTime = arrays.float64(nLoc * nLoc);
  const costs = inst.costs;
  const locCost = costs ? arrays.float64(nLoc * nLoc) : locTime;
  for (let a = 0; a < nLoc; a++) {
    const from = locIds[a];
    for (let b = 0; b < nLoc; b++) {
      // The diagonal is asked too: two nodes at one stop are joined by port(a, a).
      locTime[a * nLoc + b] = inst.travel.durationS(from, locIds[b]);
      if (costs) locCost[a * nLoc + b] = costs.cost(from, locIds[b]);
    }
  }

  // Implied windows from the ride-time limit and the direct ride (Cordeau 2006, section 2).
  for (let r = 0; r < nReq; r++) {
    if (onBoard[r]) continue;
    const p = r;
    const d = nReq + r;
    const direct = locTime[loc[p] * nLoc + loc[d]];
    e[p] = Math.max(e[p], e[d] - maxRide[r] - svc[p]);
    l[p] = Math.min(l[p], l[d] - direct - svc[p]);
    e[d] = Math.max(e[d], e[p] + svc[p] + direct);
    l[d] = Math.min(l[d], l[p] + svc[p] + maxRide[r]);
  }

  return {
    nReq,
    nVeh,
    nNodes,
    e,
    l,
    svc,
    load,
    loc,
    nLoc,
    locIds,
    locTime,
    locCost,
    maxRide,
    fixedVehicle,
    onBoard,
    confirmed,
    cap,
    maxDur,
    tripCost: inst.tripCost ?? 0,
    requestIds,
    vehicleIds,
    requestIndex,
    vehicleIndex,
  };
}

/**
 * Numbers the distinct locations in order of first appearance. A direct lookup table serves the
 * usual small non-negative indices (stop or node numbers); anything else goes through a Map.
 */
function compactLocations(
  raw: Float64Array,
  arrays: ArraySource,
): { loc: Int32Array; locIds: Float64Array } {
  const n = raw.length;
  const loc = arrays.int32(n);
  const ids: number[] = [];
  let max = -1;
  let small = true;
  for (let k = 0; k < n; k++) {
    const x = raw[k];
    if (!(Number.isInteger(x) && x >= 0)) small = false;
    else if (x > max) max = x;
  }
  if (small && max < 4 * n + 1024) {
    const slot = arrays.int32(max + 1).fill(-1);
    for (let k = 0; k < n; k++) {
      const x = raw[k];
      if (slot[x] < 0) {
        slot[x] = ids.length;
        ids.push(x);
      }
      loc[k] = slot[x];
    }
  } else {
    const slot = new Map<number, number>();
    for (let k = 0; k < n; k++) {
      const x = raw[k];
      let c = slot.get(x);
      if (c === undefined) {
        c = ids.length;
        slot.set(x, c);
        ids.push(x);
      }
      loc[k] = c;
    }
  }
  return { loc, locIds: Float64Array.from(ids) };
}
