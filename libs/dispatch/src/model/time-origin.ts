import type { DarpInstance, RideRequest, Schedule } from './dispatch.types';

/** Whole milliseconds, as instants are stored. */
const ms = (s: number) => (Number.isFinite(s) ? Math.round(s * 1000) / 1000 : s);

/**
 * The instance with every time counted from `originS` (e.g. Unix seconds from the start of the
 * planned window), to whole milliseconds. The engine compares times with tolerances of 1e-6 and
 * 1e-9 s; in Unix seconds (1.8e9, where a double's step is 2.4e-7 s) its sums round by more than
 * that, and the worker searched the same fleet differently from the day replay, which counts
 * seconds of its day. Times of the engine's results are then relative to `originS` as well
 * ({@link scheduleAbsolute}).
 */
export function instanceRelativeTo(instance: DarpInstance, originS: number): DarpInstance {
  const at = (t: number) => ms(t - originS);
  const window = windowRelativeTo(originS);
  return {
    ...instance,
    requests: instance.requests.map((r) => requestRelativeTo(r, originS)),
    vehicles: instance.vehicles.map((v) => ({
      ...v,
      shift: window(v.shift),
      availableFrom: v.availableFrom && { ...v.availableFrom, timeS: at(v.availableFrom.timeS) },
      onBoard: v.onBoard?.map((o) => ({ ...o, pickupDepartureS: at(o.pickupDepartureS) })),
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
  const at = (t: number) => ms(t - originS);
  return <W extends { earliestS: number; latestS: number } | undefined>(w: W): W =>
    (w && { earliestS: at(w.earliestS), latestS: at(w.latestS) }) as W;
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
