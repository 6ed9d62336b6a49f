import { DispatchJob, EventChannel } from '@app/contracts';
import { setLogDestination } from '@app/observability';
import { RunningRouterServer, startRouterServer } from '@app/routing';
import { INestApplication } from '@nestjs/common';
import Redis from 'ioredis';
import { createDispatchWorker } from '../../apps/dispatch-worker/src/bootstrap';
import { BookingApiHarness, nextWeekdayAt, startBookingApi } from '../support/booking-api-harness';
import { captureLogs } from '../support/log-capture';

/**
 * What an operator reads (issue 12): JSON log lines from pino at LOG_LEVEL, one request id from
 * the HTTP request through the dispatch job into the change event the realtime gateway delivers,
 * and no phone number or sign-in code anywhere in the log.
 */
describe('observability: structured logs and request ids', () => {
  const { lines, stream: capture } = captureLogs();
  let router: RunningRouterServer;
  let h: BookingApiHarness;
  let worker: INestApplication;
  let sub: Redis;
  const events: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    setLogDestination(capture);
    router = await startRouterServer({
      osmFile: 'data/osm/kusel-synthetic.osm',
      port: 0,
      host: '127.0.0.1',
    });
    h = await startBookingApi({
      OSRM_URL: router.url,
      BOOKING_DECISION_WAIT_MS: '10000',
      LOG_LEVEL: 'debug',
    });
    worker = await createDispatchWorker(h.config);
    await worker.init();
    sub = h.redis.duplicate();
    await sub.subscribe(`${h.config.REDIS_PREFIX}:${EventChannel.bookingChanged}`);
    sub.on('message', (_c: string, raw: string) => events.push(JSON.parse(raw)));
  }, 120_000);

  afterAll(async () => {
    sub?.disconnect();
    await worker?.close();
    await h?.close();
    await router?.close();
    setLogDestination(process.stdout);
  });

  const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

  it('writes one JSON object per line with level, app and message, at LOG_LEVEL', async () => {
    await h.http.get('/v1/stops?q=albessen').expect(200);
    expect(lines.length).toBeGreaterThan(0);
    const records = parsed();
    for (const r of records) {
      expect(typeof r.level).toBe('string');
      expect(['booking-api', 'dispatch-worker']).toContain(r.app);
    }
    // LOG_LEVEL=debug: the per-request lines (info) are there; NODE_ENV=test alone logs warn+.
    expect(
      records.some((r) => (r.req as { url?: string } | undefined)?.url === '/v1/stops?[redacted]'),
    ).toBe(true);
  });

  it('keeps phone numbers and sign-in codes out of the log', async () => {
    const phone = '+49 151 23456789';
    await h.http.post('/v1/auth/otp').send({ phone }).expect(202);
    const text = lines.join('\n');
    expect(text).toContain('"app":"booking-api"');
    // The logging SMS adapter (NODE_ENV=test) did log the message, with number and code masked.
    expect(text).toMatch(/"context":"SMS","msg":"to [^"]*: Ihr Anmeldecode [^"]*\[redacted\]/);
    expect(text).not.toMatch(/23456789|2345 6789/);
    expect(text).not.toMatch(/(?<![\w.:/-])\d{6}(?![\w.:/-])/);
  });

  it('carries the request id from POST /v1/bookings into the dispatch job and its change event', async () => {
    const { token } = await h.riderToken();
    const requestId = 'trace-issue12-0001';
    const res = await h.http
      .post('/v1/bookings')
      .set('Authorization', `Bearer ${token}`)
      .set('x-request-id', requestId)
      .send({
        fromStopId: h.stop('ags-07336002'),
        toStopId: h.stop('eva-8003481'),
        timeKind: 'depart_at',
        time: nextWeekdayAt('09:10').toISOString(),
        passengers: 1,
      })
      .expect(201);
    expect(res.headers['x-request-id']).toBe(requestId);
    expect(res.body.status).toBe('confirmed');

    const job = await h.queue.findJob<{ requestId?: string }>(
      DispatchJob.assignBooking,
      res.body.id,
    );
    expect(job?.payload.requestId).toBe(requestId);
    const confirmed = events.find((e) => e.bookingId === res.body.id && e.status === 'confirmed');
    expect(confirmed?.requestId).toBe(requestId);
    // The booking API's request line carries it too, and so does nothing else's.
    expect(parsed().some((r) => r.app === 'booking-api' && r.requestId === requestId)).toBe(true);
  });

  it('gives a request without an id a fresh one and echoes it', async () => {
    const res = await h.http.get('/v1/web/booking-options').expect(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
