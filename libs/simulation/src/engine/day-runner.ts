import { decideInTurn, improveFleet, type TurnFleet } from '@app/application';
import {
  checkFeasibleSchedule,
  improvementSearch,
  IMPROVEMENT_ITERATIONS,
  MAKE_ROOM_ITERATIONS,
  makeRoomSearch,
  planningCadence,
  planningInstance,
  promisePolicyOf,
  rideRequestOf,
  serviceTimesS,
  runMomentsS,
  type ImprovementRun,
  type PlanningCadence,
  type PlanningRules,
  type RoutePlan,
  type DarpInstance,
  type OnBoardRide,
  type RideRequest,
  type Schedule,
  type ScheduledStop,
  type StopRef,
  type Vehicle,
} from '@app/dispatch';
import {
  computeFigures,
  tripsOfStops,
  type StopMoves,
  type RideFact,
  type RideOutcome,
  type ServiceFigures,
  type VehicleFact,
} from '@app/domain';
import type { SimRequest, SimRules, SimVehicle } from '../model/sim.types';
import type { TravelMatrix } from './travel-matrix';

export interface RunDayOptions {
  rules: SimRules;
  /** false: every ride alone (the no-pooling baseline); each ride fills a whole vehicle. */
  pooling?: boolean;
  /** Places inside the service area; requests from or to others are refused. All when omitted. */
  servedCodes?: ReadonlySet<string>;
  /** Called after each booking decision, for progress bars. */
  onProgress?: (done: number, total: number) => void;
  /**
   * When the improvement search runs, as in the dispatch worker (default: every 5 minutes, the
   * worker's IMPROVE_EVERY_MIN default, and the evening run): at each moment of the cadence whose
   * window reaches a shift, with {@link improvementSearch}'s seed; null: never.
   */
  cadence?: PlanningCadence | null;
  /**
   * Search budgets in LNS iterations, so the replay is repeatable: the periodic run, the evening
   * run (used where the cadence has none of its own: a worker with IMPROVE_ITERATIONS and
   * IMPROVE_EVENING_ITERATIONS searches exactly its cadence's), and making room before a
   * rejection (0: off).
   */
  iterations?: { periodic: number; evening: number; makeRoom: number };
  /**
   * Replay only up to this moment (seconds of the day): later events are left out, the vehicles
   * stop there and `plans` holds what each still has to drive (default: the whole day).
   */
  untilS?: number;
}

/** Quick budgets, for the what-if the office runs while it waits. */
export const DEFAULT_REPLAY_ITERATIONS = {
  periodic: 300,
  evening: 3000,
  makeRoom: MAKE_ROOM_ITERATIONS,
};

/**
 * The worker's own budgets (`bench:day`): the dispatch policy's {@link IMPROVEMENT_ITERATIONS},
 * which the worker searches unless configured otherwise, a day taking about a minute of CPU to
 * replay.
 */
export const FULL_REPLAY_ITERATIONS = {
  ...IMPROVEMENT_ITERATIONS,
  makeRoom: MAKE_ROOM_ITERATIONS,
};

export interface DayRunResult {
  figures: ServiceFigures;
  rides: Array<RideFact & { id: string; reason: string | null; vehicleId: string | null }>;
  vehicles: VehicleFact[];
  /** Each shift's stops still to drive when the replay ended, in the fleet's order. */
  plans: Array<{ shiftId: string; callSign: string; stops: StopRef[] }>;
}

interface Shift {
  engine: Vehicle;
  sim: SimVehicle;
  plan: StopRef[];
  schedule: Schedule | null;
  done: Array<ScheduledStop & { loadAfter: { seats: number; wheelchairs: number } }>;
  onBoard: OnBoardRide[];
  load: number;
}

/**
 * Replays a generated day through the dispatch worker's application steps on virtual time
 * (seconds of the day): each request is decided when the rider books by the worker's decision
 * step ({@link decideInTurn}, a batch of one over this fleet in memory; the promise confirmed at
 * once as in the worker's auto-confirm flow), the improvement runs of the cadence by its
 * improvement step ({@link improveFleet}), cancellations drop a ride from its plan, and vehicles
 * drive their schedules as planned (stops whose departure lies before the next event are done).
 * No database, no queue: the what-if and `npm run bench:day` use it to compare settings on the
 * same day.
 */
