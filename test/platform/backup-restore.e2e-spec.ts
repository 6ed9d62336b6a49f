import { RunningRouterServer, startRouterServer } from '@app/routing';
import { INestApplication } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createDispatchWorker } from '../../apps/dispatch-worker/src/bootstrap';
import { BookingApiHarness, nextWeekdayAt, startBookingApi } from '../support/booking-api-harness';
import { assertTestDatabase } from '../support/test-env';

/**
 * docs/deployment.md's backup and restore, done for real (issue 12): bookings confirmed by the
 * dispatch worker, `pg_dump --format=custom`, `pg_restore` into a fresh database, and the
 * restored database holds the same bookings, status histories and vehicle schedules.
 */
describe('backup and restore of PostgreSQL', () => {
  let router: RunningRouterServer;
  let h: BookingApiHarness;
  let worker: INestApplication;
  let dir: string;
  let restoredUrl: string;

  beforeAll(async () => {
    router = await startRouterServer({
      osmFile: 'data/osm/kusel-synthetic.osm',
      port: 0,
      host: '127.0.0.1',
    });
    h = await startBookingApi({ OSRM_URL: router.url, BOOKING_DECISION_WAIT_MS: '10000' });
    worker = await createDispatchWorker(h.config);
    await worker.init();
    dir = mkdtempSync(join(tmpdir(), 'ridepool-backup-'));
    const u = new URL(h.config.DATABASE_URL);
    u.pathname = `${u.pathname}_restore`;
    restoredUrl = u.toString();
    assertTestDatabase(restoredUrl);
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await h?.close();
    await router?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const snapshot = async (url: string) => {
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      const q = async (sql: string) => (await c.query(sql)).rows;
      return {
        bookings: await q(`SELECT * FROM bookings ORDER BY id`),
        history: await q(`SELECT * FROM booking_events ORDER BY id`),
        schedules: await q(`SELECT * FROM vehicle_schedules ORDER BY id`),
      };
    } finally {
      await c.end();
    }
  };

  it('restores the same bookings and schedules from a pg_dump into a fresh database', async () => {
    const { token } = await h.riderToken();
    for (const [from, at] of [
      ['ags-07336002', '07:30'],
      ['ags-07336004', '08:10'],
    ]) {
      const res = await h.http
        .post('/v1/bookings')
        .set('Authorization', `Bearer ${token}`)
        .send({
          fromStopId: h.stop(from),
          toStopId: h.stop('eva-8003481'),
          timeKind: 'depart_at',
          time: nextWeekdayAt(at).toISOString(),
          passengers: 1,
        })
        .expect(201);
      expect(res.body.status).toBe('confirmed');
    }
    const before = await snapshot(h.config.DATABASE_URL);
    expect(before.bookings.length).toBe(2);
    expect(before.schedules.length).toBeGreaterThan(0);

    const dump = join(dir, 'ridepool.dump');
    execFileSync('pg_dump', [
      '--format=custom',
      '--no-owner',
      `--file=${dump}`,
      h.config.DATABASE_URL,
    ]);
    const name = new URL(restoredUrl).pathname.slice(1);
    const admin = new URL(restoredUrl);
    admin.pathname = '/postgres';
    const c = new Client({ connectionString: admin.toString() });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}"`);
    await c.end();
    execFileSync('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${restoredUrl}`, dump]);

    expect(await snapshot(restoredUrl)).toEqual(before);
  });
});
