/**
 * API overhead benchmark: npm run bench:api -- [--duration S] [--connections N] [--no-write].
 * Starts the booking API, the dispatch worker (embedded router) and a bare NestJS + pg app as
 * child processes over PostgreSQL (BENCH_DATABASE_URL, default .../ridepool_bench; migrated and
 * seeded with Kusel) and Redis (BENCH_REDIS_URL), then drives each endpoint with autocannon
 * from this process, one after another, and writes requests/s, p50/p99 and the ratio to the bare
 * endpoint to BENCHMARKS.md.
 */
import autocannon from 'autocannon';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeBenchmarkSection } from '../shared/benchmarks-file';
import { answers, freePort, nextWeekdayAt, prepareDatabase, startChild } from '../shared/stack';

const ROOT = path.resolve(__dirname, '../..');
const JWT_SECRET = 'bench-only-secret-0123456789-0123456789';

interface Args {
  durationS: number;
  connections: number;
  write: boolean;
  rounds: number;
  /** Endpoints to drive (all by default): bare, booking, stops, post. */
  only: string[];
}

function parseArgs(argv: string[]): Args {
  const a: Args = { durationS: 10, connections: 20, write: true, rounds: 2, only: [] };
  for (let k = 0; k < argv.length; k++) {
    if (argv[k] === '--duration') a.durationS = Number(argv[++k]);
    else if (argv[k] === '--connections') a.connections = Number(argv[++k]);
    else if (argv[k] === '--rounds') a.rounds = Number(argv[++k]);
    else if (argv[k] === '--no-write') a.write = false;
    else if (argv[k] === '--only') a.only = argv[++k].split(',');
    else throw new Error(`unknown argument ${argv[k]}`);
  }
  return a;
}

/** CPU time (user + system) a process has used so far, ms, from /proc (Linux). */
function cpuMsOf(pid: number | undefined): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // clock ticks, USER_HZ = 100
  } catch {
    return NaN;
  }
}

