import { ReplanService } from '@app/application';
import * as dispatch from '@app/dispatch';
import { StopEntity } from '@app/persistence';
import { RunningRouterServer } from '@app/routing';
import { INestApplication } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DispatchStack, startDispatchStack } from '../support/dispatch-stack';
import { BookingApiHarness, nextWeekdayAt } from '../support/booking-api-harness';
import { scrape, total } from '../support/metrics-scrape';
import { SyncSql } from '../support/sync-sql';
import { checkStoredPlans, roadTravelS } from './dispatch-check';

/** Runs inside the (synchronous) improvement search, before it starts; set by each test. */
let duringSearch: (() => void) | undefined;
let searches = 0;
jest.mock('@app/dispatch', () => {
  const actual = jest.requireActual('@app/dispatch');
  return {
    ...actual,
    improveSchedules: (...args: Parameters<typeof dispatch.improveSchedules>) => {
      searches++;
      duringSearch?.();
      return actual.improveSchedules(...args);
    },
  };
});

/**
 * The improvement search plans on a snapshot without the county's dispatch lock (new bookings are
 * decided meanwhile) and writes back only what nobody changed since: on a conflict it plans
 * again, and gives up after a few tries without touching the schedules.
 */
describe('improvement search: planned outside the county lock, written back with a version check', () => {
  let router: RunningRouterServer;
  let h: BookingApiHarness;
  let worker: INestApplication;
  let stack: DispatchStack | undefined;
  let sql: SyncSql;
  let travel: (a: string, b: string) => number;
  const day = nextWeekdayAt('00:00').getTime() / 1000;
  const improve = () =>
    worker
      .get(ReplanService)
      .improve(h.seed.countyId, day, day + 24 * 3600, { timeLimitMs: 1500, seed: 7 });

  beforeAll(async () => {
    ({ router, h, worker } = stack = await startDispatchStack({
      BOOKING_DECISION_WAIT_MS: '10000',
    }));
    sql = new SyncSql(h.config.DATABASE_URL);
    travel = await roadTravelS(router.url, h.ds);
    const stops = await h.ds.getRepository(StopEntity).find();

    // A morning of rides into Kusel from villages around, decided one by one as they come.
    const villages = stops.filter((s) => s.code.startsWith('ags-')).slice(0, 24);
    for (const [i, v] of villages.entries()) {
      // A rider of its own per ride: a rider may hold one ride at a time (rider booking limits).
      const { token } = await h.riderToken();
      const time = nextWeekdayAt(`0${6 + (i % 3)}:${String((i * 7) % 60).padStart(2, '0')}`);
      await h.http
        .post('/v1/bookings')
        .set({ Authorization: `Bearer ${token}` })
        .send({
          fromStopId: v.id,
          toStopId: h.stop('eva-8003481'),
          timeKind: 'depart_at',
          time: time.toISOString(),
          passengers: 1,
        })
        .expect(201);
    }
  }, 180_000);

  afterAll(async () => {
    await sql?.close();
    await stack?.close();
  });
  beforeEach(() => {
    duringSearch = undefined;
    searches = 0;
  });

  const confirmedVehicles = () =>
    h.ds.query(`SELECT id, vehicle_id FROM bookings WHERE status = 'confirmed' ORDER BY id`);

  it('drops the run after repeated conflicts and leaves the schedules as they were', async () => {
    const schedules = async () =>
      (await h.ds.query(`SELECT id, stops FROM vehicle_schedules ORDER BY id`)) as unknown[];
    // Every write-back loses its race: another writer bumps every schedule during the search.
    duringSearch = () => sql.query('UPDATE vehicle_schedules SET version = version + 1');
    const before = await schedules();
    const result = await improve();
    expect(searches).toBe(3); // the search found a better plan each time, and could not write it
    expect(result.vehiclesChanged).toBe(0);
    expect(await schedules()).toEqual(before);
    // the worker's metrics (issue 12): one run, dropped
    const m = await scrape(worker);
    expect(total(m, 'ridepool_improvement_runs_total', { result: 'dropped' })).toBe(1);
  });

  it('plans again when a schedule was written meanwhile, and keeps every promise', async () => {
    duringSearch = () => {
      if (searches === 1) sql.query('UPDATE vehicle_schedules SET version = version + 1');
    };
    const before = await confirmedVehicles();
    const result = await improve();
    expect(searches).toBe(2);
    expect(result.vehiclesChanged).toBeGreaterThan(0);
    expect(result.costAfter).toBeLessThan(result.costBefore);
    // the worker's metrics (issue 12): the run improved, with what it saved
    const m = await scrape(worker);
    expect(total(m, 'ridepool_improvement_runs_total', { result: 'improved' })).toBe(1);
    // driving time, not the objective's difference (which counts the pooling incentive too)
    expect(total(m, 'ridepool_improvement_drive_time_saved_seconds_total')).toBeCloseTo(
      Math.max(0, result.drivingSavedS),
    );
    expect(result.distanceSavedM).not.toBe(0);
    expect(
      total(m, 'ridepool_improvement_distance_saved_meters_total') -
        total(m, 'ridepool_improvement_distance_added_meters_total'),
    ).toBeCloseTo(result.distanceSavedM);
    const check = await checkStoredPlans(h.ds, travel);
    expect(check.violations).toEqual([]);
    expect((await confirmedVehicles()).map((b: { id: string }) => b.id)).toEqual(
      before.map((b: { id: string }) => b.id),
    );
    expect(check.planned).toBe(before.length);
  });

  it('leaves the county lock free while it searches', async () => {
    const key = createHash('sha256').update(h.seed.countyId).digest().readInt32BE(0);
    const lockFree: boolean[] = [];
    duringSearch = () => {
      const [{ ok }] = sql.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(7336, $1) AS ok', [
        key,
      ]);
      if (ok) sql.query('SELECT pg_advisory_unlock(7336, $1)', [key]);
      lockFree.push(ok);
    };
    await improve();
    expect(lockFree).toEqual([true]);
    const check = await checkStoredPlans(h.ds, travel);
    expect(check.violations).toEqual([]);
    expect(check.planned).toBe(check.confirmed);
  });
});
