import { AppConfig, APP_CONFIG } from '@app/config';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { DispatchQueueProducer } from '@app/messaging';
import { CountiesService } from '../counties/counties.service';
import { keepRegistered } from '../dispatch/keep-registered';

export const ROSTER_CRON = '0 30 2 * * *';

/**
 * Rolls each county's shift roster forward every night at 02:30 local time (a BullMQ job
 * scheduler keyed by county: idempotent, so every worker replica may register it and one of them
 * runs each night's job) and once at start, so today's and the next days' shifts exist as soon as
 * a worker runs. Counties are looked for again every DISPATCH_SWEEP_EVERY_MS: a county added
 * while the workers run (`npm run county:add`) gets its scheduler and a first roll-forward
 * without a restart, as does every county after Redis lost its schedulers.
 */
@Injectable()
export class RosterScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(RosterScheduler.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly counties: CountiesService,
    private readonly producer: DispatchQueueProducer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.timer = await keepRegistered(
      this.log,
      'roster roll-forwards',
      this.config.DISPATCH_SWEEP_EVERY_MS,
      (force) => this.ensureRegistered(force),
    );
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /**
   * Registers the nightly roll-forward of each county Redis holds none for (every county with
   * `force`), and rolls those counties forward once now. @returns how many were registered.
   */
  async ensureRegistered(force = false): Promise<number> {
    let registered = 0;
    for (const county of await this.counties.list()) {
      if (!force && (await this.producer.hasRosterRollForward(county.id))) continue;
      await this.producer.scheduleRosterRollForward(county.id, ROSTER_CRON, county.timeZone);
      await this.producer.rollRosterNow(county.id);
      registered++;
    }
    if (registered && !force) this.log.log(`registered ${registered} missing roster roll-forwards`);
    return registered;
  }
}
