import { CountiesService } from '@app/application';
import { AppConfig, APP_CONFIG } from '@app/config';
import { DispatchJob, ImproveSchedulesPayload } from '@app/contracts';
import { DispatchQueueProducer } from '@app/messaging';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';

/**
 * Registers the scheduled improvement runs per county as BullMQ job schedulers: idempotent, so
 * every worker replica may register them and each run still happens once.
 * - every few minutes over the open parts of the next six hours of schedules;
 * - each evening at 20:00 local time over the next day's prebooked rides, with a longer budget.
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
    if (this.config.IMPROVE_EVERY_MIN === 0) return;
    try {
      for (const county of await this.counties.list()) {
        const open: ImproveSchedulesPayload = {
          countyId: county.id,
          fromOffsetS: 0,
          toOffsetS: 6 * 3600,
          timeLimitMs: 3000,
        };
        await this.producer.raw.upsertJobScheduler(
          `improve-open.${county.id}`,
          { every: this.config.IMPROVE_EVERY_MIN * 60_000 },
          {
            name: DispatchJob.improveSchedules,
            data: open,
            opts: { attempts: 1, removeOnComplete: 100, removeOnFail: 100 },
          },
        );
        // Run at 20:00: tomorrow is +4 h to +28 h away.
        const nextDay: ImproveSchedulesPayload = {
          countyId: county.id,
          fromOffsetS: 4 * 3600,
          toOffsetS: 28 * 3600,
          timeLimitMs: 30_000,
        };
        await this.producer.raw.upsertJobScheduler(
          `improve-next-day.${county.id}`,
          { pattern: '0 0 20 * * *', tz: county.timeZone },
          {
            name: DispatchJob.improveSchedules,
            data: nextDay,
            opts: { attempts: 1, removeOnComplete: 30, removeOnFail: 30 },
          },
        );
      }
    } catch (e) {
      this.log.warn(`improvement runs not scheduled: ${(e as Error).message}`);
    }
  }
}
