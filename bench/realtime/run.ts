/**
 * Realtime gateway load: N drivers sending a position a second, M riders and office screens
 * listening; prints the delivery delay and the gateway's CPU and memory, and writes them to
 * BENCHMARKS.md. Bounded: about a minute all told, and a watchdog ends it regardless.
 */
import { WsEvent } from '@app/contracts';
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { io, Socket } from 'socket.io-client';
import { prepareFleet } from './bench-fixtures';
import { BenchResult, formatReport, quantile, writeSection } from './bench-report';

const ROOT = join(__dirname, '..', '..');
const VEHICLES = Number(process.env.BENCH_VEHICLES ?? 200);
const LISTENERS = Number(process.env.BENCH_LISTENERS ?? 2000);
const OFFICES = Number(process.env.BENCH_OFFICES ?? 10);
const MEASURE_S = Number(process.env.BENCH_MEASURE_S ?? 30);
const WARMUP_S = 5;
const PORT = 39101;
const DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ridepool_bench_realtime';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const PREFIX = 'ridepool-bench-rt';
const JWT_SECRET = 'bench-only-secret-0123456789-0123456789-abcdef';
const CLK_TCK = 100; // Linux USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let gateway: ChildProcess | undefined;
const sockets: Socket[] = [];

async function main(): Promise<void> {
  const watchdog = setTimeout(() => void stop('watchdog: benchmark took too long', 2), 240_000);
  watchdog.unref();
  console.log(
    `preparing ${VEHICLES} vehicles, ${LISTENERS - OFFICES} riders, ${OFFICES} office screens...`,
  );
  const fleet = await prepareFleet(DATABASE_URL, JWT_SECRET, {
    vehicles: VEHICLES,
    riders: LISTENERS - OFFICES,
    offices: OFFICES,
  });
  await clearRedis();

  gateway = spawn(
    process.execPath,
    ['-r', './bench/realtime/swc-register.js', 'apps/realtime-gateway/src/main.ts'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        DATABASE_URL,
        REDIS_URL,
        REDIS_PREFIX: PREFIX,
        JWT_SECRET,
        REALTIME_GATEWAY_PORT: String(PORT),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  gateway.on('exit', (code) => {
    if (code !== null && code !== 0) void stop(`gateway exited with ${code}`, 1);
  });
  const url = `http://127.0.0.1:${PORT}`;
  await waitForHealth(url);
  console.log(`gateway pid ${gateway.pid} up; connecting ${LISTENERS} listeners...`);

  let measureFrom = Number.POSITIVE_INFINITY;
  let measureTo = Number.POSITIVE_INFINITY;
  const delays: number[] = [];
  const onPosition = (p: { at: string }) => {
    const sentAt = Date.parse(p.at);
    if (sentAt >= measureFrom && sentAt < measureTo) delays.push(Date.now() - sentAt);
  };
  const listenerTokens = [...fleet.riderTokens, ...fleet.officeTokens];
  await inBatches(listenerTokens, 100, async (token) => {
    const s = await open(url, token);
    s.on(WsEvent.vehiclePosition, onPosition);
  });
  const drivers = await inBatches(fleet.vehicles, 50, async (v) => ({
    v,
    s: await open(url, v.driverToken),
  }));
  console.log(`all connected; warming up ${WARMUP_S} s, then measuring ${MEASURE_S} s`);

  let sent = 0;
  let refused = 0;
  const t0 = Date.now();
  const timers = drivers.map(({ v, s }, i) => {
    let n = 0;
    const tick = () => {
      const k = ++n % 600;
      const f = k / 600;
      const measured = Date.now() >= measureFrom && Date.now() < measureTo;
      if (measured) sent++;
      s.emit(
        WsEvent.vehiclePosition,
        {
          lat: v.from.lat + (v.to.lat - v.from.lat) * f,
          lon: v.from.lon + (v.to.lon - v.from.lon) * f,
          heading: 90,
          speed: 12,
          accuracy: 6,
          time: new Date().toISOString(),
        },
        (ack: { ok: boolean }) => {
          if (measured && !ack.ok) refused++;
        },
      );
    };
    return setTimeout(
      () => {
        tick();
        timers[i] = setInterval(tick, 1000);
      },
      (i * 1000) / drivers.length,
    );
  });

  await sleep(WARMUP_S * 1000 - (Date.now() - t0));
  const cpu0 = gatewayCpuTicks();
  const lg0 = process.cpuUsage();
  measureFrom = Date.now();
  let rssMax = 0;
  for (let s = 0; s < MEASURE_S; s++) {
    await sleep(1000);
    rssMax = Math.max(rssMax, gatewayRssMb());
  }
  measureTo = Date.now();
  const cpu1 = gatewayCpuTicks();
  const lg = process.cpuUsage(lg0);
  const elapsedS = (measureTo - measureFrom) / 1000;
  timers.forEach((t) => clearInterval(t));
  await sleep(1000); // let the last measured positions arrive

  delays.sort((a, b) => a - b);
  const perVehicleListeners = (LISTENERS - OFFICES) / VEHICLES + OFFICES;
  const result: BenchResult = {
    vehicles: VEHICLES,
    riders: LISTENERS - OFFICES,
    offices: OFFICES,
    measureS: Math.round(elapsedS),
    positionsSent: sent,
    positionsRefused: refused,
    deliveries: delays.length,
    expectedDeliveries: Math.round(sent * perVehicleListeners),
    delayMs: {
      median: quantile(delays, 0.5),
      p99: quantile(delays, 0.99),
      max: delays.at(-1) ?? NaN,
    },
    gateway: {
      cpuPct: ((cpu1 - cpu0) / CLK_TCK / elapsedS) * 100,
      rssMbMax: rssMax,
      rssMbEnd: gatewayRssMb(),
    },
    loadGeneratorCpuPct: ((lg.user + lg.system) / 1e6 / elapsedS) * 100,
    node: process.versions.node,
    cpu: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}`,
    date: new Date().toISOString().slice(0, 10),
  };
  const report = formatReport(result);
  console.log(`\n${report}\n`);
  writeSection(report, ROOT);
  console.log('written to BENCHMARKS.md');
  await stop(null, 0);
}

function open(url: string, token: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = io(url, { auth: { token }, transports: ['websocket'], reconnection: false });
    sockets.push(s);
    const timer = setTimeout(() => reject(new Error('no session.ready in 20 s')), 20_000);
    s.once(WsEvent.sessionReady, () => {
      clearTimeout(timer);
      resolve(s);
    });
    s.once(WsEvent.error, (e: unknown) => reject(new Error(`refused: ${JSON.stringify(e)}`)));
    s.once('connect_error', reject);
  });
}

async function inBatches<T, R>(
  items: T[],
  size: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

async function waitForHealth(url: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  throw new Error('gateway did not become healthy in 60 s');
}

function gatewayCpuTicks(): number {
  const stat = readFileSync(`/proc/${gateway!.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}

function gatewayRssMb(): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${gateway!.pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

async function clearRedis(): Promise<void> {
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${PREFIX}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
}

async function stop(reason: string | null, code: number): Promise<void> {
  if (reason) console.error(reason);
  sockets.forEach((s) => s.close());
  const child = gateway;
  gateway = undefined;
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await Promise.race([new Promise((r) => child.once('exit', r)), sleep(5000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  process.exit(code);
}

main().catch((e: unknown) => void stop(e instanceof Error ? (e.stack ?? e.message) : String(e), 1));
