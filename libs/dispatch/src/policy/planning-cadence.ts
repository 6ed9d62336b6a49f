/**
 * When the dispatcher plans: every booking is inserted online as it arrives; the improvement
 * search re-plans the open parts of the schedules every few minutes; each evening a longer run
 * re-plans the next day's prebooked rides. The worker schedules these runs from here and the day
 * replay runs them at the same moments of its simulated clock, with the same search
 * ({@link improvementSearch}).
 */

/**
 * One improvement run: when it runs, the window of schedules it re-plans (relative to its
 * moment) and its budget.
 */
export interface ImprovementRun {
  /**
   * Its moments in local time: every `everyMin` minutes from local midnight, shifted by `atMin`
   * (the periodic run: every IMPROVE_EVERY_MIN minutes; the evening run: 1440 and 20:00).
   */
  everyMin: number;
  atMin: number;
  fromOffsetS: number;
  toOffsetS: number;
  /** Wall-clock budget of the search when it has no iteration budget. */
  timeLimitMs: number;
  /**
   * LNS iterations of the search; null: the time limit. With iterations the search looks at no
   * clock and is repeatable (the day replay always searches by iterations).
   */
  maxIterations: number | null;
}

/** Iteration budgets of the periodic and the evening run; 0: search by time limit. */
export interface ImprovementIterations {
  periodic: number;
  evening: number;
}

/**
 * The worker's improvement budgets unless IMPROVE_ITERATIONS / IMPROVE_EVENING_ITERATIONS say
 * otherwise, and bench:day's (`FULL_REPLAY_ITERATIONS`): the budgets whose service bench:day
 * measured, so the worker's improvement runs search as the benchmark's replay does, repeatably
 * and alike on any machine.
 * The worker used to search its 3 s and 30 s instead, about ten times as many iterations at some
 * 0.15 ms each; a deeper search at the objective's price pools more and drives more:
 * 6000 iterations per periodic run drove seed 10 1.12 x the direct km (2.82 riders per trip), a
 * cooler start of each run (a 1 % worse plan accepted at first, not 5 %) 1.13 x (2.78), against
 * 1.08 x (2.72) with these (README, issue 16). They also cost the worker little: about 0.3 s
 * of CPU every few minutes and 3 s each evening.
 */
export const IMPROVEMENT_ITERATIONS: ImprovementIterations = { periodic: 2000, evening: 20_000 };

export interface PlanningCadence {
  /** Minutes between the periodic runs over the open schedules; 0 turns them off. */
  improveEveryMin: number;
  /** The periodic run: the next six hours. */
  periodic: ImprovementRun;
  /** The evening run, at `eveningAt` local time: tomorrow's rides (+4 h to +28 h from 20:00). */
  evening: ImprovementRun;
  /** Local time of the evening run, HH:MM. */
  eveningAt: string;
}

/**
 * LNS iterations spent re-planning the fleet to make room for a ride before rejecting it; the
 * worker and the day replay use the same budget (iterations, not time, so both decide alike).
 */
export const MAKE_ROOM_ITERATIONS = 500;

/**
 * The worker's default wall-clock cap on making room (MAKE_ROOM_TIME_LIMIT_MS): it plans under the
 * county's lock, and a burst on a full fleet would hold the lock for a re-planning per rejection.
 * 0 turns it off: iterations only, as in the day replay (a twin, or a machine known fast enough).
 */
export const MAKE_ROOM_TIME_LIMIT_MS = 200;

/** The search that makes room for one ride: its iterations and seed. */
export interface MakeRoomSearch {
  maxIterations: number;
  seed: number;
}

/**
 * How the dispatcher makes room for a ride, the same in the worker and the day replay: the
 * iteration budget, and a seed from the ride's requested time (its local minute, 1 to 1440), which
 * both know alike, not from the order or the moment in which they happen to decide it.
 *
 * @param requestedLocalS the ride's requested time in seconds after local midnight
 */
export function makeRoomSearch(
  requestedLocalS: number,
  maxIterations = MAKE_ROOM_ITERATIONS,
): MakeRoomSearch {
  return { maxIterations, seed: seedOfLocalS(requestedLocalS) };
}

