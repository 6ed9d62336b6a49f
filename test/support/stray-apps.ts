import Redis from 'ioredis';
import { workerIndex, workerRedisPrefix, workerRedisUrl } from './test-env';

/**
 * Before each integration or browser test file: names any app an earlier file of this jest worker
 * left running. Their Redis connections carry the earlier file's prefix (test-env.ts), so they
 * cannot take this file's jobs, but they still hold the database; the warning names the file
 * whose teardown missed them.
 */
beforeAll(async () => {
  const redis = new Redis(workerRedisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const list = (await redis.client('LIST')) as string;
    const own = workerRedisPrefix();
    const mine = `ridepool-test-w${workerIndex()}-`;
    const stray = list
      .split('\n')
      .map((line) => /(?:^| )name=(\S+)/.exec(line)?.[1])
      .filter((name): name is string => !!name && name.startsWith(mine) && !name.startsWith(own));
    if (stray.length) {
      console.warn(
        `Redis connections of earlier test files are still open (a teardown missed an app): ` +
          [...new Set(stray)].join(', '),
      );
    }
  } catch {
    // Redis down: the file's own tests say so.
  } finally {
    redis.disconnect();
  }
});