interface Figure {
  name: string;
  /** CPU time of the serving process per request, ms. */
  cpuMsPerRequest: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function drive(
  name: string,
  opts: autocannon.Options,
  durationS: number,
  connections: number,
  server: ChildProcess,
): Promise<Figure> {
  // A short warm-up first (JIT, pools), then the measured run.
  await autocannon({ ...opts, connections, duration: 2 });
  const cpu0 = cpuMsOf(server.pid);
  const r = await autocannon({ ...opts, connections, duration: durationS });
  const cpuMs = cpuMsOf(server.pid) - cpu0;
  const fig = {
    name,
    cpuMsPerRequest: cpuMs / Math.max(1, r.requests.total),
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
  console.log(
    `${name.padEnd(28)} ${fig.rps.toFixed(0).padStart(6)} req/s  p50 ${fig.p50} ms  p99 ${fig.p99} ms  server CPU ${fig.cpuMsPerRequest.toFixed(2)} ms/request  errors ${fig.errors}  non-2xx ${fig.non2xx}`,
  );
  return fig;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dbUrl =
    process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ridepool_bench';
  const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  await prepareDatabase(dbUrl);
  const [apiPort, workerPort, barePort] = await Promise.all([freePort(), freePort(), freePort()]);
  const common = {
    NODE_ENV: 'development',
    DATABASE_URL: dbUrl,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: 'ridepool-bench',
    JWT_SECRET,
    MIGRATIONS_RUN: 'false',
    RATE_LIMIT_WRITES_PER_MIN: '10000000',
    IMPROVE_EVERY_MIN: '0',
  };
  const api = `http://127.0.0.1:${apiPort}`;
  const bare = `http://127.0.0.1:${barePort}`;
  const children: ChildProcess[] = [];
  try {
    children.push(
      await startChild(
        'booking-api',
        'apps/booking-api/src/main.ts',
        { ...common, BOOKING_API_PORT: String(apiPort) },
        answers(`${api}/v1/stops?q=kusel`),
        // e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where the API's time goes
        process.env.BENCH_API_NODE_FLAGS?.split(' ').filter(Boolean),
      ),
    );
    children.push(
      await startChild(
        'dispatch-worker',
        'apps/dispatch-worker/src/main.ts',
        { ...common, DISPATCH_WORKER_HEALTH_PORT: String(workerPort) },
        answers(`http://127.0.0.1:${workerPort}/health`),
      ),
    );
    children.push(
      await startChild(
        'bare',
        'bench/api/bare-app.ts',
        { DATABASE_URL: dbUrl, JWT_SECRET, BARE_PORT: String(barePort) },
        answers(`${bare}/bare/bookings/00000000-0000-0000-0000-000000000000`),
      ),
    );

    const json = { 'content-type': 'application/json' };
    const token = async (): Promise<string> =>
      (
        (await (
          await fetch(`${api}/v1/dev/tokens`, {
            method: 'POST',
            headers: json,
            body: JSON.stringify({ role: 'rider', name: 'Bench' }),
          })
        ).json()) as { token: string }
      ).token;
    // One rider may hold one ride at a time and 20 open ones (the area's rider booking limits):
    // POST k books for rider k mod R, two hours after that rider's previous ride (past its promised
    // arrival), 8 rides each at most. R covers a generous 300 requests/s over every round and
    // warm-up.
    const slots = 8;
    const riders = Math.ceil((300 * args.rounds * (args.durationS + 2)) / slots);
    const tokens: string[] = [];
    while (tokens.length < riders)
      tokens.push(...(await Promise.all(Array.from({ length: 50 }, token))));
    const auth = { authorization: `Bearer ${tokens[0]}` };
    const near = `${api}/v1/stops?lat=49.54&lon=7.40&radiusM=30000&limit=50`;
    const near50 = (await (await fetch(near)).json()) as { id: string; isMainHub: boolean }[];
    const hub = near50.find((x) => x.isMainHub);
    const stops = near50.filter((x) => !x.isMainHub);
    if (!hub || stops.length === 0) throw new Error('no Kusel stops: is the database seeded?');
    const at = nextWeekdayAt('06:00');
    const rider = (k: number): number => k % riders;
    const body = (k: number): string =>
      JSON.stringify({
        fromStopId: stops[k % stops.length].id,
        toStopId: hub.id,
        timeKind: 'depart_at',
        time: new Date(
          at.getTime() + ((Math.floor(k / riders) % slots) * 120 + (rider(k) % 60)) * 60_000,
        ).toISOString(),
        passengers: 1,
      });
    const post = (k: number) => ({
      body: body(k),
      headers: { ...json, authorization: `Bearer ${tokens[rider(k)]}` },
    });
    const created = await fetch(`${api}/v1/bookings`, {
      method: 'POST',
      headers: { ...json, ...auth },
      body: body(0),
    });
    const booking = (await created.json()) as { id: string; status: string };
    console.log(
      `booking ${booking.id} (${booking.status}); load average ${os.loadavg()[0].toFixed(1)}`,
    );

    const c = args.connections;
    const d = args.durationS;
    let n = 1; // POST 0 made the booking the GETs read
    const [apiChild, , bareChild] = children;
    const endpoints: {
      key: string;
      name: string;
      opts: autocannon.Options;
      server: ChildProcess;
    }[] = [
      {
        key: 'bare',
        name: 'bare NestJS + pg',
        opts: { url: `${bare}/bare/bookings/${booking.id}`, headers: auth },
        server: bareChild,
      },
      {
        key: 'booking',
        name: 'GET /v1/bookings/:id',
        opts: { url: `${api}/v1/bookings/${booking.id}`, headers: auth },
        server: apiChild,
      },
      {
        key: 'stops',
        name: 'GET /v1/stops?q=',
        opts: { url: `${api}/v1/stops?q=alb` },
        server: apiChild,
      },
      {
        key: 'post',
        name: 'POST /v1/bookings',
        opts: {
          url: `${api}/v1/bookings`,
          method: 'POST',
          headers: { ...json, ...auth },
          requests: [
            {
              method: 'POST',
              setupRequest: (req: autocannon.Request) => ({ ...req, ...post(n++) }),
            },
          ],
        },
        server: apiChild,
      },
    ].filter((e) => args.only.length === 0 || args.only.includes(e.key));
    const rounds: Figure[][] = [];
    for (let round = 0; round < args.rounds; round++) {
      const figs: Figure[] = [];
      for (const e of endpoints) figs.push(await drive(e.name, e.opts, d, c, e.server));
      rounds.push(figs);
    }
    // Per endpoint, the round with the better throughput (the other lost more to neighbours).
    const best = rounds[0].map((_, k) =>
      rounds.map((r) => r[k]).reduce((x, y) => (y.rps > x.rps ? y : x)),
    );
    const bareRps = best.find((f) => f.name.startsWith('bare'))?.rps ?? NaN;
    const rows = best.map(
      (f) =>
        `| ${f.name} | ${f.rps.toFixed(0)} | ${f.p50} | ${f.p99} | ${(f.rps / bareRps).toFixed(2)} | ${f.cpuMsPerRequest.toFixed(2)} | ${f.errors + f.non2xx} |`,
    );
    const report = [
      '## API overhead (`npm run bench:api`)',
      '',
      `autocannon from the benchmark process, ${c} connections, ${d} s per endpoint after a 2 s ` +
        `warm-up, ${args.rounds} rounds, the round with more requests/s shown. The booking API, the ` +
        `dispatch worker (embedded router) and the bare app run as child processes (TypeScript through swc) ` +
        `(NODE_ENV=development) over the local PostgreSQL and Redis; the bare app is NestJS + pg ` +
        `verifying the same HS256 token and reading the same booking row with its two stops in ` +
        `one query, nothing else. POST creates a booking per request (the worker decides it; the ` +
        `reply waits for the decision up to BOOKING_DECISION_WAIT_MS). Shared machine: ` +
        `${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? 'cpu'}) for all processes and ` +
        `the load generator, load average ${os.loadavg()[0].toFixed(1)} at the end; Node ` +
        `${process.version}. Run on ${new Date().toISOString().slice(0, 10)}.`,
      '',
      '| endpoint | requests/s | p50 ms | p99 ms | ratio to bare | server CPU ms / request | errors + non-2xx |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows,
    ].join('\n');
    console.log(`\n${report}`);
    if (args.write) writeBenchmarkSection(path.join(ROOT, 'BENCHMARKS.md'), 'api', report);
  } finally {
    for (const ch of children) ch.kill('SIGTERM');
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