/**
 * The worker's wall-clock cap on making room within one batch of decisions (issue 13), one
 * re-planning's worth (`timeLimitMs`, MAKE_ROOM_TIME_LIMIT_MS): once a batch has spent this long
 * re-planning, its remaining rides without room are decided by the insertion alone, so a burst on
 * a full fleet does not hold the county's lock (and every waiting rider's answer) for a
 * re-planning per rejection. In bench:burst, 400 ms made the batches longer and the answers
 * slower (p95 1.5-4.0 s against 0.7-0.8 s) without placing more rides. Without a per-ride cap
 * (0) there is none per batch either: which rides get a re-planning must not depend on the clock.
 */
export function makeRoomBatchLimitMs(timeLimitMs: number): number {
  return timeLimitMs > 0 ? timeLimitMs : Infinity;
}

/** A seed from a local time of day: its minute, 1 to 1440 (the same on either side of midnight). */
function seedOfLocalS(localS: number): number {
  const minute = Math.floor(localS / 60);
  return 1 + (((minute % 1440) + 1440) % 1440);
}

const EVENING_AT = '20:00';

/**
 * The cadence of the worker (IMPROVE_EVERY_MIN, IMPROVE_ITERATIONS, IMPROVE_EVENING_ITERATIONS)
 * and of the day replay (its iteration budgets).
 */
export function planningCadence(
  improveEveryMin: number,
  iterations: ImprovementIterations = { periodic: 0, evening: 0 },
): PlanningCadence {
  const [h, m] = EVENING_AT.split(':').map(Number);
  const budget = (n: number) => (n > 0 ? n : null);
  return {
    improveEveryMin,
    periodic: {
      everyMin: improveEveryMin,
      atMin: 0,
      fromOffsetS: 0,
      toOffsetS: 6 * 3600,
      timeLimitMs: 3000,
      maxIterations: budget(iterations.periodic),
    },
    evening: {
      everyMin: 1440,
      atMin: h * 60 + m,
      fromOffsetS: 4 * 3600,
      toOffsetS: 28 * 3600,
      timeLimitMs: 30_000,
      maxIterations: budget(iterations.evening),
    },
    eveningAt: EVENING_AT,
  };
}

/**
 * The moment of `run` nearest to `localS` (seconds after local midnight; may lie before it or
 * past a day): a run that starts a little late (queue, a simulated clock's speed) plans as of
 * its moment, so its window and seed do not depend on the delay.
 */
export function runMomentS(run: ImprovementRun, localS: number): number {
  const stepS = run.everyMin * 60;
  if (stepS <= 0) return localS;
  const atS = run.atMin * 60;
  return Math.round((localS - atS) / stepS) * stepS + atS;
}

/** The moments of `run` in [fromS, toS), seconds after local midnight (the day replay's ticks). */
export function runMomentsS(run: ImprovementRun, fromS: number, toS: number): number[] {
  const stepS = run.everyMin * 60;
  if (stepS <= 0) return [];
  const atS = run.atMin * 60;
  const moments: number[] = [];
  for (let t = Math.ceil((fromS - atS) / stepS) * stepS + atS; t < toS; t += stepS) moments.push(t);
  return moments;
}

/** The LNS budget and seed of one improvement run: iterations or a wall-clock time limit. */
export type ImprovementSearch =
  { seed: number; maxIterations: number } | { seed: number; timeLimitMs: number };

/**
 * The search an improvement run does at its moment `momentS` (seconds after local midnight, see
 * {@link runMomentS}): the seed is the local minute of the moment (1 to 1440), so the worker and
 * the day replay search the same way at the same moment; the budget is the run's iterations when
 * it has them, else its time limit. Iterations replace the time limit instead of capping it: the
 * LNS cools by the larger share of either budget it has spent, so a time limit beside
 * iterations would let the wall clock steer the search even when it never runs out.
 */
export function improvementSearch(run: ImprovementRun, momentS: number): ImprovementSearch {
  const seed = seedOfLocalS(momentS);
  return run.maxIterations !== null
    ? { seed, maxIterations: run.maxIterations }
    : { seed, timeLimitMs: run.timeLimitMs };
}

/** Seconds after local midnight of the evening run. */
export function eveningRunS(cadence: PlanningCadence): number {
  const [h, m] = cadence.eveningAt.split(':').map(Number);
  return h * 3600 + m * 60;
}

/** Cron pattern (seconds first, as BullMQ reads it) of the evening run. */
export function eveningRunCron(cadence: PlanningCadence): string {
  const [h, m] = cadence.eveningAt.split(':').map(Number);
  return `0 ${m} ${h} * * *`;
}
