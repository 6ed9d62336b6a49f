import { AssignBookingService, ReplanService } from '@app/application';
import { parseConfig } from '@app/config';
import { loadMunicipalities } from '@app/kusel-data';
import { RunningRouterServer } from '@app/routing';
import { DISPATCH_QUEUE, DispatchJob } from '@app/contracts';
import { INestApplication } from '@nestjs/common';
import { Worker } from 'bullmq';
import { DispatchProcessor } from '../../apps/dispatch-worker/src/dispatch.processor';
import request from 'supertest';
import { createBookingApi } from '../../apps/booking-api/src/bootstrap';
import { createDispatchWorker } from '../../apps/dispatch-worker/src/bootstrap';
import {
  BookingApiHarness,
  configAsEnv,
  nextWeekdayAt,
  startBookingApi,
  waitUntil,
} from '../support/booking-api-harness';
import { checkStoredPlans, roadTravelS, startKuselRouter } from './dispatch-check';

/**
 * The dispatch worker against the real PostgreSQL, Redis and routing server (the embedded
 * OSRM-compatible server over the synthetic Kusel network, spoken to over OSRM's HTTP API).
 */
describe('dispatch worker: pooling bookings into shared trips', () => {
  let router: RunningRouterServer;
  let h: BookingApiHarness;
  const workers: INestApplication[] = [];
  let travel: (a: string, b: string) => number;

  beforeAll(async () => {
    router = await startKuselRouter();
    h = await startBookingApi({
      OSRM_URL: router.url,
      BOOKING_DECISION_WAIT_MS: '10000',
      DISPATCH_CONCURRENCY: '2',
      DISPATCH_LOCK_MS: '3000',
    });
    for (let i = 0; i < 2; i++) {
      const w = await createDispatchWorker(h.config);
      await w.init();
      workers.push(w);
    }
    travel = await roadTravelS(router.url, h.ds);
  }, 120_000);

  afterAll(async () => {
    for (const w of workers) await w.close();
    await h?.close();
    await router?.close();
  });

  const auth = (t: string) => ({ Authorization: `Bearer ${t}` });
  /** A one-person depart-at ride on the next weekday, between stops named by code. */
  const book = (token: string, from: string, to: string, at: string) =>
    h.http
      .post('/v1/bookings')
      .set(auth(token))
      .send({
        fromStopId: h.stop(from),
        toStopId: h.stop(to),
        timeKind: 'depart_at',
        time: nextWeekdayAt(at).toISOString(),
        passengers: 1,
      })
      .expect(201);
  const bookingOf = async (id: string, token: string) =>
    (await h.http.get(`/v1/bookings/${id}`).set(auth(token)).expect(200)).body;
  const waitForStatus = (id: string, token: string, status: string, ms: number) =>
    waitUntil(async () => (await bookingOf(id, token)).status === status, ms);

  it('answers a booking with the confirmed promise when the worker decides in time', async () => {
    const { token } = await h.riderToken();
    const time = nextWeekdayAt('07:30');
    const res = await h.http
      .post('/v1/bookings')
      .set(auth(token))
      .send({
        fromStopId: h.stop('ags-07336002'),
        toStopId: h.stop('eva-8003481'),
        timeKind: 'depart_at',
        time: time.toISOString(),
        passengers: 1,
      })
      .expect(201);
    expect(res.body.status).toBe('confirmed');
    expect(res.body.vehicleId).toEqual(expect.any(String));
    const p = res.body.promise;
    expect(Date.parse(p.pickupFrom)).toBeGreaterThanOrEqual(time.getTime());
    expect(Date.parse(p.pickupTo) - Date.parse(p.pickupFrom)).toBe(15 * 60_000);
    // the direct ride Albessen -> Bahnhof Kusel fits between the window's end and the latest arrival
    expect(Date.parse(p.latestArrival)).toBeGreaterThan(
      Date.parse(p.pickupTo) + travel(h.stop('ags-07336002'), h.stop('eva-8003481')) * 1000,
    );
  });

  it('an arrive-by booking for a train gets a latest arrival no later than asked', async () => {
    const { token } = await h.riderToken();
    const arriveBy = nextWeekdayAt('08:10');
    const res = await h.http
      .post('/v1/bookings')
      .set(auth(token))
      .send({
        fromStopId: h.stop('ags-07336092'),
        toStopId: h.stop('eva-8003481'),
        timeKind: 'arrive_by',
        time: arriveBy.toISOString(),
        passengers: 2,
      })
      .expect(201);
    expect(res.body.status).toBe('confirmed');
    expect(Date.parse(res.body.promise.latestArrival)).toBeLessThanOrEqual(arriveBy.getTime());
  });

  it('a ride to catch a train arrives by the departure minus the transfer buffer', async () => {
    const { token } = await h.riderToken();
    const train = nextWeekdayAt('08:42'); // the train to Kaiserslautern
    const res = await h.http
      .post('/v1/bookings')
      .set(auth(token))
      .send({
        fromStopId: h.stop('ags-07336002'),
        toStopId: h.stop('eva-8003481'),
        timeKind: 'arrive_by',
        trainDepartureAt: train.toISOString(),
        passengers: 1,
      })
      .expect(201);
    expect(res.body.requestedTime).toBe(new Date(train.getTime() - 5 * 60_000).toISOString());
    expect(res.body.status).toBe('confirmed');
    expect(Date.parse(res.body.promise.latestArrival)).toBeLessThanOrEqual(
      train.getTime() - 5 * 60_000,
    );
    const village = await h.http
      .post('/v1/bookings')
      .set(auth(token))
      .send({
        fromStopId: h.stop('eva-8003481'),
        toStopId: h.stop('ags-07336002'),
        timeKind: 'arrive_by',
        trainDepartureAt: train.toISOString(),
        passengers: 1,
      })
      .expect(422);
    expect(village.body.errors[0]).toMatchObject({ field: 'toStopId', code: 'not_a_station' });
  });

  it('two workers pool hundreds of concurrent bookings without overbooking a seat or breaking a promise', async () => {
    const villages = loadMunicipalities();
    const total = villages.reduce((s, v) => s + v.population, 0);
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pickVillage = () => {
      let x = rnd() * total;
      for (const v of villages) if ((x -= v.population) <= 0) return v;
      return villages[0];
    };
    // A rider of its own per booking: a rider may hold one ride at a time (rider booking limits).
    const riders = await Promise.all(
      Array.from({ length: 240 }, (_, i) => h.riderToken(`Fahrgast ${i}`)),
    );
    const day = nextWeekdayAt('06:00').getTime();
    const bodies = Array.from({ length: 240 }, (_, i) => {
      const v = pickVillage();
      const toHub = rnd() < 0.8;
      const village = h.stop(`ags-${v.ags}`);
      const hub = h.stop('eva-8003481');
      return {
        token: riders[i % riders.length].token,
        body: {
          fromStopId: toHub ? village : hub,
          toStopId: toHub ? hub : village,
          timeKind: 'depart_at',
          time: new Date(day + Math.floor(rnd() * 4 * 3600) * 1000).toISOString(),
          passengers: 1 + Math.floor(rnd() * 2),
          wheelchairPlaces: rnd() < 0.05 ? 1 : 0,
        },
      };
    });
    // Fire them 24 at a time through a second API replica that does not wait for decisions.
    const replica = await createBookingApi(
      parseConfig({ ...configAsEnv(h.config), BOOKING_DECISION_WAIT_MS: '0' }),
    );
    await replica.init();
    try {
      for (let i = 0; i < bodies.length; i += 24) {
        const batch = await Promise.all(
          bodies
            .slice(i, i + 24)
            .map((b) =>
              request(replica.getHttpServer()).post('/v1/bookings').set(auth(b.token)).send(b.body),
            ),
        );
        for (const r of batch) expect(r.status).toBe(201);
      }
    } finally {
      await replica.close();
    }
    await waitUntil(
      async () =>
        Number(
          (await h.ds.query(`SELECT count(*) FROM bookings WHERE status = 'requested'`))[0].count,
        ) === 0,
      240_000,
    );
    const statuses = await h.ds.query(
      `SELECT status, count(*)::int AS n FROM bookings GROUP BY status`,
    );
    const confirmed = statuses.find((s: { status: string }) => s.status === 'confirmed')?.n ?? 0;
    expect(confirmed).toBeGreaterThan(150); // the demo fleet serves most of a busy morning
    const check = await checkStoredPlans(h.ds, travel);
    expect(check.violations).toEqual([]);
    expect(check.planned).toBe(check.confirmed);
    // pooling happened: some vehicle carried more than one booking at once
    const pooled = await h.ds.query(
      `SELECT count(*)::int AS n FROM vehicle_schedules s, jsonb_array_elements(s.stops) r WHERE (r->'load'->>'seats')::int + (r->'load'->>'wheelchairPlaces')::int > 2`,
    );
    expect(pooled[0].n).toBeGreaterThan(0);
  }, 300_000);

  it('improves the open schedules without breaking a promise or losing a booking', async () => {
    const confirmedBefore = await h.ds.query(
      `SELECT id, vehicle_id FROM bookings WHERE status = 'confirmed' ORDER BY id`,
    );
    const day = nextWeekdayAt('00:00').getTime() / 1000;
    const result = await workers[0]
      .get(ReplanService)
      .improve(h.seed.countyId, day, day + 24 * 3600, { timeLimitMs: 3000, seed: 7 });
    expect(result.costAfter).toBeLessThanOrEqual(result.costBefore);
    const check = await checkStoredPlans(h.ds, travel);
    expect(check.violations).toEqual([]);
    const confirmedAfter = await h.ds.query(
      `SELECT id FROM bookings WHERE status = 'confirmed' ORDER BY id`,
    );
    expect(confirmedAfter.map((b: { id: string }) => b.id)).toEqual(
      confirmedBefore.map((b: { id: string }) => b.id),
    );
    expect(check.planned).toBe(confirmedBefore.length);
  }, 60_000);

  it('takes a cancelled booking out of its vehicle schedule', async () => {
    const { token } = await h.riderToken();
    const res = await book(token, 'ags-07336003', 'eva-8003481', '11:00');
    await waitForStatus(res.body.id, token, 'confirmed', 30_000);
    const inPlan = async () =>
      Number(
        (
          await h.ds.query(`SELECT count(*) FROM vehicle_schedules WHERE stops::text LIKE $1`, [
            `%${res.body.id}%`,
          ])
        )[0].count,
      );
    expect(await inPlan()).toBe(1);
    await h.http.post(`/v1/bookings/${res.body.id}/cancel`).set(auth(token)).send({}).expect(200);
    await waitUntil(async () => (await inPlan()) === 0, 30_000);
  });

  it('rejects a ride no shift can serve, with the reason', async () => {
    const { token } = await h.riderToken();
    // 22:50 from the far north: the late shift ends at 23:00, long before the ride could.
    const res = await book(token, 'ags-07336001', 'ags-07336092', '22:50');
    await waitForStatus(res.body.id, token, 'rejected', 30_000);
    const b = await bookingOf(res.body.id, token);
    expect(['outside_shift', 'no_feasible_insertion']).toContain(b.reason.code);
  });

  it('fails a booking with bad data at once, without retries, and says why', async () => {
    const { token, riderId } = await h.riderToken();
    // A stop in the ocean, written behind the API's back: no road can reach it.
    const [{ id: stopId }] = await h.ds.query(
      `INSERT INTO stops (county_id, code, name, search_key, kind, lat, lon) VALUES ($1, 'bad', 'Nirgendwo', 'nirgendwo', 'village', 0.5, -30.0) RETURNING id`,
      [h.seed.countyId],
    );
    const [{ id }] = await h.ds.query(
      `INSERT INTO bookings (rider_id, service_area_id, from_stop_id, to_stop_id, time_kind, requested_time, passengers, created_by, version)
       VALUES ($1, $2, $3, $4, 'depart_at', $5, 1, $6, 1) RETURNING id`,
      [
        riderId,
        h.seed.serviceAreaId,
        stopId,
        h.stop('eva-8003481'),
        nextWeekdayAt('09:00'),
        riderId,
      ],
    );
    await h.queue.assignBooking({ bookingId: id, serviceAreaId: h.seed.serviceAreaId });
    await waitForStatus(id, token, 'rejected', 30_000);
    const b = await bookingOf(id, token);
    expect(b.reason.code).toBe('dispatch_bad_data');
    const job = await h.queue.findJob(DispatchJob.assignBooking, id);
    expect(job?.attemptsMade).toBe(1);
  });

  it('takes up again the job of a worker killed mid-job, and loses nothing', async () => {
    const processors = workers.map((w) => w.get(DispatchProcessor));
    await Promise.all(processors.map((p) => p.pause()));
    const doomed = new Worker(DISPATCH_QUEUE, null, {
      connection: { url: h.config.REDIS_URL, maxRetriesPerRequest: null },
      prefix: `${h.config.REDIS_PREFIX}:bull`,
      lockDuration: 3000,
      autorun: false,
    });
    try {
      const { token } = await h.riderToken();
      const replica = await createBookingApi(
        parseConfig({ ...configAsEnv(h.config), BOOKING_DECISION_WAIT_MS: '0' }),
      );
      await replica.init();
      const res = await request(replica.getHttpServer())
        .post('/v1/bookings')
        .set(auth(token))
        .send({
          fromStopId: h.stop('ags-07336079'),
          toStopId: h.stop('eva-8003481'),
          timeKind: 'depart_at',
          time: nextWeekdayAt('13:00').toISOString(),
          passengers: 1,
        })
        .expect(201);
      await replica.close();
      // The doomed worker takes the job and dies without finishing it (its lock is never renewed).
      // Jobs queued before it (rider messages left by earlier tests, one per moved pickup of the
      // 240 riders) die with it and are taken up again the same way.
      const target = `assign-booking.${res.body.id}`;
      const taken: (string | undefined)[] = [];
      while (taken.length < 1000 && taken[taken.length - 1] !== target) {
        const next = await doomed.getNextJob('doomed-token');
        if (!next) break;
        taken.push(next.id);
      }
      expect(taken).toContain(target);
      await doomed.close(true);
      await Promise.all(processors.map((p) => p.resume()));
      await waitForStatus(res.body.id, token, 'confirmed', 60_000);
    } finally {
      await Promise.all(processors.map((p) => p.resume()));
      await doomed.close(true).catch(() => undefined);
    }
  }, 90_000);

  it('decides a booking once even if its job runs twice', async () => {
    const { token } = await h.riderToken();
    const res = await book(token, 'ags-07336055', 'eva-8003481', '12:00');
    await waitForStatus(res.body.id, token, 'confirmed', 30_000);
    const again = await workers[0].get(AssignBookingService).assign(res.body.id);
    expect(again).toEqual({ kind: 'skipped', bookingId: res.body.id, status: 'confirmed' });
  });
});
