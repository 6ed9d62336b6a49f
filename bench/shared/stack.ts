/**
 * The product's processes for the benchmarks that drive the real stack (bench:api,
 * bench:burst): a free port, a migrated and seeded database, and apps as child processes.
 */
import { addDays, toLocalTime, zonedToInstant } from '@app/domain';
import { KUSEL_TZ, seedKusel } from '@app/kusel-data';
import { createDataSource, runMigrationsLocked } from '@app/persistence';
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { Client } from 'pg';

const ROOT = path.resolve(__dirname, '../..');

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/** Creates the database if missing (dropped first when `fresh`), migrates and seeds Kusel. */
export async function prepareDatabase(url: string, fresh = false): Promise<void> {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  const quoted = `"${name.replace(/"/g, '""')}"`;
  u.pathname = '/postgres';
  const c = new Client({ connectionString: u.toString() });
  await c.connect();
  if (fresh) await c.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
  const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (!rowCount) await c.query(`CREATE DATABASE ${quoted}`);
  await c.end();
  const ds = createDataSource(url);
  await ds.initialize();
  await runMigrationsLocked(ds);
  await seedKusel(ds, { days: 15 });
  await ds.destroy();
}

/**
 * Starts a TypeScript entry point in plain node through swc (bench/realtime/swc-register.js:
 * decorator metadata for Nest's DI, which tsx does not emit); resolves once `ready` answers.
 */
export async function startChild(
  name: string,
  entry: string,
  env: Record<string, string>,
  ready: () => Promise<boolean>,
  nodeFlags: readonly string[] = [],
): Promise<ChildProcess> {
  const register = './bench/realtime/swc-register.js';
  // BENCH_LOG_DIR: each child's log (standard output) goes to <dir>/<name>.log, else nowhere.
  const logDir = process.env.BENCH_LOG_DIR;
  const out = logDir ? openSync(path.join(logDir, `${name}.log`), 'w') : 'ignore';
  const child = spawn(process.execPath, [...nodeFlags, '-r', register, entry], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', out, 'pipe'],
  });
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[${name}] ${d.toString()}`));
  for (let k = 0; k < 240; k++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    if (await ready().catch(() => false)) return child;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${name} did not start`);
}

/** A readiness probe: the URL answers with anything below 500. */
export const answers = (url: string) => async (): Promise<boolean> =>
  (await fetch(url)).status < 500;

/** The next weekday at least a day ahead, at `time` (HH:MM) in Kusel. */
export function nextWeekdayAt(time: string): Date {
  let date = addDays(toLocalTime(new Date(), KUSEL_TZ).date, 1);
  for (;;) {
    const instant = zonedToInstant(date, time, KUSEL_TZ);
    const wd = toLocalTime(instant, KUSEL_TZ).weekday;
    if (wd !== 'sat' && wd !== 'sun') return instant;
    date = addDays(date, 1);
  }
}
