/**
 * When the dispatcher plans: every booking is inserted online as it arrives; the improvement
 * search re-plans the open parts of the schedules every few minutes; each evening a longer run
 * re-plans the next day's prebooked rides. The worker schedules these runs from here and the day
 * replay runs them at the same moments of its simulated clock.
 */

/** One improvement run: the window of schedules it re-plans, relative to when it runs. */
export interface ImprovementRun {
  fromOffsetS: number;
  toOffsetS: number;
  /** Time budget of the search. */
  timeLimitMs: number;
}

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

/** The worker's wall-clock cap on making room (it plans under the county's lock). */
export const MAKE_ROOM_TIME_LIMIT_MS = 200;

/**
 * The worker's wall-clock cap on making room within one batch of decisions (issue 13), one
 * re-planning's worth: once a batch has spent this long re-planning, its remaining rides without
 * room are decided by the insertion alone, so a burst on a full fleet does not hold the county's
 * lock (and every waiting rider's answer) for a re-planning per rejection. In bench:burst, 400 ms
 * made the batches longer and the answers slower (p95 1.5-4.0 s against 0.7-0.8 s) without
 * placing more rides.
 */
export const MAKE_ROOM_BATCH_LIMIT_MS = MAKE_ROOM_TIME_LIMIT_MS;

export function planningCadence(improveEveryMin: number): PlanningCadence {
  return {
    improveEveryMin,
    periodic: { fromOffsetS: 0, toOffsetS: 6 * 3600, timeLimitMs: 3000 },
    evening: { fromOffsetS: 4 * 3600, toOffsetS: 28 * 3600, timeLimitMs: 30_000 },
    eveningAt: '20:00',
  };
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
