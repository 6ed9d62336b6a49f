import {
  improvementSearch,
  MAKE_ROOM_ITERATIONS,
  makeRoomBatchLimitMs,
  makeRoomSearch,
  planningCadence,
  runMomentS,
  runMomentsS,
} from './planning-cadence';

describe('planning cadence: when an improvement run plans and how it searches', () => {
  const worker = planningCadence(5);
  const twin = planningCadence(5, { periodic: 2000, evening: 20_000 });

  it('places the periodic runs on the local clock from midnight and the evening run at 20:00', () => {
    expect(runMomentsS(worker.periodic, 23 * 3600 + 1, 23 * 3600 + 16 * 60)).toEqual(
      [5, 10, 15].map((m) => 23 * 3600 + m * 60),
    );
    // The day before: seconds of the day are negative.
    expect(runMomentsS(worker.evening, -86_400, 86_400)).toEqual([-4 * 3600, 20 * 3600]);
  });

  it('plans a run that starts late as of its moment', () => {
    expect(runMomentS(worker.periodic, 6 * 3600 + 100)).toBe(6 * 3600);
    expect(runMomentS(worker.evening, 20 * 3600 + 1800)).toBe(20 * 3600);
    expect(runMomentS(worker.evening, -4 * 3600 + 90)).toBe(-4 * 3600);
  });

  it('seeds a run by its local minute, the same on either side of midnight', () => {
    expect(improvementSearch(twin.evening, -4 * 3600)).toEqual({
      seed: 1201,
      maxIterations: 20_000,
    });
    expect(improvementSearch(twin.evening, 20 * 3600).seed).toBe(1201);
    expect(improvementSearch(twin.periodic, 0).seed).toBe(1);
    expect(improvementSearch(twin.periodic, 5 * 60).seed).toBe(6);
  });

  it('searches by time limit unless the cadence has an iteration budget', () => {
    expect(improvementSearch(worker.periodic, 600)).toEqual({ seed: 11, timeLimitMs: 3000 });
    expect(improvementSearch(worker.evening, 72_000)).toEqual({ seed: 1201, timeLimitMs: 30_000 });
    expect(improvementSearch(twin.periodic, 600)).toEqual({ seed: 11, maxIterations: 2000 });
  });

  it("seeds making room by the ride's requested local minute, with its iteration budget", () => {
    expect(makeRoomSearch(7 * 3600 + 30 * 60 + 59)).toEqual({
      seed: 451,
      maxIterations: MAKE_ROOM_ITERATIONS,
    });
    expect(makeRoomSearch(0, 100)).toEqual({ seed: 1, maxIterations: 100 });
  });

  it('caps making room per batch by the per-ride cap, and not at all without one', () => {
    expect(makeRoomBatchLimitMs(200)).toBe(200);
    expect(makeRoomBatchLimitMs(0)).toBe(Infinity);
  });
});
