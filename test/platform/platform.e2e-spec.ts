import { createDataSource, MIGRATIONS, runMigrationsLocked } from '@app/persistence';
import { seedKusel } from '@app/kusel-data';
import { spawnSync } from 'node:child_process';
import request from 'supertest';
import { createBookingApi } from '../../apps/booking-api/src/bootstrap';
import { BookingApiHarness, startBookingApi, testConfig } from '../support/booking-api-harness';
import { ensureDatabase } from '../support/test-db';

describe('booking API platform: health, docs, production safety, rate limits', () => {
  let h: BookingApiHarness;
  beforeAll(async () => {
    h = await startBookingApi({ RATE_LIMIT_WRITES_PER_MIN: '5' });
  });
  afterAll(() => h.close());

  it('reports the database, Redis and routing on /health', async () => {
    const res = await h.http.get('/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, redis: { status: 'up' }, routing: { status: 'up' } },
    });
  });

  it('serves Swagger UI at /docs and the OpenAPI document with the versioned paths', async () => {
    const ui = await h.http.get('/docs/').expect(200);
    expect(ui.text).toMatch(/swagger-ui/i);
    const doc = await h.http.get('/docs/openapi.json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/bookings',
        '/v1/bookings/{id}',
        '/v1/bookings/{id}/cancel',
        '/v1/stops',
        '/v1/admin/service-areas',
        '/v1/admin/shifts',
      ]),
    );
  });

  it('limits writes per rider but never reads', async () => {
    const { token } = await h.riderToken(); // the token endpoint is a write, keyed by address
    const auth = { Authorization: `Bearer ${token}` };
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await h.http.post('/v1/bookings').set(auth).send({})).status);
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const limited = await h.http.post('/v1/bookings').set(auth).send({});
    expect(limited.body).toMatchObject({ statusCode: 429, code: 'rate_limited' });
    for (let i = 0; i < 10; i++) await h.http.get('/v1/bookings').set(auth).expect(200);
  });

  const PRODUCTION = {
    NODE_ENV: 'production',
    JWT_SECRET: 'p'.repeat(40),
    SMS_TRANSPORT: 'sipgate',
    SIPGATE_TOKEN_ID: 'id',
    SIPGATE_TOKEN: 'token',
    SIPGATE_SMS_ID: 's0',
    PUBLIC_ORIGINS: 'https://fahrten.example.org',
    METRICS_TOKEN: 'm'.repeat(24),
  };
  /** A booking API built from `env` (not listening), for the duration of `use`. */
  const withApi = async (
    env: Record<string, string>,
    use: (http: ReturnType<typeof request>) => Promise<void>,
  ) => {
    const app = await createBookingApi(testConfig(env));
    await app.init();
    try {
      await use(request(app.getHttpServer()));
    } finally {
      await app.close();
    }
  };

  it('has no development token endpoint, no public /metrics and no API docs in production', async () => {
    await withApi({ ...PRODUCTION, DEV_TOKENS: 'true' }, async (http) => {
      await http.post('/v1/dev/tokens').send({ role: 'operator' }).expect(404);
      // the ingress' `/` backend: its metrics are not public
      await http.get('/metrics').expect(401);
      // nor is the map of every admin route
      for (const path of ['/docs', '/docs/', '/docs/openapi.json'])
        await http.get(path).expect(404);
    });
  });

  it('serves the API docs in development, and in production when API_DOCS=true', async () => {
    for (const env of [{ NODE_ENV: 'development' }, { ...PRODUCTION, API_DOCS: 'true' }]) {
      await withApi(env, async (http) => {
        expect((await http.get('/docs/').expect(200)).text).toMatch(/swagger-ui/i);
        await http.get('/docs/openapi.json').expect(200);
      });
    }
  });
});

describe('migrations and seed', () => {
  it('run once when several processes start together, under the advisory lock', async () => {
    const url = testConfig().DATABASE_URL.replace(/_w(\d+)$/, '_mig_w$1');
    await ensureDatabase(url);
    const sources = [createDataSource(url), createDataSource(url), createDataSource(url)];
    await Promise.all(sources.map((s) => s.initialize()));
    try {
      await sources[0].query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
      const applied = await Promise.all(sources.map((s) => runMigrationsLocked(s)));
      expect(applied.map((a) => a.length).sort()).toEqual([0, 0, MIGRATIONS.length]);
      expect(Number((await sources[0].query('SELECT count(*) FROM migrations'))[0].count)).toBe(
        MIGRATIONS.length,
      );

      const first = await seedKusel(sources[0], { days: 3 });
      expect(first).toMatchObject({ villages: 98, stations: 14, vehicles: 10, drivers: 20 });
      expect(first.shifts).toBeGreaterThan(0);
      const second = await seedKusel(sources[1], { days: 3 });
      expect(second.shifts).toBe(0);
      expect(second.serviceAreaId).toBe(first.serviceAreaId);
      expect(Number((await sources[0].query('SELECT count(*) FROM stops'))[0].count)).toBe(112);
    } finally {
      await Promise.all(sources.map((s) => s.destroy()));
    }
  });
});

describe('configuration', () => {
  it.each([
    ['apps/booking-api/src/main.ts', { BOOKING_API_PORT: 'eighty' }, /BOOKING_API_PORT/],
    [
      'apps/dispatch-worker/src/main.ts',
      { REDIS_URL: 'http://nope' },
      /REDIS_URL: must be a redis/,
    ],
    [
      'apps/realtime-gateway/src/main.ts',
      { NODE_ENV: 'production' },
      /JWT_SECRET: is required in production/,
    ],
  ])('%s stops at start with a message naming the bad variable', (entry, env, message) => {
    const run = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', entry], {
      env: { PATH: process.env.PATH, ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(message);
  });
});
