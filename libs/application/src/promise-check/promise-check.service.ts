import { AppConfig, APP_CONFIG } from '@app/config';
import { Clock } from '@app/domain';
import { DispatchMetrics } from '@app/observability';
import { StopMatrixCache } from '@app/routing';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CountiesService } from '../counties/counties.service';
import { checkStoredPlans } from './stored-plans.check';

/** How far back "current" reaches: shifts that ended within the last hour are still looked at. */
const LOOKBACK_MS = 3600_000;

/**
 * Issue 12: the dispatch worker checks, every PROMISE_CHECK_EVERY_MIN minutes, each county's
 * current schedules with the independent checker ({@link checkStoredPlans}) and the router's
 * travel times. Every violation is logged at error level and counted; the gauge
 * `ridepool_promise_violations{county}` holds what the last check found and must stay 0.
 */
@Injectable()
export class PromiseCheckService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(PromiseCheckService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly counties: CountiesService,
    private readonly matrix: StopMatrixCache,
    private readonly metrics: DispatchMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const everyMs = this.config.PROMISE_CHECK_EVERY_MIN * 60_000;
    if (everyMs <= 0) return;
    this.timer = setInterval(() => {
      this.checkAll().catch((e: Error) => this.log.warn(`promise check failed: ${e.message}`));
    }, everyMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Checks every county. @returns the violations found, by county code. */
  async checkAll(): Promise<Record<string, string[]>> {
    const found: Record<string, string[]> = {};
    for (const county of await this.counties.list()) {
      found[county.code] = await this.checkCounty(county);
    }
    return found;
  }

  /** Checks one county's current schedules. @returns the violations found. */
  async checkCounty(county: { id: string; code: string }): Promise<string[]> {
    const since = new Date(this.clock.now().getTime() - LOOKBACK_MS);
    try {
      // One snapshot for every read: a decision committed between two of them would look like a
      // booking confirmed but not planned, or a stop without travel times.
      const violations = await this.ds.transaction('REPEATABLE READ', async (em) => {
        const travelS = await this.travelTimes(em, county.id, since);
        return (await checkStoredPlans(em, travelS, { countyId: county.id, since })).violations;
      });
      for (const v of violations)
        this.log.error(`promise violation in county ${county.code}: ${v}`);
      this.metrics.promiseViolations.set({ county: county.code }, violations.length);
      this.metrics.promiseViolationsFound.inc({ county: county.code }, violations.length);
      this.metrics.promiseChecks.inc({ result: violations.length ? 'violations' : 'clean' });
      return violations;
    } catch (e) {
      this.metrics.promiseChecks.inc({ result: 'failed' });
      throw e;
    }
  }

  /** Driving times between the stops of the county's current schedules, from the router. */
  private async travelTimes(
    em: EntityManager,
    countyId: string,
    since: Date,
  ): Promise<(fromStopId: string, toStopId: string) => number> {
    const stops: Array<{ id: string; lat: number; lon: number }> = await em.query(
      `SELECT DISTINCT st.id, st.lat, st.lon
        FROM vehicle_schedules s
        JOIN vehicles v ON v.id = s.vehicle_id
        JOIN shifts sh ON sh.id = s.shift_id
        CROSS JOIN LATERAL jsonb_array_elements(s.stops) r
        JOIN stops st ON st.id = (r->>'stopId')::uuid
        WHERE v.county_id = $1 AND sh.ends_at > $2`,
      [countyId, since],
    );
    const index = new Map(stops.map((s, i) => [s.id, i]));
    const m = stops.length ? await this.matrix.matrix(stops) : { durationsS: [] };
    // No road between two stops planned one after the other is a violation too.
    return (a, b) => m.durationsS[index.get(a) ?? -1]?.[index.get(b) ?? -1] ?? Infinity;
  }
}
