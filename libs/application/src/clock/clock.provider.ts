import { AppConfig, APP_CONFIG, ClockConfig, clockStartMs } from '@app/config';
import { Clock, ClockAnchor, SimulatedClock, SystemClock } from '@app/domain';
import { REDIS, REDIS_PREFIX } from '@app/messaging';
import { Logger, Provider } from '@nestjs/common';
import type Redis from 'ioredis';

interface StoredAnchor extends ClockAnchor {
  start: string;
}

/**
 * The clock every app runs on: the system clock, or (CLOCK=simulated, refused in production by
 * the config) one running CLOCK_SPEED times as fast from CLOCK_START. All apps must read the same
 * simulated time: anchored at CLOCK_EPOCH when it is given, else at the moment the first app
 * started, which it stores in Redis for the others (for one simulated day's worth of real time,
 * so a demo started again the next day begins afresh).
 */
export async function clockFromConfig(
  config: ClockConfig,
  shared: { redis: Redis; prefix: string },
  realNowMs: () => number = Date.now,
): Promise<Clock> {
  if (config.CLOCK === 'system') return new SystemClock();
  const speed = config.CLOCK_SPEED;
  if (config.CLOCK_EPOCH) {
    const realMs = Date.parse(config.CLOCK_EPOCH);
    return new SimulatedClock({ realMs, clockMs: clockStartMs(config, realMs), speed }, realNowMs);
  }
  const realMs = realNowMs();
  const mine: StoredAnchor = {
    realMs,
    clockMs: clockStartMs(config, realMs),
    speed,
    start: config.CLOCK_START,
  };
  const key = `${shared.prefix}:clock-anchor`;
  const ttlMs = Math.ceil(86_400_000 / speed);
  await shared.redis.set(key, JSON.stringify(mine), 'PX', ttlMs, 'NX');
  const stored = JSON.parse((await shared.redis.get(key)) ?? 'null') as StoredAnchor | null;
  if (stored && stored.start === mine.start && stored.speed === speed) {
    return new SimulatedClock(stored, realNowMs);
  }
  // Another start or speed was configured since: this one replaces it.
  await shared.redis.set(key, JSON.stringify(mine), 'PX', ttlMs);
  return new SimulatedClock(mine, realNowMs);
}

/** Nest provider of {@link Clock} from the configuration. */
export const clockProvider: Provider = {
  provide: Clock,
  inject: [APP_CONFIG, REDIS, REDIS_PREFIX],
  useFactory: async (config: AppConfig, redis: Redis, prefix: string): Promise<Clock> => {
    const clock = await clockFromConfig(config, { redis, prefix });
    if (clock instanceof SimulatedClock) {
      new Logger('Clock').warn(
        `simulated clock: ${clock.now().toISOString()} now, ×${clock.anchor.speed} real time`,
      );
    }
    return clock;
  },
};
