// `npm start`: the whole product on one machine, with Landkreis Kusel loaded. Creates the
// database if it is missing (development only), migrates, seeds, then runs the three apps as
// child processes until Ctrl-C, restarting one that crashes. Production runs each app on its own
// (see docker/ and infra/).
import { clockStartMs, DISPATCH_WORKER_NODE_FLAGS, loadConfigOrExit } from '@app/config';
import { seedKusel } from '@app/kusel-data';
import { createDataSource, runMigrationsLocked } from '@app/persistence';
import { join } from 'node:path';
import { Client } from 'pg';
import { AppSupervisor } from './app-supervisor';

const APPS = ['booking-api', 'dispatch-worker', 'realtime-gateway'] as const;

async function ensureDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  u.pathname = '/postgres';
  const c = new Client({ connectionString: u.toString() });
  await c.connect();
  try {
    const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      await c.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      console.log(`created database ${name}`);
    }
  } finally {
    await c.end();
  }
}

async function main(): Promise<void> {
  // A simulated clock (development) is anchored once here, so the three apps, and an app the
  // supervisor restarts, read the same simulated time.
  if (process.env.CLOCK === 'simulated' && !process.env.CLOCK_EPOCH) {
    process.env.CLOCK_EPOCH = new Date().toISOString();
  }
  const config = loadConfigOrExit();
  if (config.NODE_ENV !== 'production') await ensureDatabase(config.DATABASE_URL);
  const ds = createDataSource(config.DATABASE_URL);
  await ds.initialize();
  await runMigrationsLocked(ds);
  // The demo fleet only outside production (issue 12).
  // Shifts from the clock's day on (a simulated clock may start on another day).
  const now =
    config.CLOCK === 'simulated'
      ? new Date(clockStartMs(config, Date.parse(config.CLOCK_EPOCH!)))
      : new Date();
  const s = await seedKusel(ds, { demoFleet: config.NODE_ENV !== 'production', now });
  await ds.destroy();
  console.log(
    `Landkreis Kusel: ${s.villages} villages, ${s.stations} stations, ${s.vehicles} vehicles, ${s.shifts} new shifts`,
  );

  // A crashed app is restarted with backoff; the others keep running.
  const supervisor = new AppSupervisor(
    APPS.map((app) => ({
      name: app,
      args: [
        ...(app === 'dispatch-worker' ? DISPATCH_WORKER_NODE_FLAGS : []),
        join(__dirname, '..', 'apps', app, 'src', 'main.js'),
      ],
      env: { ...process.env, MIGRATIONS_RUN: 'false' },
    })),
  );
  supervisor.start();
  console.log(
    `Booking API  http://localhost:${config.BOOKING_API_PORT}  (API docs at /docs)\n` +
      `Realtime     ws://localhost:${config.REALTIME_GATEWAY_PORT}/socket.io\n` +
      `Worker       http://localhost:${config.DISPATCH_WORKER_HEALTH_PORT}/health`,
  );

  function shutdown(code: number): void {
    void supervisor.stop().then(() => process.exit(code));
  }
  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
