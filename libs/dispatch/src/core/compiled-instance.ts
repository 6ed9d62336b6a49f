import type { DarpInstance, RideRequest, Vehicle } from '../model/dispatch.types';

/** Number of kinds of place: seats and wheelchair places. */
export const KINDS = 2;

/**
 * Flat, typed-array form of a {@link DarpInstance} for the inner loops. Node layout:
 * pickup of request r = r, its drop-off = nReq + r, start of vehicle v = 2 nReq + 2v, its end =
 * 2 nReq + 2v + 1. Times and costs are node-to-node matrices so the loops never call the ports.
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
  readonly loc: Int32Array;
  readonly time: Float64Array;
  readonly cost: Float64Array;
  readonly maxRide: Float64Array;
  /** Vehicle a request must stay on (on board), or -1. */
  readonly fixedVehicle: Int32Array;
  /** 1 when only the drop-off is left to plan. */
  readonly onBoard: Uint8Array;
  readonly confirmed: Uint8Array;
  readonly cap: Int32Array;
  readonly maxDur: Float64Array;
  readonly requestIds: readonly string[];
  readonly vehicleIds: readonly string[];
  readonly requestIndex: ReadonlyMap<string, number>;
  readonly vehicleIndex: ReadonlyMap<string, number>;
}

export const startNode = (ci: CompiledInstance, v: number): number => 2 * ci.nReq + 2 * v;
export const endNode = (ci: CompiledInstance, v: number): number => 2 * ci.nReq + 2 * v + 1;

function vehicleStart(v: Vehicle): { location: number; timeS: number } {
  const from = v.availableFrom;
  return from
    ? { location: from.location, timeS: Math.max(from.timeS, v.shift.earliestS) }
    : { location: v.startLocation, timeS: v.shift.earliestS };
}

/** Builds the typed-array form; implied windows are tightened (valid for every solution). */
export function compileInstance(inst: DarpInstance): CompiledInstance {
  const reqs = inst.requests;
  const vehs = inst.vehicles;
  const nReq = reqs.length;
  const nVeh = vehs.length;
  const nNodes = 2 * nReq + 2 * nVeh;
  const e = new Float64Array(nNodes);
  const l = new Float64Array(nNodes);
  const svc = new Float64Array(nNodes);
  const load = new Int32Array(nNodes * KINDS);
  const loc = new Int32Array(nNodes);
  const maxRide = new Float64Array(nReq);
  const fixedVehicle = new Int32Array(nReq).fill(-1);
  const onBoard = new Uint8Array(nReq);
  const confirmed = new Uint8Array(nReq);
  const cap = new Int32Array(nVeh * KINDS);
  const maxDur = new Float64Array(nVeh);
  const requestIndex = new Map<string, number>();
  reqs.forEach((r, i) => requestIndex.set(r.id, i));
  const vehicleIndex = new Map<string, number>();
  vehs.forEach((v, i) => vehicleIndex.set(v.id, i));

  reqs.forEach((r: RideRequest, i) => {
    const p = i;
    const d = nReq + i;
    loc[p] = r.pickupLocation;
    loc[d] = r.dropoffLocation;
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
    loc[s] = start.location;
    loc[s + 1] = v.endLocation;
    e[s] = start.timeS;
    l[s] = v.shift.latestS;
    e[s + 1] = start.timeS;
    l[s + 1] = v.shift.latestS;
    cap[k * KINDS] = v.capacity.seats;
    cap[k * KINDS + 1] = v.capacity.wheelchairs;
    maxDur[k] = v.maxRouteDurationS ?? Infinity;
    for (const ob of v.onBoard ?? []) {
      const r = requestIndex.get(ob.requestId);
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

  const time = new Float64Array(nNodes * nNodes);
  const cost = new Float64Array(nNodes * nNodes);
  const costs = inst.costs;
  for (let i = 0; i < nNodes; i++) {
    for (let j = 0; j < nNodes; j++) {
      if (i === j) continue;
      time[i * nNodes + j] = inst.travel.durationS(loc[i], loc[j]);
      cost[i * nNodes + j] = costs ? costs.cost(loc[i], loc[j]) : time[i * nNodes + j];
    }
  }

  // Implied windows from the ride-time limit and the direct ride (Cordeau 2006, section 2).
  for (let r = 0; r < nReq; r++) {
    if (onBoard[r]) continue;
    const p = r;
    const d = nReq + r;
    const direct = time[p * nNodes + d];
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
    time,
    cost,
    maxRide,
    fixedVehicle,
    onBoard,
    confirmed,
    cap,
    maxDur,
    requestIds: reqs.map((r) => r.id),
    vehicleIds: vehs.map((v) => v.id),
    requestIndex,
    vehicleIndex,
  };
}
