import { AppConfig, APP_CONFIG } from '@app/config';
import { Clock } from '@app/domain';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';

const DAY_MS = 24 * 3600 * 1000;

/**
 * DSGVO retention (issue 12): personal data is kept no longer than it serves its purpose. Once
 * an hour the dispatch worker (which provides this) deletes vehicle positions older than
 * POSITION_RETENTION_DAYS and clears the phone number of rider messages that were dealt with
 * (sent or failed) more than MESSAGE_PHONE_RETENTION_DAYS ago. Riders' and drivers' own phone
 * numbers stay while their account does (they sign in with them); docs/deployment.md says so.
 */
@Injectable()
export class DataRetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(DataRetentionService.name);
  private timer?: NodeJS.Timeout;
  static readonly EVERY_MS = 3600_000;

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sweep().catch((e: Error) => this.log.warn(`retention sweep failed: ${e.message}`));
    }, DataRetentionService.EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** @returns how many positions were deleted and message phone numbers cleared. */
  async sweep(): Promise<{ positions: number; messagePhones: number }> {
    const now = this.clock.now().getTime();
    const positionsBefore = new Date(now - this.config.POSITION_RETENTION_DAYS * DAY_MS);
    const phonesBefore = new Date(now - this.config.MESSAGE_PHONE_RETENTION_DAYS * DAY_MS);
    const [, positions] = (await this.ds.query(
      `DELETE FROM vehicle_track_points WHERE recorded_at < $1`,
      [positionsBefore],
    )) as [unknown, number];
    const [, messagePhones] = (await this.ds.query(
      `UPDATE rider_messages SET phone = NULL
       WHERE phone IS NOT NULL AND status <> 'pending' AND created_at < $1`,
      [phonesBefore],
    )) as [unknown, number];
    if (positions || messagePhones) {
      this.log.log(
        `retention: ${positions} positions deleted, ${messagePhones} phone numbers cleared`,
      );
    }
    return { positions, messagePhones };
  }
}
