import { TIME_EPS } from '../core/route-evaluator';
import type { DarpInstance, RideRequest, Schedule } from './dispatch.types';

/**
 * A time this close to a whole millisecond is that millisecond: above the noise of Unix seconds
 * (a double's step there is 2.4e-7 s), below the engine's tolerance.
 */
const NOISE_S = TIME_EPS / 2;

/**
 * Whole milliseconds, as instants are stored, rounded the way that loosens: `down` for a time
 * that may come earlier (a window's opening, when a vehicle is free), `up` for one that may come
 * later (a window's end, when an on-board rider left the pickup). The engine plans tight (pickups
 * as late as the promises let them), so a time rounded to the nearest millisecond the other way
 * broke plans it had made itself, by a fraction of a millisecond.
 */
function ms(s: number, way: 'down' | 'up'): number {
  if (!Number.isFinite(s)) return s;
  const nearest = Math.round(s * 1000) / 1000;
  if (Math.abs(s - nearest) <= NOISE_S) return nearest;
  return (way === 'down' ? Math.floor(s * 1000) : Math.ceil(s * 1000)) / 1000;
}

/**
 * The instance with every time counted from `originS` (e.g. Unix seconds from the start of the
 * planned window), to whole milliseconds, never tighter than given (see `ms`): a plan feasible
 * in the caller's seconds stays feasible. The engine compares times with tolerances of 1e-6 and
 * 1e-9 s; in Unix seconds (1.8e9, where a double's step is 2.4e-7 s) its sums round by more than
 * that, and the worker searched the same fleet differently from the day replay, which counts
 * seconds of its day. Times of the engine's results are then relative to `originS` as well
 * ({@link scheduleAbsolute}).
 */
export function instanceRelativeTo(instance: DarpInstance, originS: number): DarpInstance {
  const window = windowRelativeTo(originS);
  return {
    ...instance,
    requests: instance.requests.map((r) => requestRelativeTo(r, originS)),
    vehicles: instance.vehicles.map((v) => ({
      ...v,
      shift: window(v.shift),
      availableFrom: v.availableFrom && {
        ...v.availableFrom,
        timeS: ms(v.availableFrom.timeS - originS, 'down'),
      },
      // Its ride-time limit counts from here: later loosens the deadline of its drop-off.
      onBoard: v.onBoard?.map((o) => ({
        ...o,
        pickupDepartureS: ms(o.pickupDepartureS - originS, 'up'),
      })),
    })),
  };
}

/** A request with its windows counted from `originS`, as in {@link instanceRelativeTo}. */
export function requestRelativeTo(request: RideRequest, originS: number): RideRequest {
  const window = windowRelativeTo(originS);
  return {
    ...request,
    pickupWindow: window(request.pickupWindow),
    dropoffWindow: window(request.dropoffWindow),
  };
}

function windowRelativeTo(originS: number) {
  return <W extends { earliestS: number; latestS: number } | undefined>(w: W): W =>
    (w && {
      earliestS: ms(w.earliestS - originS, 'down'),
      latestS: ms(w.latestS - originS, 'up'),
    }) as W;
}

/** A schedule planned on {@link instanceRelativeTo}, in the caller's seconds again. */
export function scheduleAbsolute(schedule: Schedule, originS: number): Schedule {
  const at = (t: number) => t + originS;
  return {
    ...schedule,
    departureS: at(schedule.departureS),
    endArrivalS: at(schedule.endArrivalS),
    stops: schedule.stops.map((s) => ({
      ...s,
      arrivalS: at(s.arrivalS),
      serviceStartS: at(s.serviceStartS),
      departureS: at(s.departureS),
    })),
  };
}
