import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { liftRiderBookingLimits } from '../support/booking-api-harness';
import { FaultStack, WorkerProcess } from './fault-stack';

/**
 * Outages lose nothing (issue 11). The product runs over a PostgreSQL, a Redis and a router of its
 * own that each scenario takes away; afterwards, straight in PostgreSQL: every booking the API
 * accepted is decided, no seat is overbooked and every promise holds.
 */
describe('faults: a booking accepted with 2xx is decided, whatever the outage', () => {
  const stack = new FaultStack();
  let worker: WorkerProcess;
  let token: string;
  const villages = ['ags-07336002', 'ags-07336003', 'ags-07336005', 'ags-07336006', 'ags-07336010'];
  let minute = 0;
  /** Rides spread over the morning so most can be served. */
  const nextTime = () => {
    minute += 7;
    return `${String(6 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
  };
  const bookSome = async (n: number) => {
    const res = [];
    for (let i = 0; i < n; i++)
      res.push(await stack.book(token, villages[i % villages.length], nextTime()));
    return res;
  };

  beforeAll(async () => {
    await stack.start();
    worker = await stack.startWorker();
    // One rider books a ride every 7 minutes and reads and cancels them during the outages (new
    // riders cannot sign up while Redis is down): the rider booking limits are lifted here.
    await liftRiderBookingLimits(stack.ds);
    token = await stack.riderToken();
  }, 120_000);
  afterAll(() => stack.close(), 60_000);

  afterEach(async () => {
    expect(await stack.settle()).toEqual([]);
    const check = await stack.check();
    expect(check.violations).toEqual([]);
    expect(check.planned).toBe(check.confirmed);
  }, 90_000);

  it('a worker killed -9 in the middle of a transaction: its booking is decided by another', async () => {
    for (const r of await bookSome(3)) expect(r.status).toBe(201);
    expect(await stack.settle()).toEqual([]);

    // Hold the county's dispatch lock, so the worker's next transaction stops inside it.
    const key = createHash('sha256').update(stack.seed.countyId).digest().readInt32BE(0);
    const blocker = new Client({ connectionString: stack.env.DATABASE_URL });
    await blocker.connect();
    await blocker.query('SELECT pg_advisory_lock(7336, $1)', [key]);
    const [caught] = await bookSome(1);
    expect(caught.status).toBe(201);
    let waiting = 0;
    for (let i = 0; i < 200 && !waiting; i++) {
      await new Promise((r) => setTimeout(r, 50));
      waiting = (
        await blocker.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE application_name = 'fault-worker' AND xact_start IS NOT NULL AND wait_event_type = 'Lock'`,
        )
      ).rows[0].n;
    }
    expect(waiting).toBeGreaterThan(0);
    await worker.kill();
    await blocker.query('SELECT pg_advisory_unlock(7336, $1)', [key]);
    await blocker.end();
    expect(
      (await stack.ds.query(`SELECT status FROM bookings WHERE id = $1`, [caught.body.id]))[0]
        .status,
    ).toBe('requested');
    worker = await stack.startWorker();
  }, 120_000);

  it('Redis restarts (empty): bookings are stored, answered and cancelled meanwhile, and decided after', async () => {
    const [kept] = await bookSome(1);
    expect(await stack.settle()).toEqual([]);
    const planned = async (id: string) =>
      (
        await stack.ds.query(`SELECT 1 FROM vehicle_schedules WHERE stops::text LIKE $1`, [
          `%${id}%`,
        ])
      ).length > 0;
    const confirmed = (
      await stack.ds.query(`SELECT status FROM bookings WHERE id = $1`, [kept.body.id])
    )[0].status;
    expect(confirmed).toBe('confirmed');
    expect(await planned(kept.body.id)).toBe(true);
    // The worker's recurring jobs (improvement runs, each county's roster roll-forward, ...).
    const registered = await stack.queue.getJobSchedulersCount();
    expect(registered).toBeGreaterThanOrEqual(2);

    await stack.redis.stop();
    // Cancelled while the release job cannot be queued (its retries run out during the
    // outage): its seat is freed once Redis is back.
    const cancel = await stack.http
      .post(`/v1/bookings/${kept.body.id}/cancel`)
      .set('Authorization', `Bearer ${token}`)
      .send({});
    expect(cancel.status).toBe(200);
    const during = await bookSome(3);
    for (const r of during) expect(r.status).toBe(201);
    const read = await stack.http
      .get(`/v1/bookings/${during[0].body.id}`)
      .set('Authorization', `Bearer ${token}`);
    expect(read.status).toBe(200);
    await stack.redis.start();
    let stillPlanned = true;
    for (let i = 0; i < 240 && stillPlanned; i++) {
      await new Promise((r) => setTimeout(r, 250));
      stillPlanned = await planned(kept.body.id);
    }
    expect(stillPlanned).toBe(false);
    // The recurring jobs were wiped with everything else; the worker registers them again.
    let schedulers = 0;
    for (let i = 0; i < 240 && schedulers < registered; i++) {
      await new Promise((r) => setTimeout(r, 250));
      schedulers = await stack.queue.getJobSchedulersCount().catch(() => 0);
    }
    expect(schedulers).toBe(registered);
  }, 120_000);

  it('the router stops: the booking is decided (rejected when it cannot be planned), and routing answers 503', async () => {
    await stack.router.close();
    const during = await bookSome(2);
    for (const r of during) expect(r.status).toBe(201);
    const driverId = (await stack.ds.query(`SELECT id FROM drivers LIMIT 1`))[0].id;
    const driver = await stack.http
      .post('/v1/dev/tokens')
      .send({ role: 'driver', subject: driverId });
    const route = await stack.http
      .get(`/v1/drivers/me/route?fromLat=49.5&fromLon=7.4&toStopId=${stack.stop('eva-8003481')}`)
      .set('Authorization', `Bearer ${driver.body.token}`);
    expect(route.status).toBe(503);
    expect(route.headers['retry-after']).toMatch(/^\d+$/);
    expect(await stack.settle()).toEqual([]);
    await stack.startRouter();
    const after = await bookSome(1);
    expect(after[0].status).toBe(201);
  }, 120_000);

  it('PostgreSQL is down for longer than the retry budget: 503 meanwhile, every booking decided after', async () => {
    const before = await bookSome(4);
    for (const r of before) expect(r.status).toBe(201);
    stack.pg.stop();
    const refused = await stack.book(token, villages[0], nextTime());
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.body.code).toBe('database_unavailable');
    const list = await stack.http.get('/v1/bookings').set('Authorization', `Bearer ${token}`);
    expect(list.status).toBe(503);
    // Outlast the jobs' retries (3 tries, 0.2 s then 0.4 s apart): the jobs fail in Redis.
    let failed = 0;
    for (let i = 0; i < 120 && failed === 0; i++) {
      await new Promise((r) => setTimeout(r, 250));
      failed = await stack.queue.getFailedCount();
    }
    expect(failed).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 3000));
    stack.pg.start();
  }, 120_000);
});