export function runDay(
  day: readonly SimRequest[],
  fleet: readonly SimVehicle[],
  matrix: TravelMatrix,
  opts: RunDayOptions,
): DayRunResult {
  const steps = replayDay(day, fleet, matrix, opts);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/**
 * {@link runDay} that hands the event loop back every `yieldEvery` events, for a server that
 * replays a day in the background (the what-if) while it answers requests.
 */
export async function runDayInBackground(
  day: readonly SimRequest[],
  fleet: readonly SimVehicle[],
  matrix: TravelMatrix,
  opts: RunDayOptions,
  yieldEvery = 5,
): Promise<DayRunResult> {
  const steps = replayDay(day, fleet, matrix, opts);
  let step = steps.next();
  for (let n = 1; !step.done; n++) {
    if (n % yieldEvery === 0) await new Promise((resolve) => setImmediate(resolve));
    step = steps.next();
  }
  return step.value;
}

/** The replay as steps: one per event (booking, cancellation, improvement run). */
function* replayDay(
  day: readonly SimRequest[],
  fleet: readonly SimVehicle[],
  matrix: TravelMatrix,
  opts: RunDayOptions,
): Generator<void, DayRunResult> {
  const pooling = opts.pooling ?? true;
  const rules: PlanningRules = opts.rules;
  const iterations = opts.iterations ?? DEFAULT_REPLAY_ITERATIONS;
  const given = opts.cadence === undefined ? planningCadence(5) : opts.cadence;
  const cadence = given && {
    ...given,
    periodic: {
      ...given.periodic,
      maxIterations: given.periodic.maxIterations ?? iterations.periodic,
    },
    evening: { ...given.evening, maxIterations: given.evening.maxIterations ?? iterations.evening },
  };
  const travel = { durationS: (a: number, b: number) => matrix.durationS[a][b] };
  const loc = (code: string) => matrix.index.get(code);
  const maxSeats = Math.max(...fleet.map((v) => v.seats));
  const shifts: Shift[] = fleet.flatMap((sim) =>
    sim.shifts.map((s, k) => ({
      engine: {
        id: `${sim.id}/${k}`,
        capacity: { seats: sim.seats, wheelchairs: sim.wheelchairPlaces },
        shift: { earliestS: s.startS, latestS: s.endS },
        startLocation: loc(sim.depotCode) ?? 0,
        endLocation: loc(sim.depotCode) ?? 0,
      },
      sim,
      plan: [],
      schedule: null,
      done: [],
      onBoard: [],
      load: 0,
    })),
  );
  const byReq = new Map<string, SimRequest>(day.map((r) => [r.id, r]));
  const confirmed = new Map<string, RideRequest>();
  const outcome = new Map<string, RideOutcome>();
  const reason = new Map<string, string>();
  const vehicleOf = new Map<string, Shift>();
  const pickupAt = new Map<string, number>();
  const dropoffAt = new Map<string, number>();

  const engineVehicle = (s: Shift): Vehicle => {
    const last = s.done[s.done.length - 1];
    return {
      ...s.engine,
      availableFrom: last ? { location: last.location, timeS: last.departureS } : undefined,
      onBoard: s.onBoard,
    };
  };
  const requestsOf = (list: Shift[]): RideRequest[] => {
    const ids = new Set<string>();
    for (const s of list) {
      s.plan.forEach((r) => ids.add(r.requestId));
      s.onBoard.forEach((o) => ids.add(o.requestId));
    }
    return [...ids].map((id) => confirmed.get(id) as RideRequest);
  };
  const instanceOf = (list: Shift[]): DarpInstance =>
    planningInstance({ requests: requestsOf(list), vehicles: list.map(engineVehicle), travel });
  const reschedule = (s: Shift) => {
    const keep = new Set(s.plan.map((x) => `${x.requestId}/${x.type}`));
    const timed = s.plan.length
      ? checkFeasibleSchedule(instanceOf([s]), { vehicleId: s.engine.id, stops: s.plan })
      : null;
    // A plan that only lost stops stays feasible; should the exact check disagree, keep the
    // old times for the remaining stops rather than lose riders.
    s.schedule =
      timed ??
      (s.schedule && s.plan.length
        ? {
            ...s.schedule,
            stops: s.schedule.stops.filter((x) => keep.has(`${x.requestId}/${x.type}`)),
          }
        : null);
  };

  /** Other vehicles' plans changed by the dispatcher: re-timed, and their riders follow. */
  const applyPlans = (changed: readonly RoutePlan[]) => {
    for (const p of changed) {
      const s = shifts.find((x) => x.engine.id === p.vehicleId) as Shift;
      s.plan = [...p.stops];
      for (const stop of p.stops) vehicleOf.set(stop.requestId, s);
      s.schedule = s.plan.length
        ? checkFeasibleSchedule(instanceOf([s]), { vehicleId: s.engine.id, stops: s.plan })
        : null;
    }
  };
  /** One improvement run of the cadence at its moment t over the shifts it covers. */
  const improveAt = (t: number, run: ImprovementRun) => {
    const from = t + run.fromOffsetS;
    const to = t + run.toOffsetS;
    const open = shifts.filter(
      (s) => s.engine.shift.latestS > Math.max(t, from) && s.engine.shift.earliestS < to,
    );
    const plans = open.map((s) => ({ vehicleId: s.engine.id, stops: s.plan }));
    const search = improvementSearch(run, t);
    if (!('maxIterations' in search) || !search.maxIterations) return;
    if (!plans.some((p) => p.stops.length)) return;
    // The worker's improvement step, by iterations (no clock read).
    applyPlans(improveFleet(instanceOf(open), plans, search).changes.map((c) => c.plan));
  };

  const execute = (s: Shift, stop: ScheduledStop) => {
    const r = byReq.get(stop.requestId) as SimRequest;
    let removedDropoff = false;
    if (stop.type === 'pickup') {
      if (r.noShow) {
        outcome.set(r.id, 'no_show');
        s.plan = s.plan.filter((x) => x.requestId !== r.id);
        removedDropoff = true;
      } else {
        s.onBoard.push({ requestId: r.id, pickupDepartureS: stop.departureS });
        pickupAt.set(r.id, stop.serviceStartS);
        s.load += r.passengers;
      }
    } else {
      s.onBoard = s.onBoard.filter((o) => o.requestId !== r.id);
      dropoffAt.set(r.id, stop.serviceStartS);
      outcome.set(r.id, 'served');
      s.load -= r.passengers;
    }
    s.done.push({ ...stop, loadAfter: { seats: s.load, wheelchairs: 0 } });
    if (removedDropoff) reschedule(s);
  };
  const advance = (t: number) => {
    for (const s of shifts) {
      while (s.schedule && s.schedule.stops.length && s.schedule.stops[0].departureS <= t) {
        const [next, ...rest] = s.schedule.stops;
        s.schedule = { ...s.schedule, stops: rest };
        s.plan = s.plan.slice(1);
        execute(s, next);
      }
    }
  };

  const book = (r: SimRequest, t: number) => {
    const p = loc(r.fromCode);
    const d = loc(r.toCode);
    const served = opts.servedCodes;
    if (
      p === undefined ||
      d === undefined ||
      (served && (!served.has(r.fromCode) || !served.has(r.toCode)))
    ) {
      return refuse(r.id, 'outside_service_area');
    }
    if (r.timeS < opts.rules.openS || r.timeS > opts.rules.closeS)
      return refuse(r.id, 'outside_hours');
    if (r.timeS - t < opts.rules.minNoticeMin * 60 && r.timeKind === 'depart_at')
      return refuse(r.id, 'too_short_notice');
    const directS = matrix.durationS[p][d];
    const open = shifts.filter((s) => s.engine.shift.latestS > t);
    // The in-memory adapter of the worker's fleet snapshot: the replay's own seconds of the day.
    const fleet: TurnFleet<SimRequest> = {
      instance: instanceOf(open),
      plans: open.map((s) => ({ vehicleId: s.engine.id, stops: s.plan })),
      unplannable: new Map(),
      rideRequestOf: (x, as) =>
        rideRequestOf(
          { ...x, requestedS: as?.requestedS ?? x.timeS, promise: as?.promise ?? null },
          { pickup: p, dropoff: d },
          directS,
          rules,
          t,
          pooling ? undefined : maxSeats,
        ),
    };
    // The worker's decision step, a batch of one, seeded by the ride's requested time as the
    // worker seeds it, by iterations only (no clock read): repeatable.
    const turn = decideInTurn(fleet, [r], {
      promise: promisePolicyOf(rules),
      makeRoom: iterations.makeRoom
        ? { searchOf: (x) => makeRoomSearch(x.timeS, iterations.makeRoom) }
        : null,
      originS: 0,
    });
    const failure = turn.failed.get(r.id);
    if (failure) throw failure;
    const offer = turn.decisions[0].result;
    if (offer.kind === 'rejection') return refuse(r.id, offer.reason);
    const s = shifts.find((x) => x.engine.id === offer.vehicleId) as Shift;
    // Held from now on as the worker holds a stored promise.
    confirmed.set(r.id, turn.instance.requests.find((q) => q.id === r.id) as RideRequest);
    applyPlans(offer.replanned);
    s.plan = [...offer.plan.stops];
    s.schedule = offer.schedule;
    for (const stop of s.plan) vehicleOf.set(stop.requestId, s);
    outcome.set(r.id, 'planned');
    vehicleOf.set(r.id, s);
  };
  const refuse = (id: string, why: string) => {
    outcome.set(id, 'rejected');
    reason.set(id, why);
  };
  const cancel = (r: SimRequest) => {
    if (outcome.get(r.id) !== 'planned' || pickupAt.has(r.id)) return;
    const s = vehicleOf.get(r.id) as Shift;
    s.plan = s.plan.filter((x) => x.requestId !== r.id);
    outcome.set(r.id, 'cancelled');
    reschedule(s);
  };

  const ticks: Array<{ t: number; kind: 2 | 3 }> = [];
  if (cadence) {
    // Every moment whose window reaches a shift, as the worker runs them (the evening run the
    // day before covers the prebooked rides of the day, periodic runs from six hours before).
    const first = Math.min(...shifts.map((s) => s.engine.shift.earliestS));
    const last = Math.max(...shifts.map((s) => s.engine.shift.latestS));
    const moments = (run: ImprovementRun) =>
      runMomentsS(run, first - run.toOffsetS, last - run.fromOffsetS);
    if (cadence.improveEveryMin > 0) {
      for (const t of moments(cadence.periodic)) ticks.push({ t, kind: 2 });
    }
    for (const t of moments(cadence.evening)) ticks.push({ t, kind: 3 });
  }
  const untilS = opts.untilS ?? Infinity;
  const events = [
    ...day.map((r) => ({ t: r.bookedAtS, kind: 0, r })),
    ...day
      .filter((r) => r.cancelAtS !== null)
      .map((r) => ({ t: r.cancelAtS as number, kind: 1, r })),
    ...ticks.map((x) => ({ ...x, r: null })),
  ]
    .filter((e) => e.t <= untilS)
    .sort((a, b) => a.t - b.t || a.kind - b.kind);
  let decided = 0;
  for (const e of events) {
    advance(e.t);
    if (e.kind === 0 && e.r) {
      book(e.r, e.t);
      opts.onProgress?.(++decided, day.length);
    } else if (e.kind === 1 && e.r) cancel(e.r);
    else if (e.kind === 2 && cadence) improveAt(e.t, cadence.periodic);
    else if (e.kind === 3 && cadence) improveAt(e.t, cadence.evening);
    yield;
  }
  advance(untilS);

  const rides = day.map((r) => {
    const p = loc(r.fromCode);
    const d = loc(r.toCode);
    const known = p !== undefined && d !== undefined;
    return {
      id: r.id,
      outcome: outcome.get(r.id) ?? 'open',
      reason: reason.get(r.id) ?? null,
      vehicleId: vehicleOf.get(r.id)?.sim.callSign ?? null,
      timeKind: r.timeKind,
      requestedS: r.timeS,
      passengers: r.passengers,
      directS: known ? matrix.durationS[p][d] : 0,
      directM: known ? matrix.distanceM[p][d] : 0,
      pickupS: pickupAt.get(r.id) ?? null,
      dropoffS: dropoffAt.get(r.id) ?? null,
      boardingS: serviceTimesS(r).pickupS,
      promise: promiseOf(confirmed.get(r.id)),
    };
  });
  const vehicles = shifts.map((s) => vehicleFact(s, matrix));
  const plans = shifts.map((s) => ({
    shiftId: s.engine.id,
    callSign: s.sim.callSign,
    stops: s.plan,
  }));
  return { figures: computeFigures(rides, vehicles), rides, vehicles, plans };
}

function promiseOf(r: RideRequest | undefined): RideFact['promise'] {
  if (!r?.confirmed || !r.pickupWindow) return null;
  return {
    pickupFromS: r.pickupWindow.earliestS,
    pickupToS: r.pickupWindow.latestS,
    latestArrivalS: r.dropoffWindow?.latestS ?? Infinity,
  };
}

/** A done stop's riders getting on or off, in places taken (a wheelchair place counts as one). */
function stopMoves(x: Shift['done'][number], k: number, done: Shift['done']): StopMoves {
  const before = k > 0 ? done[k - 1].loadAfter : { seats: 0, wheelchairs: 0 };
  const change = x.loadAfter.seats + x.loadAfter.wheelchairs - before.seats - before.wheelchairs;
  return { place: x.location, boarding: Math.max(change, 0), alighting: Math.max(-change, 0) };
}

function vehicleFact(s: Shift, m: TravelMatrix): VehicleFact {
  const shiftS = s.engine.shift.latestS - s.engine.shift.earliestS;
  if (!s.done.length) return { vehicleId: s.engine.id, shiftS, busyS: 0, distanceM: 0, trips: 0 };
  const path = [s.engine.startLocation, ...s.done.map((x) => x.location), s.engine.endLocation];
  let distanceM = 0;
  let busyS = 0;
  for (let i = 1; i < path.length; i++) {
    distanceM += m.distanceM[path[i - 1]][path[i]];
    busyS += m.durationS[path[i - 1]][path[i]];
  }
  for (const x of s.done) busyS += x.departureS - x.serviceStartS;
  return {
    vehicleId: s.engine.id,
    shiftS,
    busyS: Math.min(busyS, shiftS),
    distanceM,
    trips: tripsOfStops(s.done.map(stopMoves)),
  };
}
