import { AppConfig, APP_CONFIG } from '@app/config';
import { DispatchJob } from '@app/contracts';
import { Clock } from '@app/domain';
import { DispatchQueueProducer } from '@app/messaging';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { keepRegistered } from '../dispatch/keep-registered';
import { TrainDisruptionsService, TrainUpdatesOutcome } from './train-disruptions.service';
import { TrainReportsRepository } from './train-reports.repository';
import { fetchTripUpdates } from './trip-updates.feed';

export type TrainPollOutcome =
  | { status: 'off' }
  /** The feed could not be had; nothing changed (the last applied state stands). */
  | { status: 'unavailable'; error: string }
  | ({ status: 'applied' } & TrainUpdatesOutcome);

/**
 * One poll of the GTFS-Realtime TripUpdates feed (`GTFS_RT_TRIP_UPDATES_URL`): fetch, decode,
 * store what it says of each train of the timetable ({@link TrainReportsRepository}), apply it
 * to the rides. A feed that is away, slow, answers an error or sends no protobuf is logged and changes
 * nothing: what was applied before stands (it is stored on the bookings), and the next poll
 * tries again. It never throws.
 */
@Injectable()
export class TrainUpdatesPoller {
  private readonly log = new Logger(TrainUpdatesPoller.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly disruptions: TrainDisruptionsService,
    private readonly known: TrainReportsRepository,
    private readonly clock: Clock,
  ) {}

  async poll(): Promise<TrainPollOutcome> {
    const url = this.config.GTFS_RT_TRIP_UPDATES_URL;
    if (!url) return { status: 'off' };
    try {
      const reports = await fetchTripUpdates(url, this.config.GTFS_RT_TIMEOUT_MS);
      // Stored first: a booking made from now on is checked against this feed (a cancelled train
      // refused), and the bookings already made are changed next.
      await this.known.replace(reports, this.clock.now());
      return { status: 'applied', ...(await this.disruptions.apply(reports)) };
    } catch (e) {
      // The address may carry an access key: name its host only.
      const error = `${(e as Error).message}`.slice(0, 300);
      this.log.warn(
        `train updates from ${new URL(url).host} not applied (${error}); the last state stands`,
      );
      return { status: 'unavailable', error };
    }
  }
}

/** The BullMQ job scheduler that runs {@link TrainUpdatesPoller.poll} on one worker at a time. */
export const TRAIN_UPDATES_SCHEDULER_ID = DispatchJob.pollTrainUpdates;

/**
 * Registers the poll of the TripUpdates feed on the dispatch queue every
 * `GTFS_RT_POLL_INTERVAL_S` (idempotent, so every worker replica may do it; one poll runs per
 * interval), or removes it when the feed is not configured. Looked for again every
 * DISPATCH_SWEEP_EVERY_MS, as a Redis restart without persistence wipes schedulers.
 */
@Injectable()
export class TrainUpdatesScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(TrainUpdatesScheduler.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly producer: DispatchQueueProducer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.GTFS_RT_TRIP_UPDATES_URL) {
      await this.producer
        .removeScheduler(TRAIN_UPDATES_SCHEDULER_ID)
        .catch((e: Error) => this.log.warn(`train updates poll not removed: ${e.message}`));
      return;
    }
    this.timer = await keepRegistered(
      this.log,
      'train updates poll',
      this.config.DISPATCH_SWEEP_EVERY_MS,
      (force) => this.ensureRegistered(force),
    );
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** @returns whether it had to be registered (always with `force`). */
  async ensureRegistered(force = false): Promise<boolean> {
    if (!force && (await this.producer.hasScheduler(TRAIN_UPDATES_SCHEDULER_ID))) return false;
    await this.producer.schedulePoll(
      TRAIN_UPDATES_SCHEDULER_ID,
      this.config.GTFS_RT_POLL_INTERVAL_S * 1000,
    );
    return true;
  }
}
