import { compileInstance, endNode, KINDS, startNode, timeOf } from '../core/compiled-instance';
import { InsertionSearch } from '../core/insertion-search';
import { ScratchArena } from '../core/scratch-arena';
import { routeSetFromPlans, scheduleOf } from '../core/plan-conversion';
import { TIME_EPS } from '../core/route-evaluator';
import type { DarpInstance, RideRequest, RoutePlan, Schedule } from '../model/dispatch.types';
import { DEFAULT_PROMISE_POLICY, type PromisePolicy } from '../model/service-area.rules';
import type { Offer, Rejection, RejectionReason } from './offer.types';

export interface OfferOptions {
  promise?: PromisePolicy;
}

/**
 * Typed arrays of the compiled instance and the search, reused from one offer to the next (an
 * offer is synchronous and nothing of the instance leaves it), so a busy day does not make V8
 * collect hundreds of kilobytes of outside-heap memory per booking.
 */
const arena = new ScratchArena();

/**
 * Online insertion: the cheapest feasible place for a new request over all vehicles (least added
 * cost, ties to the earlier pickup, then to the vehicle listed first), with the promise cut from
 * the resulting schedule. Other requests keep their windows (confirmed promises included), so an
 * offer never breaks an earlier promise. Insertion positions are screened in O(1) and confirmed
 * with the exact eight-step check (Cordeau & Laporte 2003); see {@link InsertionSearch}.
 *
 * @param instance the fleet and the requests already planned (not the new one)
 * @param plans the not yet driven stops of every vehicle
 */
export function offerRide(
  instance: DarpInstance,
  plans: readonly RoutePlan[],
  request: RideRequest,
  options: OfferOptions = {},
): Offer | Rejection {
  const policy = options.promise ?? DEFAULT_PROMISE_POLICY;
  const reject = (reason: RejectionReason, detail: string): Rejection => ({
    kind: 'rejection',
    requestId: request.id,
    reason,
    detail,
  });
  const full: DarpInstance = { ...instance, requests: [...instance.requests, request] };
  arena.reset();
  const ci = compileInstance(full, arena);
  const r = ci.nReq - 1;
  const p = r;
  const d = ci.nReq + r;
  const direct = timeOf(ci, p, d);
  if (request.maxRideS + TIME_EPS < direct) {
    return reject('invalid_request', 'maximum ride time is shorter than the direct ride');
  }
  if (ci.e[p] > ci.l[p] + TIME_EPS || ci.e[d] > ci.l[d] + TIME_EPS) {
    return reject('invalid_request', 'windows cannot be met even by the direct ride');
  }
  const fits: number[] = [];
  for (let v = 0; v < ci.nVeh; v++) {
    if (
      ci.load[p * KINDS] <= ci.cap[v * KINDS] &&
      ci.load[p * KINDS + 1] <= ci.cap[v * KINDS + 1]
    ) {
      fits.push(v);
    }
  }
  if (fits.length === 0) return reject('no_vehicle_with_capacity', 'no vehicle has the places');
  // Shift only: the vehicle's shift must start before the pickup closes and leave time to drive
  // the ride and return; clashes with the request's own windows are for the insertion to find.
  const inShift = fits.filter((v) => {
    const s = startNode(ci, v);
    const end = endNode(ci, v);
    const atPickup = Math.max(ci.e[p], ci.e[s] + timeOf(ci, s, p));
    const atDrop = Math.max(ci.e[d], atPickup + ci.svc[p] + direct);
    const back = atDrop + ci.svc[d] + timeOf(ci, d, end);
    return ci.e[s] <= ci.l[p] + TIME_EPS && back <= ci.l[end] + TIME_EPS;
  });
  if (inShift.length === 0) return reject('outside_shift', 'no shift covers the ride');

  const rs = routeSetFromPlans(ci, plans);
  const search = new InsertionSearch(ci, arena);
  const ev = search.evaluator;
  let bestV = -1;
  let bestDelta = Infinity;
  let bestPickupS = Infinity;
  let bestI = -1;
  let bestJ = -1;
  for (const v of inShift) {
    const res = search.best(r, v, rs.routes[v]);
    if (!res || res.delta > bestDelta + 1e-9) continue;
    // The eight-step times decide ties (earlier pickup); the schedule's objects are built for
    // the winner only.
    const len = search.buildTrial(r, rs.routes[v], res.i, res.j);
    if (!ev.feasible(search.trialRoute, len, v)) continue;
    const pickupS = ev.B[res.i + 1];
    const tie = Math.abs(res.delta - bestDelta) <= 1e-9;
    if (tie && bestV >= 0 && pickupS >= bestPickupS) continue;
    bestV = v;
    bestDelta = res.delta;
    bestPickupS = pickupS;
    bestI = res.i;
    bestJ = res.j;
  }
  const bestLen = bestV < 0 ? 0 : search.buildTrial(r, rs.routes[bestV], bestI, bestJ);
  const bestSchedule = bestV < 0 ? null : scheduleOf(ci, ev, search.trialRoute, bestLen, bestV);
  if (bestV < 0 || !bestSchedule) {
    return reject(
      'no_feasible_insertion',
      'no vehicle can take the ride without breaking a promise',
    );
  }

  const planned = pickupTime(bestSchedule, request.id);
  // The promise has the area's window length wherever the rider's own window leaves room: it
  // opens `beforeS` before the plan, or earlier where that window would otherwise be cut short at
  // the latest pickup the rider allows.
  const earliestS = Math.max(ci.e[p], Math.min(planned - policy.beforeS, ci.l[p] - policy.windowS));
  const latestS = Math.min(ci.l[p], earliestS + policy.windowS);
  // A pickup at the end of the window plus the longest allowed ride is the latest arrival the
  // schedule can ever need, so the promise holds whatever later insertions do within it.
  const latestArrivalS = Math.min(ci.l[d], latestS + ci.svc[p] + ci.maxRide[r]);
  const vehicleId = ci.vehicleIds[bestV];
  const stops = bestSchedule.stops.map(({ requestId, type }) => ({ requestId, type }));
  return {
    kind: 'offer',
    vehicleId,
    promise: {
      requestId: request.id,
      vehicleId,
      pickupWindow: { earliestS, latestS },
      latestArrivalS,
    },
    schedule: bestSchedule,
    plan: { vehicleId, stops },
    addedCost: bestDelta,
  };
}

function pickupTime(s: Schedule, requestId: string): number {
  const stop = s.stops.find((x) => x.requestId === requestId && x.type === 'pickup');
  return stop ? stop.serviceStartS : Infinity;
}
