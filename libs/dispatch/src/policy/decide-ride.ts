import { solveDarp } from '../lns/solve-darp';
import type { DarpInstance, RideRequest, RoutePlan } from '../model/dispatch.types';
import type { PromisePolicy } from '../model/service-area.rules';
import { offerRide } from '../online/offer-ride';
import type { Offer, Rejection } from '../online/offer.types';
import { onTimePart } from './late-vehicles';
import { bookingInstance } from './planning-objective';

/** How hard the dispatcher tries to make room for a ride before saying no. */
export interface MakeRoomOptions {
  /** LNS iterations over the fleet's open plans with the new ride in them. */
  maxIterations: number;
  seed: number;
  /**
   * Wall-clock cap (with `now`), so a full fleet cannot hold the county's planning lock for long;
   * the replay leaves it out and stays repeatable.
   */
  timeLimitMs?: number;
  now?: () => number;
}

export interface DecideOptions {
  promise: PromisePolicy;
  /** Re-plan the other rides to make room before a rejection; null: insertion only. */
  makeRoom?: MakeRoomOptions | null;
}

/** An offer, with the other vehicles' plans that had to change to make room for it. */
export interface Decision extends Offer {
  /** New plans of other vehicles (never the offered one), empty when nothing moved. */
  replanned: RoutePlan[];
}

/** Whether plan `a` exists and visits the same stops as `b`, in the same order. */
export const samePlan = (a: RoutePlan | undefined, b: RoutePlan): boolean =>
  !!a &&
  a.stops.length === b.stops.length &&
  a.stops.every((s, i) => s.requestId === b.stops[i].requestId && s.type === b.stops[i].type);

/**
 * The dispatcher's decision on one new ride, the same for the worker, the day replay, the what-if
 * and the benchmarks: the cheapest insertion ({@link offerRide}), by added drive with a vehicle
 * trip priced at one second (`bookingInstance`: the improvement runs do the pooling); when no vehicle has room, the
 * open plans of the whole fleet are re-planned with the new ride among them (adaptive LNS,
 * {@link solveDarp}, every promise a hard window; a bus running late keeps its plan,
 * {@link onTimePart}) and, if that finds it a place, the ride is
 * offered into the re-planned fleet. Only then is the answer no.
 *
 * @param instance the fleet and the requests already planned (not the new one)
 * @param plans the not yet driven stops of every vehicle
 */
export function decideRide(
  instance: DarpInstance,
  plans: readonly RoutePlan[],
  request: RideRequest,
  options: DecideOptions,
): Decision | Rejection {
  const booking = bookingInstance(instance);
  const first = offerRide(booking, plans, request, { promise: options.promise });
  if (first.kind === 'offer') return { ...first, replanned: [] };
  if (first.reason !== 'no_feasible_insertion' || !options.makeRoom) return first;
  // A bus running late keeps its plan; the others are re-planned around it.
  const part = onTimePart(instance, plans);
  const withNew: DarpInstance = {
    ...part.instance,
    requests: [...part.instance.requests, request],
  };
  const solution = solveDarp(withNew, options.makeRoom, part.plans);
  if (solution.unassigned.includes(request.id)) return first;
  const others = [
    ...solution.plans.map((p) => ({
      vehicleId: p.vehicleId,
      stops: p.stops.filter((s) => s.requestId !== request.id),
    })),
    ...plans.filter((p) => part.lateVehicleIds.includes(p.vehicleId)),
  ];
  const second = offerRide(booking, others, request, { promise: options.promise });
  if (second.kind === 'rejection') return first;
  const replanned = others.filter(
    (p) =>
      p.vehicleId !== second.vehicleId &&
      !samePlan(
        plans.find((q) => q.vehicleId === p.vehicleId),
        p,
      ),
  );
  return { ...second, replanned };
}
