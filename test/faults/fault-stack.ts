import { parseConfig } from '@app/config';
import { DISPATCH_QUEUE } from '@app/contracts';
import { seedKusel, SeedSummary } from '@app/kusel-data';
import { StopEntity } from '@app/persistence';
import { RunningRouterServer, startRouterServer } from '@app/routing';
import { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createBookingApi } from '../../apps/booking-api/src/bootstrap';
import { checkStoredPlans, PlanCheck } from '../dispatch/dispatch-check';
import { nextWeekdayAt } from '../support/booking-api-harness';
import { ensureDatabase } from '../support/test-db';
import { freePort, OwnPostgres, startOwnPostgres } from './own-postgres';

const ROOT = join(__dirname, '..', '..');
const PREFIX = 'ridepool-faults';

/** Short retry budgets, so an outage of a few seconds outlasts them. */
export const FAULT_ENV = {
  NODE_ENV: 'test',
  REDIS_PREFIX: PREFIX,
  RATE_LIMIT_WRITES_PER_MIN: '100000',
  BOOKING_DECISION_WAIT_MS: '0',
  DISPATCH_JOB_ATTEMPTS: '3',
  DISPATCH_JOB_BACKOFF_MS: '200',
  DISPATCH_SWEEP_EVERY_MS: '1000',
  DISPATCH_SWEEP_GRACE_MS: '1500',
  DISPATCH_LOCK_MS: '2000',
  DISPATCH_CONCURRENCY: '2',
  IMPROVE_EVERY_MIN: '60',
};

/** A redis-server on a fixed (free) port that can be stopped and started again, empty. */
export class OwnRedisServer {
  private proc?: ChildProcess;
  constructor(readonly port: number) {}
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    const proc = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    this.proc = proc;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const onData = (d: Buffer) => {
        out += d.toString();
        if (out.includes('Ready to accept connections')) {
          proc.stdout!.off('data', onData);
          proc.stdout!.resume();
          resolve();
        }
      };
      proc.stdout!.on('data', onData);
      proc.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
    });
  }
  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
  }
}

/** A dispatch worker as its own process (so it can be killed -9), from the TypeScript sources. */
export class WorkerProcess {
  private proc?: ChildProcess;
  log = '';
  constructor(private readonly env: Record<string, string>) {}

  async start(): Promise<void> {
    const port = await freePort();
    this.proc = spawn(
      process.execPath,
      ['-r', './bench/realtime/swc-register.js', 'apps/dispatch-worker/src/main.ts'],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          ...this.env,
          APP_NAME: 'fault-worker',
          DISPATCH_WORKER_HEALTH_PORT: String(port),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const keep = (d: Buffer) => (this.log = (this.log + d.toString()).slice(-20_000));
    this.proc.stdout!.on('data', keep);
    this.proc.stderr!.on('data', keep);
    for (let i = 0; i < 600; i++) {
      if (this.proc.exitCode !== null) throw new Error(`worker exited: ${this.log}`);
      const ok = await fetch(`http://127.0.0.1:${port}/health`)
        .then((r) => r.status < 500)
        .catch(() => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`worker did not start: ${this.log}`);
  }

  /** kill -9: no shutdown hook runs, its transaction and job lock are left behind. */
  async kill(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
      proc.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      proc.kill('SIGTERM');
    });
  }
}

/**
 * The whole product over servers of its own that the fault tests may take away: a PostgreSQL
 * cluster, a redis-server and the embedded router, each on a free port; the booking API
 * in-process; dispatch workers as child processes.
 */
export class FaultStack {
  pg!: OwnPostgres;
  redis!: OwnRedisServer;
  router!: RunningRouterServer;
  routerPort!: number;
  api!: INestApplication;
  http!: ReturnType<typeof request>;
  ds!: DataSource;
  queue!: Queue;
  seed!: SeedSummary;
  env!: Record<string, string>;
  readonly workers: WorkerProcess[] = [];
  /** Every booking the API accepted with 2xx. */
  readonly accepted = new Set<string>();
  private stops = new Map<string, string>();
  private travel!: (a: string, b: string) => number;

