/**
 * Where integration tests find their services. Each jest worker gets its own PostgreSQL
 * database, Redis logical database and Redis prefix, so files run in parallel without sharing
 * state.
 */
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ridepool_test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function assertTestDatabase(url: string): void {
  const name = new URL(url).pathname.slice(1);
  if (!/test/.test(name)) {
    throw new Error(
      `Refusing to run tests against database "${name}": its name must contain "test".`,
    );
  }
}

export function workerIndex(): number {
  return Number(process.env.JEST_WORKER_ID ?? '1');
}

/** This worker's database URL, e.g. .../ridepool_test_w2. */
export function workerDatabaseUrl(): string {
  const u = new URL(TEST_DATABASE_URL);
  u.pathname = `${u.pathname}_w${workerIndex()}`;
  assertTestDatabase(u.toString());
  return u.toString();
}

/** Redis logical database 1..15 by worker; 0 is left to developers. */
export function workerRedisUrl(): string {
  const u = new URL(TEST_REDIS_URL);
  u.pathname = `/${1 + ((workerIndex() - 1) % 15)}`;
  return u.toString();
}

/**
 * This worker's Redis key and channel prefix, e.g. ridepool-test-w2: pub/sub channels span
 * Redis's logical databases, so parallel suites would otherwise hear each other's events.
 */
export function workerRedisPrefix(): string {
  return `ridepool-test-w${workerIndex()}`;
}
