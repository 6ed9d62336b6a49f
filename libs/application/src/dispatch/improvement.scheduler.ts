import { AppConfig, APP_CONFIG } from '@app/config';
import { ImproveSchedulesPayload } from '@app/contracts';
import { eveningRunCron, planningCadence } from '@app/dispatch';
import { DispatchQueueProducer } from '@app/messaging';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CountiesService } from '../counties/counties.service';

/**
 * Registers each county's improvement runs on the dispatch queue at the planning cadence
 * ({@link planningCadence}, shared with the day replay): every `IMPROVE_EVERY_MIN` minutes over
 * the next six hours, and each evening at 20:00 local time over the next day's prebooked rides.
 * Registration is idempotent, so every worker replica may do it.
 */
@Injectable()
export class ImprovementScheduler implements OnApplicationBootstrap {
  private readonly log = new Logger(ImprovementScheduler.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly counties: CountiesService,
    private readonly producer: DispatchQueueProducer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const cadence = planningCadence(this.config.IMPROVE_EVERY_MIN);
    if (cadence.improveEveryMin === 0) return;
    try {
      for (const county of await this.counties.list()) {
        const periodic: ImproveSchedulesPayload = { countyId: county.id, ...cadence.periodic };
        await this.producer.scheduleImprovement(
          `improve-open.${county.id}`,
          { everyMs: cadence.improveEveryMin * 60_000 },
          periodic,
          100,
        );
        const evening: ImproveSchedulesPayload = { countyId: county.id, ...cadence.evening };
        await this.producer.scheduleImprovement(
          `improve-next-day.${county.id}`,
          { cron: eveningRunCron(cadence), timeZone: county.timeZone },
          evening,
          30,
        );
      }
    } catch (e) {
      this.log.warn(`improvement runs not scheduled: ${(e as Error).message}`);
    }
  }
}
