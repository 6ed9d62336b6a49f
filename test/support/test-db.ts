import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { assertTestDatabase } from './test-env';

/** Creates the database if it is missing (each jest worker has its own). */
export async function ensureDatabase(url: string): Promise<void> {
  assertTestDatabase(url);
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/postgres';
  const c = new Client({ connectionString: u.toString() });
  await c.connect();
  try {
    const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount)
      await c.query(`CREATE DATABASE "${name}"`).catch((e: { code?: string }) => {
        if (e.code !== '42P04') throw e; // created meanwhile
      });
  } finally {
    await c.end();
  }
}

/** Empties every table but the migrations log, so each test file starts from the seed alone. */
export async function truncateAll(ds: DataSource): Promise<void> {
  assertTestDatabase(`postgres://x/${ds.driver.database}`);
  const tables = ds.entityMetadatas.map((m) => `"${m.tableName}"`).join(', ');
  await ds.query(`TRUNCATE ${tables} RESTART IDENTITY CASCADE`);
}

/**
 * How many statements on this database wait for a lock another transaction holds: a test that
 * holds a row lock waits for this before letting go, to interleave concurrent requests for sure.
 */
export async function waitingOnLocks(ds: DataSource): Promise<number> {
  const [{ n }] = await ds.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock'`,
  );
  return n;
}
