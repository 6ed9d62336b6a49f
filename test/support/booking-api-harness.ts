import { AppConfig, parseConfig } from '@app/config';
import { addDays, RIDER_LIMIT_BOUNDS, toLocalTime, zonedToInstant } from '@app/domain';
import { KUSEL_TZ, seedKusel, SeedSummary } from '@app/kusel-data';
import { DispatchQueueProducer, REDIS } from '@app/messaging';
import { StopEntity } from '@app/persistence';
import { INestApplication } from '@nestjs/common';
import Redis from 'ioredis';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createBookingApi } from '../../apps/booking-api/src/bootstrap';
import { ensureDatabase, truncateAll } from './test-db';
import { workerDatabaseUrl, workerRedisPrefix, workerRedisUrl } from './test-env';

export interface BookingApiHarness {
  app: INestApplication;
  http: ReturnType<typeof request>;
  ds: DataSource;
  redis: Redis;
  queue: DispatchQueueProducer;
  config: AppConfig;
  seed: SeedSummary;
  /** Stop ids by code, e.g. `eva-8003481` (Bahnhof Kusel), `ags-07336002` (Albessen). */
  stop(code: string): string;
  riderToken(name?: string): Promise<{ token: string; riderId: string }>;
  operatorToken(): Promise<string>;
  close(): Promise<void>;
}

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return parseConfig({
    NODE_ENV: 'test',
    DATABASE_URL: workerDatabaseUrl(),
    REDIS_URL: workerRedisUrl(),
    REDIS_PREFIX: workerRedisPrefix(),
    RATE_LIMIT_WRITES_PER_MIN: '100000',
    // No worker runs unless a test starts one: answer at once instead of waiting for a decision.
    BOOKING_DECISION_WAIT_MS: '0',
    IMPROVE_EVERY_MIN: '0',
    ...overrides,
  });
}

/**
 * The booking API in-process over the real PostgreSQL (fresh, migrated, seeded with Kusel) and
 * Redis (this worker's logical database, flushed).
 */
export async function startBookingApi(
  overrides: Record<string, string> = {},
): Promise<BookingApiHarness> {
  const config = testConfig(overrides);
  await ensureDatabase(config.DATABASE_URL);
  const app = await createBookingApi(config);
  const ds = app.get(DataSource);
  const redis = app.get<Redis>(REDIS);
  let seed: SeedSummary;
  let stops: Map<string, string>;
  try {
    await app.init();
    await truncateAll(ds);
    await redis.flushdb();
    seed = await seedKusel(ds, { days: 15 });
    stops = new Map((await ds.getRepository(StopEntity).find()).map((s) => [s.code, s.id]));
  } catch (e) {
    // Not left running past this file (see stray-apps.ts).
    await app.close().catch(() => undefined);
    throw e;
  }
  const http = request(app.getHttpServer());
  return {
    app,
    http,
    ds,
    redis,
    config,
    seed,
    queue: app.get(DispatchQueueProducer),
    stop: (code) => {
      const id = stops.get(code);
      if (!id) throw new Error(`no stop ${code}`);
      return id;
    },
    riderToken: async (name = 'Testfahrgast') => {
      const res = await request(app.getHttpServer())
        .post('/v1/dev/tokens')
        .send({ role: 'rider', name })
        .expect(201);
      return { token: res.body.token, riderId: res.body.subject };
    },
    operatorToken: async () => {
      const res = await request(app.getHttpServer())
        .post('/v1/dev/tokens')
        .send({ role: 'operator' })
        .expect(201);
      return res.body.token;
    },
    close: () => app.close(),
  };
}

/**
 * For a file that books the same ride for one rider again and again (idempotency, round trips):
 * lifts the rider booking limits of every service area to their maximum. The limits have their
 * own spec (rider-booking-limits.e2e-spec.ts); the defaults stay as they are everywhere else.
 */
export async function liftRiderBookingLimits(ds: DataSource): Promise<void> {
  const b = RIDER_LIMIT_BOUNDS;
  await ds.query(
    `UPDATE service_areas SET max_overlapping_bookings_per_rider = $1, max_open_bookings_per_rider = $2`,
    [b.maxOverlappingBookingsPerRider.max, b.maxOpenBookingsPerRider.max],
  );
}

/** The next weekday (Mon-Fri) at least one day ahead, at the given Kusel wall-clock time. */
export function nextWeekdayAt(time: string, now = new Date()): Date {
  let date = addDays(toLocalTime(now, KUSEL_TZ).date, 1);
  for (;;) {
    const instant = zonedToInstant(date, time, KUSEL_TZ);
    const wd = toLocalTime(instant, KUSEL_TZ).weekday;
    if (wd !== 'sat' && wd !== 'sun') return instant;
    date = addDays(date, 1);
  }
}

/**
 * Books a one-person depart-at ride for a new rider on the next weekday at `at` (Kusel time),
 * to Bahnhof Kusel unless `to` is given; expects 201. @returns the API's answer and the token
 */
export async function bookRide(
  h: BookingApiHarness,
  opts: { from: string; to?: string; at: string },
): Promise<{ id: string; status: string; promise: { latestArrival: string }; token: string }> {
  const { token } = await h.riderToken();
  const res = await h.http
    .post('/v1/bookings')
    .set('Authorization', `Bearer ${token}`)
    .send({
      fromStopId: h.stop(opts.from),
      toStopId: h.stop(opts.to ?? 'eva-8003481'),
      timeKind: 'depart_at',
      time: nextWeekdayAt(opts.at).toISOString(),
      passengers: 1,
    })
    .expect(201);
  return { ...res.body, token };
}

/** A parsed config back as environment variables (the key ring as `kid:secret,...`). */
export function configAsEnv(c: object): Record<string, string> {
  return Object.fromEntries(
    Object.entries(c)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) =>
        k === 'JWT_KEYRING'
          ? [
              'JWT_KEYS',
              (v as Array<{ kid: string; secret: string }>)
                .map((e) => `${e.kid}:${e.secret}`)
                .join(','),
            ]
          : [k, String(v)],
      ),
  );
}

/** Polls `cond` every 200 ms until it holds; throws after `timeoutMs`. */
export async function waitUntil(cond: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('condition not met in time');
}
