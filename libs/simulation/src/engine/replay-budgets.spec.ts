import { workerCadence } from '@app/application';
import { parseConfig } from '@app/config';
import { improvementSearch, planningCadence } from '@app/dispatch';
import { FULL_REPLAY_ITERATIONS } from './day-runner';

/**
 * Issue 16: bench:day reports the service of the worker's planning, so a worker left at its
 * defaults must search its improvement runs exactly as bench:day's replay does (it used to search
 * 3 s and 30 s, some ten times the replay's iterations, and on a tight day drove more than
 * 1.1 x the direct km where the replay did not).
 */
describe('the worker and bench:day search alike', () => {
  const replay = planningCadence(5, FULL_REPLAY_ITERATIONS);
  const moments = [0, 5 * 60, 6 * 3600 + 35 * 60, 20 * 3600, -4 * 3600];

  it('by default: the same iterations and seed at every moment, no clock read', () => {
    const worker = workerCadence(parseConfig({}));
    for (const t of moments) {
      expect(improvementSearch(worker.periodic, t)).toEqual(improvementSearch(replay.periodic, t));
      expect(improvementSearch(worker.evening, t)).toEqual(improvementSearch(replay.evening, t));
      expect(improvementSearch(worker.periodic, t)).not.toHaveProperty('timeLimitMs');
    }
  });

  it('with budgets of its own, or 0 for the time limits, when the office configures them', () => {
    const own = workerCadence(
      parseConfig({ IMPROVE_ITERATIONS: '500', IMPROVE_EVENING_ITERATIONS: '0' }),
    );
    expect(improvementSearch(own.periodic, 600)).toEqual({ seed: 11, maxIterations: 500 });
    expect(improvementSearch(own.evening, 20 * 3600)).toEqual({ seed: 1201, timeLimitMs: 30_000 });
  });
});
