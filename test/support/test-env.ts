import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';

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

/**
 * This worker's database URL in this run, e.g. .../ridepool_test_r3f9a1c_w2 (the run's tag is set
 * by global-setup.ts, which drops earlier runs' databases).
 */
export function workerDatabaseUrl(): string {
  const u = new URL(TEST_DATABASE_URL);
  u.pathname = `${u.pathname}_r${process.env.TEST_RUN_TAG ?? 'local'}_w${workerIndex()}`;
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
 * This test file's Redis key and channel prefix, e.g. ridepool-test-w2-dispatch-batch-3f9a1c: pub/sub
 * channels span Redis's logical databases, so parallel suites would otherwise hear each other's
 * events. Jest loads this module afresh for every test file, so each file has a prefix of its own:
 * a dispatch worker an earlier file of the same jest worker left running (its Redis connection is
 * named after this prefix) cannot take this file's jobs, and `npm test` names it (stray-apps.ts).
 */
export function workerRedisPrefix(): string {
  return `ridepool-test-w${workerIndex()}-${FILE_TAG}`;
}

/** The test file's base name and a random tag, fixed when jest loads this module for the file. */
const FILE_TAG = `${testFileName()}-${randomBytes(3).toString('hex')}`;

function testFileName(): string {
  const path = (globalThis as { expect?: { getState(): { testPath?: string } } }).expect?.getState()
    .testPath;
  return (path ? basename(path) : 'file').replace(/\.(e2e|browser)-spec\.ts$/, '');
}
