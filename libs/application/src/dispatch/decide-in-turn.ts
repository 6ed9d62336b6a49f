import {
  checkFeasibleSchedule,
  decideRide,
  instanceRelativeTo,
  nearestFeasibleTimes,
  requestRelativeTo,
  TIME_CURABLE_REJECTIONS,
  type AlternativeSearch,
  type DarpInstance,
  type Decision,
  type MakeRoomSearch,
  type PromisePolicy,
  type Rejection,
  type RoutePlan,
} from '@app/dispatch';
import type { BookingEntity } from '@app/persistence';
import { DispatchDataError, type FleetSnapshot } from './fleet-snapshot';
import { fromS, toS } from './ride-request.mapper';

/** The policy's answer for one booking of a batch. */
export interface TurnDecision {
  booking: BookingEntity;
  result: Decision | Rejection;
  /** With a rejection for lack of room: the nearest requested times that fit (Unix seconds). */
  alternativesS?: number[];
}

export interface DecidedInTurn {
  /** In the order decided. */
  decisions: TurnDecision[];
  /** Bookings no decision was reached for (bad data, or a fault), with why; they stay requested. */
  failed: Map<string, Error>;
  /** Unix seconds the turn's times count from (promises, `instance`; see `scheduleAbsolute`). */
  originS: number;
  /** The fleet after the batch: every ride offered in it planned with its promise. */
  instance: DarpInstance;
  /** The final plans of the vehicles the batch changed, by the engine's vehicle id. */
  changed: Map<string, RoutePlan>;
  /** Rides without room for which the fleet was re-planned, and the time that took. */
  makeRoom: { runs: number; ms: number };
}

export interface TurnOptions {
  promise: PromisePolicy;
  /**
   * Re-plan the others to make room before a no: each booking's search (its seed from the booking,
   * as the day replay seeds it: `makeRoomSearch`), and optionally a wall-clock cap per re-planning
   * with its clock; null: insertion only.
   */
  makeRoom?: {
    searchOf: (booking: BookingEntity) => MakeRoomSearch;
    timeLimitMs?: number;
    now?: () => number;
  } | null;
  /**
   * Wall-clock cap on making room over the whole batch (its clock is `makeRoom.now`): past it,
   * bookings without room are decided by the insertion alone.
   */
  makeRoomBatchLimitMs?: number;
  /** Unix seconds the engine counts from (`planningOriginS`), as the day replay its day. */
  originS: number;
  /**
   * After a rejection for lack of room, look for the nearest times the insertion would take the
   * ride at ({@link nearestFeasibleTimes}); `allowed` says whether a time (Unix seconds) may be
   * booked for the booking at all. Null: a plain no.
   */
  alternatives?: {
    search: AlternativeSearch;
    allowed: (booking: BookingEntity, timeS: number) => boolean;
  } | null;
}

/**
 * Decides new bookings one after another on one fleet snapshot, each by the dispatch policy
 * ({@link decideRide}: the cheapest insertion, re-planning the others to make room before a no)
 * just as if it came alone: after a yes, the ride joins the fleet with its promise as hard
 * windows and the vehicles' plans change in memory, so the next booking sees the fleet as it
 * would see it stored. Making room is tried while the batch's re-planning time lasts. A booking
 * that throws (or whose result does not check out) is left out, the fleet stays as before it,
 * and the others go on.
 *
 * @param bookings new bookings of the snapshot's `extraBookings`, in the order to decide them
 */
export function decideInTurn(
  snapshot: FleetSnapshot,
  bookings: readonly BookingEntity[],
  options: TurnOptions,
): DecidedInTurn {
  const { makeRoomBatchLimitMs = Infinity, makeRoom: room, promise, originS } = options;
  const clock = room?.now ?? (() => 0);
  const requestOf = (b: BookingEntity) => requestRelativeTo(snapshot.rideRequestOf(b), originS);
  let instance = instanceRelativeTo(snapshot.instance, originS);
  const plans = new Map(snapshot.plans.map((p) => [p.vehicleId, p]));
  const changed = new Map<string, RoutePlan>();
  const decisions: TurnDecision[] = [];
  const failed = new Map<string, Error>();
  const makeRoom = { runs: 0, ms: 0 };
  for (const booking of bookings) {
    const unplannable = snapshot.unplannable.get(booking.id);
    if (unplannable) {
      failed.set(booking.id, new DispatchDataError(unplannable));
      continue;
    }
    try {
      const request = requestOf(booking);
      const fleet = [...plans.values()];
      let result = decideRide(instance, fleet, request, { promise, makeRoom: null });
      const left = makeRoomBatchLimitMs - makeRoom.ms;
      if (
        result.kind === 'rejection' &&
        result.reason === 'no_feasible_insertion' &&
        room &&
        left > 0
      ) {
        const t = clock();
        const capMs = Math.min(room.timeLimitMs ?? Infinity, left);
        result = decideRide(instance, fleet, request, {
          promise,
          makeRoom: {
            ...room.searchOf(booking),
            // Only a finite cap reads the clock: without one the search is repeatable.
            ...(Number.isFinite(capMs) ? { timeLimitMs: capMs, now: room.now } : {}),
          },
        });
        makeRoom.runs++;
        makeRoom.ms += clock() - t;
      }
      if (result.kind === 'offer') {
        const promised = requestOf(withPromise(booking, result, originS));
        const next = { ...instance, requests: [...instance.requests, promised] };
        const updates = [result.plan, ...result.replanned];
        for (const p of updates) {
          if (!checkFeasibleSchedule(next, p))
            throw new Error(
              `plan of ${p.vehicleId} does not hold with the promise to ${booking.id}`,
            );
        }
        instance = next;
        for (const p of updates) {
          plans.set(p.vehicleId, p);
          changed.set(p.vehicleId, p);
        }
      }
      const alt = options.alternatives;
      if (
        result.kind === 'rejection' &&
        TIME_CURABLE_REJECTIONS.includes(result.reason) &&
        alt &&
        alt.search.maxShiftS > 0
      ) {
        const at = (t: number) => requestOf({ ...booking, requestedTime: fromS(originS + t) });
        const found = nearestFeasibleTimes(
          instance,
          fleet,
          at,
          toS(booking.requestedTime) - originS,
          {
            promise,
            search: alt.search,
            train: booking.trainRole,
            allowed: (t) => alt.allowed(booking, originS + t),
          },
        );
        decisions.push({ booking, result, alternativesS: found.map((a) => originS + a.timeS) });
        continue;
      }
      decisions.push({ booking, result });
    } catch (e) {
      failed.set(booking.id, e instanceof Error ? e : new Error(String(e)));
    }
  }
  return { decisions, failed, originS, instance, changed, makeRoom };
}

/** The booking as it reads once the offer's promise (from `originS`) is stored. */
export function withPromise(b: BookingEntity, offer: Decision, originS: number): BookingEntity {
  return {
    ...b,
    promisedPickupFrom: fromS(originS + offer.promise.pickupWindow.earliestS),
    promisedPickupTo: fromS(originS + offer.promise.pickupWindow.latestS),
    promisedLatestArrival: fromS(originS + offer.promise.latestArrivalS),
  };
}
