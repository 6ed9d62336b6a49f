import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BookingLifecycleService } from './booking-lifecycle.service';

/**
 * Every few seconds, expires offers the rider did not accept in time, which hands their held
 * seats to the dispatch worker's release job. Run by the booking API; several replicas may run
 * it at once (each booking is locked and re-checked).
 */
@Injectable()
export class OfferExpirySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(OfferExpirySweeper.name);
  private timer?: NodeJS.Timeout;
  static readonly EVERY_MS = 10_000;

  constructor(private readonly lifecycle: BookingLifecycleService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sweep().catch((e: Error) => this.log.warn(`offer sweep failed: ${e.message}`));
    }, OfferExpirySweeper.EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** @returns how many offers expired. */
  sweep(): Promise<number> {
    return this.lifecycle.expireDueOffers();
  }
}
