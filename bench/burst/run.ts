/**
 * Decisions under a burst: npm run bench:burst -- [--requests N] [--seconds S] [--no-write].
 * The real stack: the routing server (embedded, OSRM HTTP API, in this process), the booking
 * API and two dispatch workers as child processes, PostgreSQL (BENCH_DATABASE_URL with
 * `_burst` appended, dropped and seeded afresh) and Redis (BENCH_REDIS_URL). N booking requests
 * for Landkreis Kusel are sent evenly within S seconds, each by its own rider; each reply's time and
 * whether it carries the decision are recorded; afterwards the stored schedules go through the
 * independent check (checkStoredPlans in libs/application). Writes its section of BENCHMARKS.md.
 */
import { DISPATCH_WORKER_NODE_FLAGS } from '@app/config';
import { loadMunicipalities } from '@app/kusel-data';
import { startRouterServer } from '@app/routing';
import type { ChildProcess } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { checkStoredPlans } from '@app/application';
import { writeBenchmarkSection } from '../shared/benchmarks-file';
import { answers, freePort, nextWeekdayAt, prepareDatabase, startChild } from '../shared/stack';

const ROOT = path.resolve(__dirname, '../..');

interface Args {
  requests: number;
  seconds: number;
  write: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { requests: 300, seconds: 10, write: true };
  for (let k = 0; k < argv.length; k++) {
    if (argv[k] === '--requests') a.requests = Number(argv[++k]);
    else if (argv[k] === '--seconds') a.seconds = Number(argv[++k]);
    else if (argv[k] === '--no-write') a.write = false;
    else throw new Error(`unknown argument ${argv[k]}`);
  }
  return a;
}

const quantile = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};

