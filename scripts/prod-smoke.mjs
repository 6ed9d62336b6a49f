#!/usr/bin/env node
// Production smoke check (issue 12): does the product boot and book as deployed?
//
//   node scripts/prod-smoke.mjs [--no-build] [--keep]
//
// 1. builds (unless --no-build), copies the build and the data into a temp dir and installs only
//    the production dependencies there (`npm ci --omit=dev`, as docker/Dockerfile does);
// 2. starts, from that copy and with NODE_ENV=production: the OSRM-compatible router over the
//    road data (dist/scripts/router.js), migrations and the Kusel seed with its demo fleet, then
//    the booking API, the dispatch worker and the realtime gateway, each with a JWT secret made
//    up for this run, a dedicated database (its name must contain `smoke`) and a Redis of its own;
// 3. checks /health of all three, that the development token endpoint is 404, signs a rider in
//    by phone code (SMS through the sipgate adapter to a sipgate-compatible server this script
//    runs: production refuses the logging SMS adapter) and books one ride that the dispatch
//    worker decides (confirmed) through the real stack;
// 4. scrapes /metrics of all three (401 without METRICS_TOKEN, the booking counted with it).
// Any failure exits non-zero (CI fails). Plain Node on purpose: no devDependency is needed.
//
// Settings: SMOKE_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/ridepool_smoke; the
// database is dropped and created), SMOKE_REDIS_URL (default: a redis-server started on a free
// port), SMOKE_OSM_FILE (default data/osm/kusel-synthetic.osm).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const args = new Set(process.argv.slice(2));
const DB_URL =
  process.env.SMOKE_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ridepool_smoke';
const OSM_FILE = process.env.SMOKE_OSM_FILE ?? 'data/osm/kusel-synthetic.osm';
const children = [];
const closers = [];
let tmp;

function log(msg) {
  console.log(`prod-smoke: ${msg}`);
}

function fail(msg) {
  throw new Error(msg);
}

