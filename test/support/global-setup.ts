import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { assertTestDatabase, TEST_DATABASE_URL } from './test-env';

/**
 * Names this run (TEST_RUN_TAG, inherited by the jest workers) and drops every per-worker test
 * database left from an earlier run, so each run starts from fresh databases built by the real
 * migrations, under names of its own: a process an earlier run left behind (a jest worker whose
 * parent was killed, with a dispatch worker still polling) cannot reconnect to this run's data.
 */
export default async function globalSetup(): Promise<void> {
  process.env.TEST_RUN_TAG ??= randomBytes(3).toString('hex');
  assertTestDatabase(TEST_DATABASE_URL);
  const base = new URL(TEST_DATABASE_URL);
  const name = base.pathname.slice(1);
  base.pathname = '/postgres';
  const client = new Client({ connectionString: base.toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname LIKE $2`,
      [`${name}\\_w%`, `${name}\\_r%\\_w%`],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    const base = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!base.rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}
