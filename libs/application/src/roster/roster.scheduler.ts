import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DispatchQueueProducer } from '@app/messaging';
import { CountiesService } from '../counties/counties.service';

/**
 * Rolls each county's shift roster forward every night at 02:30 local time (a BullMQ job
 * scheduler: idempotent, so every worker replica may register it) and once at start, so today's
 * and the next days' shifts exist as soon as a worker runs.
 */
@Injectable()
export class RosterScheduler implements OnApplicationBootstrap {
  private readonly log = new Logger(RosterScheduler.name);

  constructor(
    private readonly counties: CountiesService,
    private readonly producer: DispatchQueueProducer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      for (const county of await this.counties.list()) {
        await this.producer.scheduleRosterRollForward(county.id, '0 30 2 * * *', county.timeZone);
        await this.producer.rollRosterNow(county.id);
      }
    } catch (e) {
      this.log.warn(`roster roll-forward not scheduled: ${(e as Error).message}`);
    }
  }
}
