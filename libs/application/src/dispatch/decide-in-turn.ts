import {
  checkFeasibleSchedule,
  decideRide,
  instanceRelativeTo,
  nearestFeasibleTimes,
  requestRelativeTo,
  TIME_CURABLE_REJECTIONS,
  type AlternativeSearch,
  type BookingFacts,
  type DarpInstance,
  type Decision,
  type MakeRoomSearch,
  type PromisePolicy,
  type Rejection,
  type RideRequest,
  type RoutePlan,
} from '@app/dispatch';
import type { BookingEntity } from '@app/persistence';
import { DispatchDataError } from './fleet-snapshot';
import { fromS, toS } from './ride-request.mapper';

/**
 * A promise in the fleet's own seconds (Unix seconds for the worker, seconds of the day for the
 * replay).
 */
export type PromiseFacts = NonNullable<BookingFacts['promise']>;

/**
 * The fleet a turn decides on (port): the worker's adapter is the snapshot it loads with TypeORM
 * (`loadFleetSnapshot`, bookings are `BookingEntity` rows), the day replay's is its fleet in
 * memory (bookings are generated requests). Times in the fleet's own seconds; the turn moves
 * them to `TurnOptions.originS`.
 */
export interface TurnFleet<B extends { id: string }> {
  /** The vehicles and the rides already planned (not the bookings to decide). */
  instance: DarpInstance;
  /** The not yet driven stops of every vehicle of `instance`. */
  plans: readonly RoutePlan[];
  /** Bookings to decide left out for bad data (unknown stop, no road), and why. */
  unplannable: ReadonlyMap<string, string>;
  /**
   * The engine's request for a booking; with `as.promise` it holds that promise (as once stored),
   * with `as.requestedS` it is asked for that time instead of its own.
   */
  rideRequestOf(booking: B, as?: { promise?: PromiseFacts; requestedS?: number }): RideRequest;
}

/** The policy's answer for one booking of a batch. */
export interface TurnDecision<B = BookingEntity> {
  booking: B;
  result: Decision | Rejection;
  /** With a rejection for lack of room: the nearest requested times that fit (fleet seconds). */
  alternativesS?: number[];
}

export interface DecidedInTurn<B = BookingEntity> {
  /** In the order decided. */
  decisions: TurnDecision<B>[];
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

export interface TurnOptions<B = BookingEntity> {
  promise: PromisePolicy;
  /**
   * Re-plan the others to make room before a no: each booking's search (its seed from the booking,
   * as the day replay seeds it: `makeRoomSearch`), and optionally a wall-clock cap per re-planning
   * with its clock; null: insertion only.
   */
  makeRoom?: {
    searchOf: (booking: B) => MakeRoomSearch;
    timeLimitMs?: number;
    now?: () => number;
  } | null;
  /**
   * Wall-clock cap on making room over the whole batch (its clock is `makeRoom.now`): past it,
   * bookings without room are decided by the insertion alone.
   */
  makeRoomBatchLimitMs?: number;
  /** The fleet's second the engine counts from: the worker's `planningOriginS`, the replay's 0. */
  originS: number;
  /**
   * After a rejection for lack of room, look for the nearest times the insertion would take the
   * ride at ({@link nearestFeasibleTimes}); `allowed` says whether a time (fleet seconds) may be
   * booked for the booking at all, `timeOf` gives its requested time and the train it connects
   * with, which says the ways it may move (the worker's: {@link storedBookingTime}). Null: a
   * plain no.
   */
  alternatives?: {
    search: AlternativeSearch;
    allowed: (booking: B, timeS: number) => boolean;
    timeOf: (booking: B) => { requestedS: number; train: 'catch' | 'arrive' | null };
  } | null;
}

/** A stored booking's requested time (Unix seconds) and the train it connects with. */
export const storedBookingTime = (
  b: BookingEntity,
): { requestedS: number; train: BookingEntity['trainRole'] } => ({
  requestedS: toS(b.requestedTime),
  train: b.trainRole,
});

/**
 * Decides new bookings one after another on one fleet snapshot, each by the dispatch policy
 * ({@link decideRide}: the cheapest insertion, re-planning the others to make room before a no)
 * just as if it came alone: after a yes, the ride joins the fleet with its promise as hard
 * windows and the vehicles' plans change in memory, so the next booking sees the fleet as it
 * would see it stored. Making room is tried while the batch's re-planning time lasts. A booking
 * that throws (or whose result does not check out) is left out, the fleet stays as before it,
 * and the others go on.
 *
 * The one decision step of the worker (`AssignBookingService`, a batch of stored bookings) and the
 * day replay (`runDay`, each generated request as it is booked).
 *
 * @param bookings bookings the fleet does not plan yet, in the order to decide them
 */
export function decideInTurn<B extends { id: string }>(
  snapshot: TurnFleet<B>,
  bookings: readonly B[],
  options: TurnOptions<B>,
): DecidedInTurn<B> {
  const { makeRoomBatchLimitMs = Infinity, makeRoom: room, promise, originS } = options;
  const clock = room?.now ?? (() => 0);
  const requestOf = (b: B, as?: { promise?: PromiseFacts; requestedS?: number }) =>
    requestRelativeTo(snapshot.rideRequestOf(b, as), originS);
  let instance = instanceRelativeTo(snapshot.instance, originS);
  const plans = new Map(snapshot.plans.map((p) => [p.vehicleId, p]));
  const changed = new Map<string, RoutePlan>();
  const decisions: TurnDecision<B>[] = [];
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
        const promised = requestOf(booking, { promise: promiseOf(result, originS) });
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
        const at = (t: number) => requestOf(booking, { requestedS: originS + t });
        const { requestedS, train } = alt.timeOf(booking);
        const found = nearestFeasibleTimes(instance, fleet, at, requestedS - originS, {
          promise,
          search: alt.search,
          train,
          allowed: (t) => alt.allowed(booking, originS + t),
        });
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

/**
 * The offer's promise in the fleet's seconds (planned from `originS`), to whole milliseconds as
 * stored.
 */
export function promiseOf(offer: Decision, originS: number): PromiseFacts {
  const at = (s: number) => Math.round((originS + s) * 1000) / 1000;
  return {
    pickupFromS: at(offer.promise.pickupWindow.earliestS),
    pickupToS: at(offer.promise.pickupWindow.latestS),
    latestArrivalS: at(offer.promise.latestArrivalS),
  };
}

/** The booking as it reads once the offer's promise (from `originS`) is stored. */
export function withPromise(b: BookingEntity, offer: Decision, originS: number): BookingEntity {
  const p = promiseOf(offer, originS);
  return {
    ...b,
    promisedPickupFrom: fromS(p.pickupFromS),
    promisedPickupTo: fromS(p.pickupToS),
    promisedLatestArrival: fromS(p.latestArrivalS),
  };
}
