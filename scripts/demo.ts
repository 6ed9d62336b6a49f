/**
 * `npm run demo`: the whole product on one machine with a simulated day running, for showing
 * the operator console. Needs PostgreSQL and Redis (as `npm start`). Starts the embedded router
 * serving OSRM's HTTP API on :5000 in this process (OSRM_URL points at it, so the worker and the
 * API speak OSRM), compiles the apps and builds the web apps, runs `dist/scripts/start-all.js`
 * (database, migrations, Kusel seed, booking API :3000 serving the web apps, dispatch worker,
 * realtime gateway :3001), then the simulator as a program of its own. Development only: the
 * console takes its operator token from /v1/dev/tokens.
 *
 * The stack runs on a simulated clock (CLOCK=simulated) that starts at CLOCK_START (default
 * 05:00 today) and runs `--speed` times as fast, so a demo started at any hour shows the whole
 * day from the morning rush to the trains; the simulator follows that clock. `CLOCK=system`
 * runs the demo on real time instead.
 *
 *   npm run demo -- [--speed 10] [--seed 1] [--share 1]
 */
import { startRouterServer } from '@app/routing';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** Builds each web app on its own, so one app's broken build does not stop the demo. */
function buildWebApps(): void {
  const apps = readdirSync(join(ROOT, 'apps')).filter(
    (d) => d.startsWith('web-') && existsSync(join(ROOT, 'apps', d, 'vite.config.ts')),
  );
  for (const app of apps) {
    try {
      execFileSync(
        join(ROOT, 'node_modules/.bin/vite'),
        ['build', '--logLevel', 'warn', '--config', join('apps', app, 'vite.config.ts')],
        {
          cwd: ROOT,
          stdio: 'inherit',
          env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
        },
      );
    } catch {
      console.error(`[demo] could not build ${app}; going on without it`);
    }
  }
}

const bin = (name: string) => join(ROOT, 'node_modules/.bin', name);

/** Compiles the apps like `npm run build`; type errors elsewhere in the tree do not stop the demo. */
function buildApps(): void {
  try {
    execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  } catch {
    console.error('[demo] tsc reported errors; running what it emitted');
  }
  execFileSync(bin('tsc-alias'), ['-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
}

async function waitFor(url: string, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer`);
}

async function main(): Promise<void> {
  const router = await startRouterServer({
    osmFile: process.env.ROUTER_OSM_FILE ?? 'data/osm/kusel-synthetic.osm',
    port: Number(process.env.ROUTER_PORT ?? 5000),
    maxTableSize: 1000,
  });
  console.log(`[demo] embedded router (OSRM HTTP API) on ${router.url}`);
  buildApps();
  buildWebApps();
  const apiPort = Number(process.env.BOOKING_API_PORT ?? 3000);
  const rtPort = Number(process.env.REALTIME_GATEWAY_PORT ?? 3001);
  const args = process.argv.slice(2);
  const speedAt = args.indexOf('--speed');
  const env = {
    ...process.env,
    CLOCK: process.env.CLOCK ?? 'simulated',
    CLOCK_START: process.env.CLOCK_START ?? '05:00',
    CLOCK_SPEED: process.env.CLOCK_SPEED ?? (speedAt >= 0 ? args[speedAt + 1] : '10'),
    OSRM_URL: router.url,
    RATE_LIMIT_WRITES_PER_MIN: process.env.RATE_LIMIT_WRITES_PER_MIN ?? '100000',
  };
  // Database, migrations, Kusel seed and the three apps, exactly as `npm start` runs them.
  const children: ChildProcess[] = [
    spawn(process.execPath, [join(ROOT, 'dist/scripts/start-all.js')], {
      cwd: ROOT,
      stdio: 'inherit',
      env,
    }),
  ];
  await waitFor(`http://127.0.0.1:${apiPort}/v1/client-config`);
  await waitFor(`http://127.0.0.1:${rtPort}/health`).catch(() => undefined);
  const sim = spawn(bin('tsx'), ['apps/simulator/src/main.ts', ...args], {
    cwd: ROOT,
    stdio: 'inherit',
    env: {
      ...env,
      API_URL: `http://127.0.0.1:${apiPort}`,
      GATEWAY_URL: `http://127.0.0.1:${rtPort}`,
    },
  });
  children.push(sim);
  console.log(
    `\n[demo] Console      http://localhost:${apiPort}/console/\n` +
      `[demo] Booking API  http://localhost:${apiPort}/docs\n` +
      `[demo] Realtime     ws://localhost:${rtPort}/socket.io\n` +
      `[demo] Router       ${router.url} (OSRM v5 HTTP)\n` +
      '[demo] Ctrl-C stops everything.\n',
  );
  sim.on('exit', (code) =>
    console.log(`[demo] simulator finished (${code}); the apps keep running`),
  );
  const shutdown = async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 3000));
    await router.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
