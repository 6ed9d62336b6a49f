import { ReplanService } from '@app/application';
import { DISPATCH_QUEUE, WsEvent } from '@app/contracts';
import { RunningRouterServer } from '@app/routing';
import { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import request from 'supertest';
import { createDispatchWorker } from '../../apps/dispatch-worker/src/bootstrap';
import {
  connect,
  position,
  startGateway,
  TestClient,
  vehicleOnShift,
} from '../realtime/realtime-harness';
import { BookingApiHarness, bookRide, startBookingApi } from '../support/booking-api-harness';
import { find, Sample, scrape, total } from '../support/metrics-scrape';
import { startKuselRouter } from '../dispatch/dispatch-check';

const TOKEN = 'metrics-token-for-tests-0123456789';

async function until(ok: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Issue 12, "can be watched": each app's GET /metrics after real work through the real stack
 * (PostgreSQL, Redis, the embedded OSRM-compatible router over HTTP): a booking made on the API
 * and decided by the worker, a driver and a rider on the gateway.
 */
describe('Prometheus metrics of the three apps', () => {
  let router: RunningRouterServer;
  let h: BookingApiHarness;
  let worker: INestApplication;
  let gateway: INestApplication;
  let gatewayUrl: string;
  const clients: TestClient[] = [];
  let bookingId: string;

  beforeAll(async () => {
    router = await startKuselRouter();
    h = await startBookingApi({
      OSRM_URL: router.url,
      BOOKING_DECISION_WAIT_MS: '10000',
      METRICS_TOKEN: TOKEN,
      DISPATCH_JOB_ATTEMPTS: '2',
      DISPATCH_JOB_BACKOFF_MS: '10',
    });
    worker = await createDispatchWorker(h.config);
    await worker.init();
    ({ app: gateway, url: gatewayUrl } = await startGateway(h.config));

    const booking = await bookRide(h, { from: 'ags-07336002', at: '07:30' });
    expect(booking.status).toBe('confirmed');
    bookingId = booking.id;
    await h.http
      .get(`/v1/bookings/${bookingId}`)
      .set('Authorization', `Bearer ${booking.token}`)
      .expect(200);
  }, 120_000);

  afterAll(async () => {
    clients.forEach((c) => c.close());
    await gateway?.close();
    await worker?.close();
    await h?.close();
    await router?.close();
  });

  it('answers /metrics only with the bearer token when METRICS_TOKEN is set', async () => {
    for (const app of [h.app, worker, gateway]) {
      const res = await request(app.getHttpServer()).get('/metrics').expect(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      await request(app.getHttpServer())
        .get('/metrics')
        .set('Authorization', 'Bearer not-the-token')
        .expect(401);
      // The scheme is case-insensitive (RFC 9110 §11.1), the token is not.
      for (const scheme of ['bearer', 'BEARER'])
        await request(app.getHttpServer())
          .get('/metrics')
          .set('Authorization', `${scheme} ${TOKEN}`)
          .expect(200);
      for (const wrong of [`Basic ${TOKEN}`, `Bearer${TOKEN}`, `Bearer ${TOKEN.toUpperCase()}`])
        await request(app.getHttpServer()).get('/metrics').set('Authorization', wrong).expect(401);
      const samples = await scrape(app, TOKEN);
      // Node's default metrics, prefixed and labelled with the app
      expect(find(samples, 'ridepool_process_cpu_user_seconds_total')).toHaveLength(1);
    }
  });

  it('booking API: latency by route template and status, bookings made', async () => {
    const api = await scrape(h.app, TOKEN);
    const http = 'ridepool_http_request_duration_seconds_count';
    expect(
      total(api, http, {
        method: 'POST',
        route: '/v1/bookings',
        status: '201',
        app: 'booking-api',
      }),
    ).toBe(1);
    expect(total(api, http, { method: 'GET', route: '/v1/bookings/:id', status: '200' })).toBe(1);
    // the template, never the raw URL: no label carries the booking's id
    expect(api.some((s) => Object.values(s.labels).some((v) => v.includes(bookingId)))).toBe(false);
    expect(total(api, 'ridepool_bookings_total', { outcome: 'requested' })).toBe(1);
    // the API made no decision: the worker did
    expect(find(api, 'ridepool_bookings_total', { outcome: 'confirmed' })).toEqual([]);

    await request(h.app.getHttpServer()).get('/no/such/page').expect(404);
    const after = await scrape(h.app, TOKEN);
    expect(total(after, http, { route: 'unmatched', status: '404' })).toBe(1);
  });

  it('dispatch worker: the decision by outcome with its time, and the queue depth', async () => {
    const w = await scrape(worker, TOKEN);
    expect(
      total(w, 'ridepool_bookings_total', { outcome: 'confirmed', app: 'dispatch-worker' }),
    ).toBe(1);
    expect(total(w, 'ridepool_dispatch_decision_seconds_count', { outcome: 'confirmed' })).toBe(1);
    expect(
      total(w, 'ridepool_dispatch_decision_seconds_sum', { outcome: 'confirmed' }),
    ).toBeGreaterThan(0);
    expect(
      total(w, 'ridepool_dispatch_jobs_total', { job: 'assign-booking', result: 'completed' }),
    ).toBe(1);
    const states = find(w, 'ridepool_queue_jobs', { queue: DISPATCH_QUEUE }).map(
      (s) => s.labels.state,
    );
    expect(states.sort()).toEqual(['active', 'delayed', 'failed', 'prioritized', 'waiting']);
  });

  it('dispatch worker: improvement runs by result', async () => {
    // one booking: nothing to improve
    const now = Date.now() / 1000;
    await worker
      .get(ReplanService)
      .improve(h.seed.countyId, now, now + 7 * 86400, { timeLimitMs: 200, seed: 1 });
    const w = await scrape(worker, TOKEN);
    expect(total(w, 'ridepool_improvement_runs_total', { result: 'unchanged' })).toBe(1);
    expect(total(w, 'ridepool_improvement_distance_saved_meters_total')).toBe(0);
  });

  it('dispatch worker: job retries and failures, and the failed jobs in the queue', async () => {
    const queue = new Queue(DISPATCH_QUEUE, {
      connection: { url: h.config.REDIS_URL },
      prefix: `${h.config.REDIS_PREFIX}:bull`,
    });
    try {
      // a passing failure (a county id the database refuses) is retried, then fails for good
      await queue.add('roll-roster', { countyId: 'not-a-county' }, { attempts: 2, backoff: 10 });
      // a job nobody knows fails at once
      await queue.add('no-such-job', {}, { attempts: 5 });
      let w: Sample[] = [];
      await until(async () => {
        w = await scrape(worker, TOKEN);
        return total(w, 'ridepool_dispatch_jobs_total', { result: 'failed' }) === 2;
      });
      expect(
        total(w, 'ridepool_dispatch_jobs_total', { job: 'roll-roster', result: 'retried' }),
      ).toBe(1);
      expect(
        total(w, 'ridepool_dispatch_jobs_total', { job: 'roll-roster', result: 'failed' }),
      ).toBe(1);
      expect(total(w, 'ridepool_dispatch_jobs_total', { job: 'other', result: 'failed' })).toBe(1);
      expect(total(w, 'ridepool_queue_jobs', { state: 'failed' })).toBe(2);
    } finally {
      await queue.close();
    }
  });

  it('realtime gateway: clients by role, positions received, delivery delay', async () => {
    const v = await vehicleOnShift(h);
    const { token: riderToken } = await h.riderToken('Zuschauerin');
    const driver = await connect(gatewayUrl, v.token);
    clients.push(driver, await connect(gatewayUrl, riderToken));
    let g = await scrape(gateway, TOKEN);
    expect(total(g, 'ridepool_socket_clients', { role: 'driver', app: 'realtime-gateway' })).toBe(
      1,
    );
    expect(total(g, 'ridepool_socket_clients', { role: 'rider' })).toBe(1);
    const delay = 'ridepool_realtime_delivery_delay_seconds_count';
    const delivered = total(g, delay, { event: 'booking-changed' });

    const ack = await driver.request(WsEvent.vehiclePosition, position(49.54, 7.4));
    expect(ack).toMatchObject({ ok: true });
    // an old position is refused
    await driver.request(WsEvent.vehiclePosition, position(49.54, 7.4, Date.now() - 60_000));
    // a change made now (a booking cancelled on the API) reaches the gateway
    const made = await bookRide(h, { from: 'ags-07336002', at: '09:30' });
    await h.http
      .post(`/v1/bookings/${made.id}/cancel`)
      .set('Authorization', `Bearer ${made.token}`)
      .send({})
      .expect(200);
    await until(async () => {
      g = await scrape(gateway, TOKEN);
      // requested, confirmed by the worker, cancelled
      return total(g, delay, { event: 'booking-changed' }) >= delivered + 3;
    });
    expect(total(g, 'ridepool_positions_received_total', { result: 'accepted' })).toBe(1);
    expect(total(g, 'ridepool_positions_received_total', { result: 'refused' })).toBe(1);

    driver.close();
    await until(async () => {
      g = await scrape(gateway, TOKEN);
      return total(g, 'ridepool_socket_clients', { role: 'driver' }) === 0;
    });
    expect(total(g, 'ridepool_socket_clients', { role: 'rider' })).toBe(1);
  });
});