function run(cmd, argv, opts = {}) {
  log(`$ ${cmd} ${argv.join(' ')}`);
  const r = spawnSync(cmd, argv, { stdio: 'inherit', ...opts });
  if (r.status !== 0) fail(`${cmd} ${argv.join(' ')} exited with ${r.status ?? r.signal}`);
}

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/** Starts a long-running child; its output is kept and printed if the check fails. */
function start(name, cmd, argv, opts) {
  const child = spawn(cmd, argv, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
  child.output = [];
  const keep = (d) => {
    child.output.push(d.toString());
    if (child.output.length > 400) child.output.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.label = name;
  child.on('exit', (code, signal) => {
    child.exited = { code, signal };
  });
  children.push(child);
  return child;
}

async function waitFor(what, probe, timeoutMs, child) {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    if (child?.exited)
      fail(`${what}: the process exited (${JSON.stringify(child.exited)}) before it was ready`);
    try {
      const r = await probe();
      if (r === true) return;
      last = String(r);
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  fail(`${what}: not ready after ${timeoutMs} ms (${last})`);
}

async function http(method, url, { token, body, headers = {} } = {}) {
  const res = await fetch(url, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

/**
 * Stands in for sipgate's SMS API (`POST /sessions/sms`, as the sipgate adapter calls it) and
 * keeps the messages, so the check can read the sign-in code a rider would get.
 */
async function startSmsServer() {
  const messages = [];
  const server = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      if (req.method === 'POST' && req.url?.endsWith('/sessions/sms')) {
        messages.push(JSON.parse(body));
        res.writeHead(204).end();
      } else res.writeHead(404).end();
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/v2`, messages, server };
}

/** `date` at `time` in Europe/Berlin as an ISO string with the zone's offset then. */
function berlinIso(date, time) {
  const noonUtc = new Date(`${date}T12:00:00Z`);
  const off = new Intl.DateTimeFormat('en-US', {
    timeZone: 'Europe/Berlin',
    timeZoneName: 'longOffset',
  })
    .formatToParts(noonUtc)
    .find((p) => p.type === 'timeZoneName')
    .value.replace('GMT', '');
  return `${date}T${time}:00${off || '+00:00'}`;
}

function tomorrowInBerlin() {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

async function main() {
  const dbName = decodeURIComponent(new URL(DB_URL).pathname.slice(1));
  if (!dbName.includes('smoke')) fail(`SMOKE_DATABASE_URL: database "${dbName}" lacks "smoke"`);

  if (!args.has('--no-build')) run('npm', ['run', 'build'], { cwd: ROOT });
  if (!existsSync(join(ROOT, 'dist/apps/booking-api/src/main.js'))) fail('no build in dist/');

  // --- a production tree: the build, the data, production dependencies only ------------------
  tmp = mkdtempSync(join(tmpdir(), 'ridepool-prod-'));
  log(`production tree in ${tmp}`);
  for (const f of ['package.json', 'package-lock.json', '.npmrc', 'dist', 'data']) {
    if (existsSync(join(ROOT, f))) cpSync(join(ROOT, f), join(tmp, f), { recursive: true });
  }
  run('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: tmp });
  if (existsSync(join(tmp, 'node_modules/jest')))
    fail('npm ci --omit=dev installed a devDependency');
  const prodRequire = createRequire(join(tmp, 'package.json'));

  // --- a database and a Redis of its own -------------------------------------------------------
  const { Client } = prodRequire('pg');
  const admin = new URL(DB_URL);
  admin.pathname = '/postgres';
  const adminClient = new Client({ connectionString: admin.toString() });
  await adminClient.connect();
  await adminClient.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await adminClient.query(`CREATE DATABASE "${dbName}"`);
  await adminClient.end();

  let redisUrl = process.env.SMOKE_REDIS_URL;
  if (!redisUrl) {
    const port = await freePort();
    const redis = start(
      'redis',
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { cwd: tmp },
    );
    redisUrl = `redis://127.0.0.1:${port}`;
    await waitFor(
      'redis',
      async () =>
        new Promise((res) => {
          const s = createServer().listen(port, '127.0.0.1');
          s.once('error', () => res(true));
          s.once('listening', () => s.close(() => res('not listening')));
        }),
      10_000,
      redis,
    );
  }

  const [routerPort, apiPort, gatewayPort, workerPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const sms = await startSmsServer();
  closers.push(() => sms.server.close());
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    DATABASE_URL: DB_URL,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: `smoke${process.pid}`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    // Required in production: Prometheus' bearer token for /metrics.
    METRICS_TOKEN: randomBytes(24).toString('hex'),
    // Production refuses the logging SMS transport: sipgate's API, served by startSmsServer.
    SMS_TRANSPORT: 'sipgate',
    SIPGATE_BASE_URL: sms.url,
    SIPGATE_TOKEN_ID: 'token-smoke',
    SIPGATE_TOKEN: randomBytes(16).toString('hex'),
    SIPGATE_SMS_ID: 's0',
    OSRM_URL: `http://127.0.0.1:${routerPort}`,
    ROUTER_OSM_FILE: OSM_FILE,
    BOOKING_API_PORT: String(apiPort),
    REALTIME_GATEWAY_PORT: String(gatewayPort),
    DISPATCH_WORKER_HEALTH_PORT: String(workerPort),
    PUBLIC_REALTIME_URL: `http://127.0.0.1:${gatewayPort}`,
    PUBLIC_ORIGINS: `http://127.0.0.1:${apiPort}`,
    MIGRATIONS_RUN: 'false',
    BOOKING_DECISION_WAIT_MS: '10000',
  };
  const opts = { cwd: tmp, env };

  // --- the router, the database, the apps -------------------------------------------------------
  const router = start(
    'router',
    process.execPath,
    ['dist/scripts/router.js', OSM_FILE, '--port', String(routerPort)],
    opts,
  );
  run(process.execPath, ['dist/scripts/migrate.js'], opts);
  run(process.execPath, ['dist/scripts/seed-kusel.js', '--demo-fleet'], opts);
  await waitFor(
    'router',
    async () => (await http('GET', `${env.OSRM_URL}/health`)).status < 500 || 'down',
    120_000,
    router,
  );

  const apps = [
    ['booking-api', apiPort],
    ['dispatch-worker', workerPort],
    ['realtime-gateway', gatewayPort],
  ].map(([name, port]) => ({
    name,
    port,
    child: start(name, process.execPath, [`dist/apps/${name}/src/main.js`], opts),
  }));
  for (const a of apps) {
    await waitFor(
      `${a.name} /health`,
      async () => {
        const r = await http('GET', `http://127.0.0.1:${a.port}/health`);
        return r.status === 200 || `HTTP ${r.status} ${r.text.slice(0, 200)}`;
      },
      90_000,
      a.child,
    );
    log(`${a.name} healthy on :${a.port}`);
  }

  // --- development conveniences are off -----------------------------------------------------------
  const api = `http://127.0.0.1:${apiPort}`;
  const dev = await http('POST', `${api}/v1/dev/tokens`, { body: { role: 'operator' } });
  if (dev.status !== 404) fail(`POST /v1/dev/tokens answered ${dev.status}, expected 404`);
  log('POST /v1/dev/tokens is 404');

  // --- one booking decided through the real stack -------------------------------------------------
  const phone = '+49 151 23456789';
  const asked = await http('POST', `${api}/v1/auth/otp`, { body: { phone } });
  if (asked.status !== 202) fail(`POST /v1/auth/otp: ${asked.status} ${asked.text}`);
  const code = /\b(\d{6})\b/.exec(sms.messages.at(-1)?.message ?? '')?.[1];
  if (!code) fail(`no sign-in code reached the SMS server: ${JSON.stringify(sms.messages)}`);
  const verified = await http('POST', `${api}/v1/auth/otp/verify`, { body: { phone, code } });
  if (verified.status !== 200)
    fail(`POST /v1/auth/otp/verify: ${verified.status} ${verified.text}`);
  const token = verified.json.token;
  log('a rider signed in by phone code (SMS through the sipgate adapter)');

  const stop = async (q) => {
    const r = await http('GET', `${api}/v1/stops?q=${encodeURIComponent(q)}`);
    const list = Array.isArray(r.json) ? r.json : (r.json?.items ?? r.json?.stops ?? []);
    if (r.status !== 200 || !list.length) fail(`GET /v1/stops?q=${q}: ${r.status} ${r.text}`);
    return list[0];
  };
  const from = await stop('albessen');
  const to = await stop('kusel');
  const time = berlinIso(tomorrowInBerlin(), '10:00');
  const created = await http('POST', `${api}/v1/bookings`, {
    token,
    headers: { 'idempotency-key': randomUUID() },
    body: {
      fromStopId: from.id,
      toStopId: to.id,
      timeKind: 'depart_at',
      time,
      passengers: 1,
    },
  });
  if (created.status !== 201 && created.status !== 200 && created.status !== 202)
    fail(`POST /v1/bookings: ${created.status} ${created.text}`);
  let booking = created.json;
  await waitFor(
    'the dispatch decision',
    async () => {
      if (booking.status !== 'requested') return true;
      booking = (await http('GET', `${api}/v1/bookings/${booking.id}`, { token })).json;
      return booking.status !== 'requested' || 'still requested';
    },
    60_000,
  );
  if (booking.status !== 'confirmed')
    fail(`booking ${from.name} → ${to.name} at ${time}: ${JSON.stringify(booking)}`);
  log(`booking ${from.name} → ${to.name} at ${time} confirmed by the dispatch worker`);

  // --- Prometheus metrics of each app, behind METRICS_TOKEN ------------------------------------------
  const expected = {
    'booking-api': [
      ['ridepool_http_request_duration_seconds_count', { method: 'POST', route: '/v1/bookings' }],
      ['ridepool_bookings_total', { outcome: 'requested' }],
    ],
    'dispatch-worker': [
      ['ridepool_bookings_total', { outcome: 'confirmed' }],
      ['ridepool_dispatch_decision_seconds_count', { outcome: 'confirmed' }],
      ['ridepool_queue_jobs', { queue: 'dispatch', state: 'waiting' }],
    ],
    'realtime-gateway': [
      ['ridepool_realtime_delivery_delay_seconds_count', { event: 'booking-changed' }],
    ],
  };
  /** Whether the exposition has a series of `name` with (at least) these labels, in any order. */
  const hasSeries = (text, name, labels) =>
    text
      .split('\n')
      .some(
        (line) =>
          line.startsWith(`${name}{`) &&
          Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)),
      );
  for (const a of apps) {
    const url = `http://127.0.0.1:${a.port}/metrics`;
    const open = await http('GET', url);
    if (open.status !== 401)
      fail(`${a.name} GET /metrics without the token: ${open.status}, expected 401`);
    const m = await http('GET', url, { token: env.METRICS_TOKEN });
    if (m.status !== 200) fail(`${a.name} GET /metrics: ${m.status} ${m.text.slice(0, 200)}`);
    const series = [
      ['ridepool_process_cpu_user_seconds_total', { app: a.name }],
      ...expected[a.name],
    ];
    for (const [name, labels] of series) {
      if (!hasSeries(m.text, name, labels))
        fail(`${a.name} /metrics lacks ${name}${JSON.stringify(labels)}`);
    }
  }
  log('/metrics of all three answer with the token only, with the booking counted');

  for (const a of apps) {
    if (a.child.exited) fail(`${a.name} exited: ${JSON.stringify(a.child.exited)}`);
  }
  log('all checks passed');
}

async function cleanup(failed) {
  for (const c of children) {
    if (failed && c.label !== 'redis') {
      console.error(`----- ${c.label} output (last lines) -----`);
      console.error(c.output.join('').split('\n').slice(-60).join('\n'));
    }
    if (!c.exited) c.kill('SIGTERM');
  }
  await new Promise((r) => setTimeout(r, 1000));
  for (const c of children) if (!c.exited) c.kill('SIGKILL');
  for (const close of closers) close();
  if (tmp && !args.has('--keep')) rmSync(tmp, { recursive: true, force: true });
}

main().then(
  async () => {
    await cleanup(false);
    process.exit(0);
  },
  async (e) => {
    console.error(`prod-smoke: FAILED: ${e instanceof Error ? e.message : e}`);
    await cleanup(true);
    process.exit(1);
  },
);