interface Reply {
  ms: number;
  status: number;
  bookingStatus: string;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const base =
    process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ridepool_bench';
  const u = new URL(base);
  u.pathname = `${u.pathname}_burst`;
  const dbUrl = u.toString();
  const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  await prepareDatabase(dbUrl, true);
  const router = await startRouterServer({
    osmFile: path.join(ROOT, 'data/osm/kusel-synthetic.osm'),
    port: 0,
    host: '127.0.0.1',
    maxTableSize: 1000,
  });
  const [apiPort, w1Port, w2Port] = await Promise.all([freePort(), freePort(), freePort()]);
  const common = {
    NODE_ENV: 'development',
    DATABASE_URL: dbUrl,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: 'ridepool-burst',
    OSRM_URL: router.url,
    MIGRATIONS_RUN: 'false',
    RATE_LIMIT_WRITES_PER_MIN: '100000',
    IMPROVE_EVERY_MIN: '0',
  };
  const api = `http://127.0.0.1:${apiPort}`;
  const children: ChildProcess[] = [];
  const ds = new DataSource({ type: 'postgres', url: dbUrl });
  try {
    children.push(
      await startChild(
        'booking-api',
        'apps/booking-api/src/main.ts',
        { ...common, BOOKING_API_PORT: String(apiPort) },
        answers(`${api}/v1/stops?q=kusel`),
      ),
    );
    for (const port of [w1Port, w2Port]) {
      children.push(
        await startChild(
          `worker-${port}`,
          'apps/dispatch-worker/src/main.ts',
          { ...common, DISPATCH_WORKER_HEALTH_PORT: String(port) },
          answers(`http://127.0.0.1:${port}/health`),
          DISPATCH_WORKER_NODE_FLAGS,
        ),
      );
    }
    const json = { 'content-type': 'application/json' };
    // One rider per request: a rider may hold one ride at a time (the area's rider booking
    // limits), and a burst is many riders booking at once.
    const tokens = await Promise.all(
      Array.from({ length: args.requests }, async (_, i) => {
        const res = await fetch(`${api}/v1/dev/tokens`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ role: 'rider', name: `Fahrgast ${i}` }),
        });
        return ((await res.json()) as { token: string }).token;
      }),
    );
    const near = (await (
      await fetch(`${api}/v1/stops?lat=49.54&lon=7.40&radiusM=40000&limit=200`)
    ).json()) as { id: string; code: string; isMainHub: boolean }[];
    const hub = near.find((s) => s.isMainHub)!;
    const byAgs = new Map(near.map((s) => [s.code, s.id]));
    const villages = loadMunicipalities()
      .filter((v) => byAgs.has(`ags-${v.ags}`))
      .map((v) => ({ id: byAgs.get(`ags-${v.ags}`)!, population: v.population }));
    const total = villages.reduce((s, v) => s + v.population, 0);
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const village = (): string => {
      let x = rnd() * total;
      for (const v of villages) if ((x -= v.population) <= 0) return v.id;
      return villages[0].id;
    };
    const day = nextWeekdayAt('06:00').getTime();
    const bodies = Array.from({ length: args.requests }, () => {
      const toHub = rnd() < 0.8;
      const v = village();
      return JSON.stringify({
        fromStopId: toHub ? v : hub.id,
        toStopId: toHub ? hub.id : v,
        timeKind: 'depart_at',
        time: new Date(day + Math.floor(rnd() * 4 * 3600) * 1000).toISOString(),
        passengers: 1 + Math.floor(rnd() * 2),
        wheelchairPlaces: rnd() < 0.05 ? 1 : 0,
      });
    });

    console.log(
      `${args.requests} booking requests within ${args.seconds} s; load average ${os.loadavg()[0].toFixed(1)}`,
    );
    const gapMs = (args.seconds * 1000) / args.requests;
    const t0 = performance.now();
    const replies = await Promise.all(
      bodies.map(async (body, i): Promise<Reply> => {
        const due = t0 + i * gapMs;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const start = performance.now();
        const res = await fetch(`${api}/v1/bookings`, {
          method: 'POST',
          headers: { ...json, authorization: `Bearer ${tokens[i % tokens.length]}` },
          body,
        });
        const out = (await res.json()) as { status?: string };
        return {
          ms: performance.now() - start,
          status: res.status,
          bookingStatus: out.status ?? '',
        };
      }),
    );
    const sentS = (performance.now() - t0) / 1000;

    await ds.initialize();
    for (let k = 0; k < 600; k++) {
      const [{ n }] = await ds.query(
        `SELECT count(*)::int AS n FROM bookings WHERE status = 'requested'`,
      );
      if (n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const allDecidedS = (performance.now() - t0) / 1000;
    const stops = (await ds.query(`SELECT id, lat, lon FROM stops ORDER BY id`)) as {
      id: string;
      lat: number;
      lon: number;
    }[];
    const table = (await (
      await fetch(
        `${router.url}/table/v1/driving/${stops.map((s) => `${s.lon},${s.lat}`).join(';')}?annotations=duration`,
      )
    ).json()) as { durations: number[][] };
    const idx = new Map(stops.map((s, i) => [s.id, i]));
    const check = await checkStoredPlans(ds, (a, b) => table.durations[idx.get(a)!][idx.get(b)!]);
    // Decisions of one transaction share its start time (booking_events.at defaults to now()).
    const [batches] = (await ds.query(
      `SELECT count(*)::int AS n, coalesce(max(size), 0)::int AS largest FROM (
         SELECT at, count(*) AS size FROM booking_events
          WHERE actor = 'dispatch-worker' AND from_status = 'requested' GROUP BY at) x`,
    )) as { n: number; largest: number }[];
    const statuses = (await ds.query(
      `SELECT status, count(*)::int AS n FROM bookings GROUP BY status ORDER BY status`,
    )) as { status: string; n: number }[];

    const decisionCount = statuses
      .filter((s) => s.status !== 'requested')
      .reduce((sum, s) => sum + s.n, 0);
    const ok = replies.filter((r) => r.status === 201);
    const decided = ok.filter((r) => r.bookingStatus !== 'requested');
    const ms = replies.map((r) => r.ms);
    const f = (x: number): string => x.toFixed(0);
    const rows: [string, string][] = [
      ['requests sent / answered 201', `${replies.length} in ${sentS.toFixed(1)} s / ${ok.length}`],
      [
        'replies carrying the decision',
        `${decided.length} (${((100 * decided.length) / replies.length).toFixed(1)} %)`,
      ],
      [
        'reply time median / p95 / max ms',
        `${f(quantile(ms, 0.5))} / ${f(quantile(ms, 0.95))} / ${f(Math.max(...ms))}`,
      ],
      ['every booking decided after (from the first request)', `${allDecidedS.toFixed(1)} s`],
      [
        'decision transactions (batches) / mean / largest size',
        `${batches.n} / ${(decisionCount / Math.max(1, batches.n)).toFixed(1)} / ${batches.largest}`,
      ],
      ['bookings by status', statuses.map((s) => `${s.n} ${s.status}`).join(', ')],
      [
        'independent check of the stored schedules',
        check.violations.length === 0
          ? `no violation (${check.confirmed} confirmed, ${check.planned} planned)`
          : `${check.violations.length} violations: ${check.violations.slice(0, 3).join('; ')}`,
      ],
    ];
    const report = [
      '## Decisions under a burst (`npm run bench:burst`)',
      '',
      `${args.requests} booking requests for Landkreis Kusel sent evenly within ${args.seconds} s by ` +
        `as many riders (80 % village to Bahnhof Kusel, the rest back, 06:00-10:00 of the next weekday, ` +
        `villages weighted by population, 1-2 passengers, 5 % wheelchair) to the booking API, ` +
        `which waits up to BOOKING_DECISION_WAIT_MS (4 s) for the decision; two dispatch workers deciding the waiting bookings of a service area in batches (one county lock, one snapshot, one transaction, DISPATCH_BATCH_MAX 50); ` +
        `the embedded routing server over OSRM's HTTP API; PostgreSQL and ` +
        `Redis on this machine. All processes share ${os.availableParallelism()} cores ` +
        `(${os.cpus()[0]?.model ?? 'cpu'}) with other work (load average ` +
        `${os.loadavg()[0].toFixed(1)} at the end); Node ${process.version}. Run on ` +
        `${new Date().toISOString().slice(0, 10)}.`,
      '',
      '| figure | value |',
      '| --- | ---: |',
      ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    ].join('\n');
    console.log(`\n${report}`);
    if (args.write) writeBenchmarkSection(path.join(ROOT, 'BENCHMARKS.md'), 'burst', report);
  } finally {
    for (const ch of children) ch.kill('SIGTERM');
    if (ds.isInitialized) await ds.destroy();
    await router.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
