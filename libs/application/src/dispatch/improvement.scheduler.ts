import { AppConfig, APP_CONFIG } from '@app/config';
import { ImproveSchedulesPayload } from '@app/contracts';
import {
  eveningRunCron,
  ImprovementRun,
  IMPROVEMENT_ITERATIONS,
  PlanningCadence,
  planningCadence,
  runMomentsS,
} from '@app/dispatch';
import { Clock, secondsOfLocalDay, SimulatedClock, toLocalTime, zonedToInstant } from '@app/domain';
import { DispatchQueueProducer } from '@app/messaging';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { CountiesService } from '../counties/counties.service';
import { keepRegistered } from './keep-registered';

/**
 * Registers each county's improvement runs on the dispatch queue at the planning cadence
 * ({@link planningCadence}, shared with the day replay): every `IMPROVE_EVERY_MIN` minutes over
 * the next six hours (from local midnight on: at :00, :05, ... with 5), and each evening at 20:00
 * local time over the next day's prebooked rides, each with the iteration budget of
 * IMPROVE_ITERATIONS / IMPROVE_EVENING_ITERATIONS when set. On a simulated clock (development)
 * both run at its speed. Registration is idempotent, so every worker replica may do it.
 *
 * The schedulers live in Redis only, and a Redis restart without persistence wipes them: so they
 * are looked for again every DISPATCH_SWEEP_EVERY_MS and registered anew when missing, instead of
 * waiting for a worker to restart.
 */
@Injectable()
export class ImprovementScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(ImprovementScheduler.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly counties: CountiesService,
    private readonly producer: DispatchQueueProducer,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.cadence().improveEveryMin === 0) return;
    // At start, always: a changed IMPROVE_EVERY_MIN replaces the stored scheduler.
    this.timer = await keepRegistered(
      this.log,
      'improvement runs',
      this.config.DISPATCH_SWEEP_EVERY_MS,
      (force) => this.ensureRegistered(force),
    );
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Registers the schedulers Redis does not hold (all of them with `force`). @returns how many. */
  async ensureRegistered(force = false): Promise<number> {
    const cadence = this.cadence();
    let registered = 0;
    for (const county of await this.counties.list()) {
      const periodicId = `improve-open.${county.id}`;
      if (force || !(await this.producer.hasScheduler(periodicId))) {
        const periodic: ImproveSchedulesPayload = { countyId: county.id, ...cadence.periodic };
        await this.producer.scheduleImprovement(
          periodicId,
          {
            everyMs: Math.max(1000, this.clock.realMsFor(cadence.improveEveryMin * 60_000)),
            startAt: this.nextMoment(cadence.periodic, county.timeZone),
          },
          periodic,
          100,
        );
        registered++;
      }
      const eveningId = `improve-next-day.${county.id}`;
      if (force || !(await this.producer.hasScheduler(eveningId))) {
        const evening: ImproveSchedulesPayload = { countyId: county.id, ...cadence.evening };
        await this.producer.scheduleImprovement(
          eveningId,
          this.eveningRepeat(cadence, county.timeZone),
          evening,
          30,
        );
        registered++;
      }
    }
    if (registered && !force) this.log.log(`registered ${registered} missing improvement runs`);
    return registered;
  }

  private cadence(): PlanningCadence {
    return workerCadence(this.config);
  }

  /** The real instant this clock reaches the run's next moment (:00, :05, ... local time). */
  private nextMoment(run: ImprovementRun, timeZone: string): Date {
    const now = this.clock.now();
    const localS = secondsOfLocalDay(now, timeZone);
    const [next] = runMomentsS(run, localS, localS + run.everyMin * 60 + 1);
    return new Date(Date.now() + this.clock.realMsFor((next - localS) * 1000));
  }

  /**
   * The evening run at `eveningAt` local time: a cron on real time; on a simulated clock every
   * simulated day's worth of real time, from the real instant the clock reaches the next one.
   */
  private eveningRepeat(
    cadence: PlanningCadence,
    timeZone: string,
  ): { cron: string; timeZone: string } | { everyMs: number; startAt: Date } {
    if (!(this.clock instanceof SimulatedClock)) {
      return { cron: eveningRunCron(cadence), timeZone };
    }
    const now = this.clock.now();
    let next = zonedToInstant(toLocalTime(now, timeZone).date, cadence.eveningAt, timeZone);
    if (next <= now) next = new Date(next.getTime() + 86_400_000);
    return {
      everyMs: this.clock.realMsFor(86_400_000),
      startAt: new Date(Date.now() + this.clock.realMsFor(next.getTime() - now.getTime())),
    };
  }
}

/**
 * The worker's planning cadence: every IMPROVE_EVERY_MIN minutes and each evening, searching the
 * dispatch policy's budgets ({@link IMPROVEMENT_ITERATIONS}, those bench:day measures) unless
 * IMPROVE_ITERATIONS / IMPROVE_EVENING_ITERATIONS set others (0: the run's time limit).
 */
export function workerCadence(
  config: Pick<
    AppConfig,
    'IMPROVE_EVERY_MIN' | 'IMPROVE_ITERATIONS' | 'IMPROVE_EVENING_ITERATIONS'
  >,
): PlanningCadence {
  return planningCadence(config.IMPROVE_EVERY_MIN, {
    periodic: config.IMPROVE_ITERATIONS ?? IMPROVEMENT_ITERATIONS.periodic,
    evening: config.IMPROVE_EVENING_ITERATIONS ?? IMPROVEMENT_ITERATIONS.evening,
  });
}
