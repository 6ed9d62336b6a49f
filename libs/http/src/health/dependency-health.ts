import { REDIS } from '@app/messaging';
import { RoutingError, RoutingPort } from '@app/routing';
import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { outageOf } from '../outage';

/** Longest a readiness probe waits for one dependency; k8s probes allow 5 s for all together. */
export const HEALTH_CHECK_TIMEOUT_MS = 2500;

/**
 * Any point will do for the routing check: an answer, even OSRM's `NoSegment` for a point far from
 * every road, shows the router is serving. This one (lat, lon) is in Kusel, as in the OSRM probes.
 */
const ROUTING_PROBE = { lat: 49.538282, lon: 7.410329 };

/**
 * A timer that fires this late means the event loop is as good as stuck; one that never fires
 * cannot answer the probe at all, which the probe's own timeout catches.
 */
const EVENT_LOOP_STUCK_MS = 10_000;

/** The terminus health indicators every app has: its event loop and the services it talks to. */
@Injectable()
export class DependencyHealth {
  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly ds: DataSource,
    @Inject(REDIS) private readonly redisClient: Redis,
    private readonly routing: RoutingPort,
  ) {}

  /** How late a timer due now fires: the liveness check, which asks no other service. */
  async eventLoop(): Promise<HealthIndicatorResult> {
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, 0));
    const delayMs = Math.round(performance.now() - t0);
    const session = this.indicator.check('event_loop');
    return delayMs < EVENT_LOOP_STUCK_MS ? session.up({ delayMs }) : session.down({ delayMs });
  }

  database(): PromiseLike<HealthIndicatorResult> {
    return this.indicator
      .check('database')
      .attempt(async () => {
        await this.ds.query('SELECT 1');
      })
      .withTimeout(HEALTH_CHECK_TIMEOUT_MS);
  }

  redis(): PromiseLike<HealthIndicatorResult> {
    return this.indicator
      .check('redis')
      .attempt(async () => {
        await this.redisClient.ping();
      })
      .withTimeout(HEALTH_CHECK_TIMEOUT_MS);
  }

  /** One `nearest` request through the app's RoutingPort (OSRM over HTTP, or the embedded router). */
  routingService(): PromiseLike<HealthIndicatorResult> {
    return this.indicator
      .check('routing')
      .attempt(async () => {
        try {
          await this.routing.nearest(ROUTING_PROBE);
          return { answer: 'Ok' };
        } catch (e) {
          // Unavailable (no answer after the adapter's retries) is down; any OSRM code is an answer.
          if (e instanceof RoutingError && outageOf(e) === null) return { answer: e.code };
          throw e;
        }
      })
      .withTimeout(HEALTH_CHECK_TIMEOUT_MS);
  }
}
