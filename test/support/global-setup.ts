import { Client } from 'pg';
import { assertTestDatabase, TEST_DATABASE_URL } from './test-env';

/**
 * Drops every per-worker test database left from an earlier run, so each run starts from
 * fresh databases built by the real migrations.
 */
export default async function globalSetup(): Promise<void> {
  assertTestDatabase(TEST_DATABASE_URL);
  const base = new URL(TEST_DATABASE_URL);
  const name = base.pathname.slice(1);
  base.pathname = '/postgres';
  const client = new Client({ connectionString: base.toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`${name}\\_w%`],
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