  async start(): Promise<void> {
    this.pg = startOwnPostgres(await freePort());
    this.redis = new OwnRedisServer(await freePort());
    await this.redis.start();
    this.routerPort = await freePort();
    await this.startRouter();
    const databaseUrl = this.pg.url('ridepool_test_faults');
    await ensureDatabase(databaseUrl);
    this.env = {
      ...FAULT_ENV,
      DATABASE_URL: databaseUrl,
      REDIS_URL: this.redis.url,
      OSRM_URL: this.router.url,
    };
    this.api = await createBookingApi(parseConfig({ ...this.env, MIGRATIONS_RUN: 'true' }));
    await this.api.init();
    this.ds = this.api.get(DataSource);
    this.seed = await seedKusel(this.ds, { days: 15 });
    this.stops = new Map(
      (await this.ds.getRepository(StopEntity).find()).map((s) => [s.code, s.id]),
    );
    this.http = request(this.api.getHttpServer());
    this.queue = new Queue(DISPATCH_QUEUE, {
      connection: { url: this.redis.url, maxRetriesPerRequest: null },
      prefix: `${PREFIX}:bull`,
    });
    this.queue.on('error', () => undefined);
    const stops = await this.ds.getRepository(StopEntity).find();
    const table = (await (
      await fetch(
        `${this.router.url}/table/v1/driving/${stops.map((s) => `${s.lon},${s.lat}`).join(';')}?annotations=duration`,
      )
    ).json()) as { durations: number[][] };
    const idx = new Map(stops.map((s, i) => [s.id, i]));
    this.travel = (a, b) => table.durations[idx.get(a)!][idx.get(b)!];
  }

  async startRouter(): Promise<void> {
    this.router = await startRouterServer({
      osmFile: 'data/osm/kusel-synthetic.osm',
      port: this.routerPort,
      host: '127.0.0.1',
      maxTableSize: 1000,
    });
  }

  async startWorker(): Promise<WorkerProcess> {
    const w = new WorkerProcess(this.env);
    await w.start();
    this.workers.push(w);
    return w;
  }

  async close(): Promise<void> {
    for (const w of this.workers) await w.stop().catch(() => undefined);
    await this.queue?.close().catch(() => undefined);
    await this.api?.close().catch(() => undefined);
    await this.router?.close().catch(() => undefined);
    await this.redis?.stop();
    this.pg?.destroy();
  }

  stop(code: string): string {
    const id = this.stops.get(code);
    if (!id) throw new Error(`no stop ${code}`);
    return id;
  }

  async riderToken(): Promise<string> {
    const res = await this.http.post('/v1/dev/tokens').send({ role: 'rider' }).expect(201);
    return res.body.token;
  }

  /** A one-person ride into Kusel on the next weekday; remembers it when the API accepts it. */
  async book(token: string, villageCode: string, at: string) {
    const res = await this.http
      .post('/v1/bookings')
      .set('Authorization', `Bearer ${token}`)
      .send({
        fromStopId: this.stop(villageCode),
        toStopId: this.stop('eva-8003481'),
        timeKind: 'depart_at',
        time: nextWeekdayAt(at).toISOString(),
        passengers: 1,
      });
    if (res.status >= 200 && res.status < 300) this.accepted.add(res.body.id);
    return res;
  }

  /** Accepted bookings still `requested`, read straight from PostgreSQL. */
  async undecided(): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.ds.query(
      `SELECT id FROM bookings WHERE status = 'requested' AND id = ANY($1)`,
      [[...this.accepted]],
    );
    return rows.map((r) => r.id);
  }

  /** Waits until every accepted booking is decided; returns those that are not. */
  async settle(maxMs = 60_000): Promise<string[]> {
    const until = Date.now() + maxMs;
    for (;;) {
      const open = await this.undecided().catch(() => ['(database unreachable)']);
      if (open.length === 0 || Date.now() > until) return open;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** Straight in PostgreSQL: no seat overbooked, every promise held, every confirmed booking planned once. */
  check(): Promise<PlanCheck> {
    return checkStoredPlans(this.ds, this.travel);
  }
}
