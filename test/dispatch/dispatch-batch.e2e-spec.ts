import {
  AssignBookingService,
  DispatchDataError,
  saveSchedules,
  ScheduleVersionConflict,
} from '@app/application';
import { parseConfig } from '@app/config';
import { VehicleScheduleEntity } from '@app/persistence';
import { RunningRouterServer } from '@app/routing';
import { INestApplication } from '@nestjs/common';
import { createDispatchWorker } from '../../apps/dispatch-worker/src/bootstrap';
import { DispatchProcessor } from '../../apps/dispatch-worker/src/dispatch.processor';
import {
  BookingApiHarness,
  configAsEnv,
  nextWeekdayAt,
  startBookingApi,
  waitUntil,
} from '../support/booking-api-harness';
import { checkStoredPlans, roadTravelS, startKuselRouter } from './dispatch-check';

/**
 * Issue 13: requested bookings of a county are decided in batches (one lock, one snapshot,
 * insertion one after another in memory, one transaction), against the real PostgreSQL, Redis
 * and routing server.
 */
describe('dispatch worker: deciding waiting bookings in batches', () => {
  let router: RunningRouterServer;
  let h: BookingApiHarness;
  let travel: (a: string, b: string) => number;
  const running: INestApplication[] = [];

  beforeAll(async () => {
    router = await startKuselRouter();
    // The API answers at once and no worker runs until a test starts one, so bookings wait.
    h = await startBookingApi({
      OSRM_URL: router.url,
      DISPATCH_CONCURRENCY: '2',
      DISPATCH_LOCK_MS: '5000',
      DISPATCH_SWEEP_GRACE_MS: '600000',
    });
    travel = await roadTravelS(router.url, h.ds);
  }, 120_000);

  afterEach(async () => {
    while (running.length) await running.pop()!.close();
  });

  afterAll(async () => {
    await h?.close();
    await router?.close();
  });

  const startWorker = async (env: Record<string, string> = {}) => {
    const w = await createDispatchWorker(parseConfig({ ...configAsEnv(h.config), ...env }));
    await w.init();
    running.push(w);
    return w;
  };
  const stopWorkers = async () => {
    while (running.length) await running.pop()!.close();
  };
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await h.ds.query(sql, params))[0].n);
  const undecided = (ids: string[]) =>
    count(`SELECT count(*)::int AS n FROM bookings WHERE status = 'requested' AND id = ANY($1)`, [
      ids,
    ]);
  const statusOf = async (ids: string[]) => {
    const rows: Array<{ id: string; status: string }> = await h.ds.query(
      `SELECT id, status FROM bookings WHERE id = ANY($1)`,
      [ids],
    );
    const by = new Map(rows.map((r) => [r.id, r.status]));
    return ids.map((id) => by.get(id));
  };
  /** Decisions stored in one transaction share its start time (booking_events.at = now()). */
  const decisionTransactions = (ids: string[]) =>
    count(
      `SELECT count(DISTINCT at)::int AS n FROM booking_events
        WHERE actor = 'dispatch-worker' AND from_status = 'requested' AND booking_id = ANY($1)`,
      [ids],
    );

  /** 40 rides of the next weekday morning that a fleet with room takes one after another. */
  const spreadRides = () => {
    const villages = ['002', '003', '006', '010', '018', '027', '044', '055', '022', '079'];
    return Array.from({ length: 40 }, (_, i) => {
      const village = h.stop(`ags-07336${villages[i % villages.length]}`);
      const hub = h.stop('eva-8003481');
      const toHub = i % 3 !== 2;
      const minutes = 6 * 60 + Math.round(i * 7.5);
      const at = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
      return {
        fromStopId: toHub ? village : hub,
        toStopId: toHub ? hub : village,
        timeKind: 'depart_at',
        time: nextWeekdayAt(at).toISOString(),
        passengers: 1 + (i % 2),
      };
    });
  };
  /** Submits the rides at once (the API does not wait for decisions); returns booking ids. */
  const submitAtOnce = async (bodies: object[], requestId = (i: number) => `burst-${i}`) => {
    // A rider of its own per ride: a rider may hold one ride at a time (rider booking limits).
    const riders = await Promise.all(
      Array.from({ length: bodies.length }, (_, i) => h.riderToken(`Fahrgast ${i}`)),
    );
    const replies = await Promise.all(
      bodies.map((b, i) =>
        h.http
          .post('/v1/bookings')
          .set({
            Authorization: `Bearer ${riders[i % riders.length].token}`,
            'x-request-id': requestId(i),
          })
          .send(b),
      ),
    );
    for (const r of replies) expect(r.status).toBe(201);
    return replies.map((r) => r.body.id as string);
  };
  /** Empties every plan and takes the bookings out, as if they had never been made. */
  const forget = async (ids: string[]) => {
    await h.ds.query(`UPDATE vehicle_schedules SET stops = '[]'::jsonb`);
    await h.ds.query(
      `UPDATE bookings SET status = 'cancelled', vehicle_id = NULL WHERE id = ANY($1)`,
      [ids],
    );
  };

  it('decides 40 bookings submitted at once in fewer lock acquisitions, as one at a time would', async () => {
    const rides = spreadRides();

    // One at a time: a worker that decides every booking on its own.
    const alone = await submitAtOnce(rides);
    const single = await startWorker({ DISPATCH_BATCH_MAX: '1' });
    await waitUntil(async () => (await undecided(alone)) === 0, 120_000);
    const aloneKinds = await statusOf(alone);
    expect(single.get(AssignBookingService).stats.lockAcquisitions).toBeGreaterThanOrEqual(40);
    await stopWorkers();
    expect(aloneKinds.every((s) => s === 'confirmed')).toBe(true);
    await forget(alone);

    // The same rides again, waiting together for a worker that decides in batches.
    const heard = new Map<string, string | undefined>();
    const sub = h.redis.duplicate();
    sub.on('message', (_: string, raw: string) => {
      const e = JSON.parse(raw) as { bookingId: string; status: string; requestId?: string };
      if (e.status !== 'requested') heard.set(e.bookingId, e.requestId);
    });
    await sub.subscribe(`${h.config.REDIS_PREFIX}:events.booking-changed`);
    const together = await submitAtOnce(rides, (i) => `together-${i}`);
    const batching = await startWorker();
    await waitUntil(async () => (await undecided(together)) === 0, 120_000);
    const stats = batching.get(AssignBookingService).stats;
    expect(stats.lockAcquisitions).toBeLessThan(40);
    expect(stats.largestBatch).toBeGreaterThan(1);
    expect(await decisionTransactions(together)).toBeLessThan(40);
    expect(await statusOf(together)).toEqual(aloneKinds);
    // each decision is announced under the request that made its booking, not the batch's lead
    await waitUntil(async () => heard.size >= together.length, 10_000);
    sub.disconnect();
    expect(together.map((id) => heard.get(id))).toEqual(together.map((_, i) => `together-${i}`));

    const check = await checkStoredPlans(h.ds, travel);
    expect(check.violations).toEqual([]);
    expect(check.planned).toBe(check.confirmed);
    // every promise and vehicle came from the final schedules of the batch
    const unplanned = await count(
      `SELECT count(*)::int AS n FROM bookings b WHERE b.id = ANY($1) AND NOT EXISTS (
         SELECT 1 FROM vehicle_schedules s, jsonb_array_elements(s.stops) r
          WHERE s.vehicle_id = b.vehicle_id AND r->'pickups' ? b.id::text)`,
      [together],
    );
    expect(unplanned).toBe(0);
    await forget(together);
  }, 300_000);

  it('two workers racing with batches never double-book a seat', async () => {
    // 60 rides into one busy hour: more than the fleet can take, so the batches compete for seats.
    const hub = h.stop('eva-8003481');
    const villages = ['002', '006', '018', '044', '022', '079', '092', '027'];
    const bodies = Array.from({ length: 60 }, (_, i) => ({
      fromStopId: h.stop(`ags-07336${villages[i % villages.length]}`),
      toStopId: hub,
      timeKind: 'depart_at',
      time: nextWeekdayAt(`07:${String(i % 60).padStart(2, '0')}`).toISOString(),
      passengers: 1 + (i % 3),
    }));
    const ids = await submitAtOnce(bodies);
    const workers = await Promise.all([startWorker(), startWorker()]);
    // and a direct race on top of the queue's
    await Promise.allSettled([
      workers[0].get(AssignBookingService).assign(ids[0]),
      workers[1].get(AssignBookingService).assign(ids[1]),
    ]);
    await waitUntil(async () => (await undecided(ids)) === 0, 180_000);

    const check = await checkStoredPlans(h.ds, travel);
    expect(check.violations).toEqual([]);
    expect(check.planned).toBe(check.confirmed);
    // each booking decided exactly once
    const twice = await count(
      `SELECT count(*)::int AS n FROM (SELECT booking_id FROM booking_events
         WHERE from_status = 'requested' AND booking_id = ANY($1)
         GROUP BY booking_id HAVING count(*) <> 1) x`,
      [ids],
    );
    expect(twice).toBe(0);
    const locks = workers.reduce(
      (n, w) => n + w.get(AssignBookingService).stats.lockAcquisitions,
      0,
    );
    expect(locks).toBeLessThan(60);
    await forget(ids);
  }, 300_000);

  it('writes no schedule of a batch when one of them changed meanwhile (version check)', async () => {
    await h.ds.query(
      `INSERT INTO vehicle_schedules (shift_id, vehicle_id, stops, version)
       SELECT id, vehicle_id, '[]'::jsonb, 1 FROM shifts ORDER BY starts_at LIMIT 2
       ON CONFLICT DO NOTHING`,
    );
    const rows = await h.ds.getRepository(VehicleScheduleEntity).find({ take: 2 });
    expect(rows.length).toBe(2);
    const stale = rows.map((schedule) => ({
      planned: { schedule, frozen: [] } as never,
      open: [],
    }));
    // another writer got to the second schedule first
    await h.ds.query(`UPDATE vehicle_schedules SET version = version + 1 WHERE id = $1`, [
      rows[1].id,
    ]);
    const before = rows[0].version;
    await expect(h.ds.transaction((em) => saveSchedules(em, stale))).rejects.toBeInstanceOf(
      ScheduleVersionConflict,
    );
    const [{ version }] = await h.ds.query(`SELECT version FROM vehicle_schedules WHERE id = $1`, [
      rows[0].id,
    ]);
    expect(version).toBe(before);
  });

  it('a batch with one booking it cannot plan decides the others', async () => {
    const { riderId } = await h.riderToken();
    const hub = h.stop('eva-8003481');
    // A stop in the ocean, written behind the API's back: no road can reach it.
    const [{ id: nowhere }] = await h.ds.query(
      `INSERT INTO stops (county_id, code, name, search_key, kind, lat, lon)
       VALUES ($1, 'nowhere', 'Nirgendwo', 'nirgendwo', 'village', 0.5, -30.0) RETURNING id`,
      [h.seed.countyId],
    );
    const insert = async (from: string, at: string) => {
      const [{ id }] = await h.ds.query(
        `INSERT INTO bookings (rider_id, service_area_id, from_stop_id, to_stop_id, time_kind,
           requested_time, passengers, created_by, version)
         VALUES ($1, $2, $3, $4, 'depart_at', $5, 1, $6, 1) RETURNING id`,
        [riderId, h.seed.serviceAreaId, from, hub, nextWeekdayAt(at), riderId],
      );
      // Handed to the queue as the API does: a batch takes only bookings with a job.
      await h.queue.assignBooking({ bookingId: id, serviceAreaId: h.seed.serviceAreaId });
      return id as string;
    };
    // This test calls the worker's service itself: its queue consumer stands still.
    const worker = await startWorker();
    await worker.get(DispatchProcessor).pause();
    const svc = worker.get(AssignBookingService);
    const first = await insert(h.stop('ags-07336002'), '09:00');
    const bad = await insert(nowhere, '09:05');
    const others = [
      await insert(h.stop('ags-07336006'), '09:10'),
      await insert(h.stop('ags-07336018'), '09:20'),
    ];

    // The bad one inside another's batch: the others are decided, it waits for its own job.
    await expect(svc.assign(first)).resolves.toMatchObject({ kind: 'confirmed' });
    expect(await statusOf([first, ...others])).toEqual(['confirmed', 'confirmed', 'confirmed']);
    expect(await statusOf([bad])).toEqual(['requested']);

    // The bad one leading a batch: the others still are decided, then its own error is thrown
    // (the worker rejects it as `dispatch_bad_data`).
    const later = [
      await insert(h.stop('ags-07336044'), '10:00'),
      await insert(h.stop('ags-07336022'), '10:10'),
    ];
    await expect(svc.assign(bad)).rejects.toBeInstanceOf(DispatchDataError);
    expect(await statusOf(later)).toEqual(['confirmed', 'confirmed']);
    expect(await statusOf([bad])).toEqual(['requested']);
    const check = await checkStoredPlans(h.ds, travel);
    expect(check.violations).toEqual([]);
  }, 120_000);
});
