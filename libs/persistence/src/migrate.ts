import { DataSource } from 'typeorm';

/** Arbitrary but fixed: every process of the product takes the same lock. */
export const MIGRATION_LOCK_KEY = 7336_0001;

/**
 * Runs pending migrations exactly once across all replicas: each process takes a PostgreSQL
 * session advisory lock first, so the second one waits and then finds nothing to do.
 * @returns names of the migrations this call applied.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      .catch(() => undefined);
    await runner.release();
  }
}
