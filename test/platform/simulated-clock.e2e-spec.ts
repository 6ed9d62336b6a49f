import { clockFromConfig } from '@app/application';
import { parseConfig } from '@app/config';
import { DISPATCH_QUEUE } from '@app/contracts';
import { Clock, toLocalTime } from '@app/domain';
import { KUSEL_TZ } from '@app/kusel-data';
import { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DispatchStack, startDispatchStack } from '../support/dispatch-stack';
import { BookingApiHarness, nextWeekdayAt, startBookingApi } from '../support/booking-api-harness';

/**
 * `npm run demo` on a simulated clock (issue 16): the booking API and the dispatch worker run on
 * a clock that starts at 05:00 of a weekday and runs ten times as fast, whatever the real hour.
 */
describe('the stack on a simulated clock (real PostgreSQL, Redis, router and worker)', () => {
  let h: BookingApiHarness;
  let worker: INestApplication;
  let stack: DispatchStack | undefined;
  const start = nextWeekdayAt('05:00');

  beforeAll(async () => {
    ({ h, worker } = stack = await startDispatchStack({
      BOOKING_DECISION_WAIT_MS: '10000',
      IMPROVE_EVERY_MIN: '5',
      CLOCK: 'simulated',
      CLOCK_START: start.toISOString(),
      CLOCK_SPEED: '10',
      // As `npm start` and `npm run demo` do: one anchor for every app.
      CLOCK_EPOCH: new Date().toISOString(),
    }));
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  const auth = (t: string) => ({ Authorization: `Bearer ${t}` });
  const local = (iso: string) => toLocalTime(new Date(iso), KUSEL_TZ);

  it('books "now" on the simulated morning, and the worker decides it on the same clock', async () => {
    const { body: config } = await h.http.get('/v1/client-config').expect(200);
    expect(config.clock).toMatchObject({ simulated: true, speed: 10 });
    const serverNow = new Date(config.clock.now);
    expect(local(config.clock.now).date).toBe(local(start.toISOString()).date);
    expect(serverNow.getTime()).toBeGreaterThanOrEqual(start.getTime());
    expect(serverNow.getTime()).toBeLessThan(start.getTime() + 3 * 3600_000);
    // The API and the worker read the same clock.
    const workerNow = worker.get(Clock).now().getTime();
    expect(Math.abs(workerNow - h.app.get(Clock).now().getTime())).toBeLessThan(60_000);

    const { token } = await h.riderToken();
    const body = (time: Date) => ({
      fromStopId: h.stop('ags-07336002'), // Albessen
      toStopId: h.stop('eva-8003481'), // Bahnhof Kusel
      timeKind: 'depart_at',
      time: time.toISOString(),
      passengers: 1,
    });
    // As the rider app's "as soon as possible": the server's now plus the notice.
    const asap = new Date(h.app.get(Clock).now().getTime() + 40 * 60_000);
    const res = await h.http.post('/v1/bookings').set(auth(token)).send(body(asap)).expect(201);
    expect(res.body.status).toBe('confirmed');
    const pickup = local(res.body.promise.pickupFrom);
    expect(pickup.date).toBe(local(start.toISOString()).date);
    expect(pickup.minuteOfDay).toBeGreaterThanOrEqual(5 * 60);
    expect(pickup.minuteOfDay).toBeLessThan(9 * 60);

    // Notice is checked on the simulated clock: five minutes after its start is too soon,
    // though it lies hours ahead in real time.
    const tooSoon = new Date(start.getTime() + 5 * 60_000);
    const refused = await h.http.post('/v1/bookings').set(auth(token)).send(body(tooSoon));
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toContain('time');
  });

  it('runs the improvement search every IMPROVE_EVERY_MIN simulated minutes', async () => {
    const queue = new Queue(DISPATCH_QUEUE, {
      connection: { url: h.config.REDIS_URL },
      prefix: `${h.config.REDIS_PREFIX}:bull`,
    });
    try {
      const periodic = await queue.getJobScheduler(`improve-open.${h.seed.countyId}`);
      // 5 simulated minutes at ten times real speed.
      expect(Number(periodic?.every)).toBe(30_000);
    } finally {
      await queue.close();
    }
  });
});

describe('configuration of the clock', () => {
  it('refuses a simulated clock in production, naming CLOCK', () => {
    expect(() =>
      parseConfig({
        NODE_ENV: 'production',
        CLOCK: 'simulated',
        JWT_SECRET: 'x'.repeat(40),
        PUBLIC_ORIGINS: 'https://rufbus.example',
      }),
    ).toThrow(/CLOCK: production always runs on real time/);
  });

  it('names a bad start or speed', () => {
    expect(() => parseConfig({ CLOCK: 'simulated', CLOCK_START: '25:00' })).toThrow(
      /CLOCK_START: must be HH:MM/,
    );
    expect(() => parseConfig({ CLOCK: 'simulated', CLOCK_SPEED: '0' })).toThrow(/CLOCK_SPEED/);
  });

  it('lets apps started one after the other share the first one’s anchor through Redis', async () => {
    const h = await startBookingApi();
    try {
      const config = parseConfig({ CLOCK: 'simulated', CLOCK_START: '05:00', CLOCK_SPEED: '10' });
      const shared = { redis: h.redis, prefix: `${h.config.REDIS_PREFIX}-clock-test` };
      const first = await clockFromConfig(config, shared, () => 1_000_000);
      // A second app starting a real minute later reads the same simulated time.
      const second = await clockFromConfig(config, shared, () => 1_060_000);
      expect(second.now().getTime()).toBe(first.now().getTime() + 600_000);
      expect(second.realMsFor(600_000)).toBe(60_000);
    } finally {
      await h.close();
    }
  });
});
