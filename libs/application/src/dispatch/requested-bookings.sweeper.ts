import { DispatchJob } from '@app/contracts';
import { Clock } from '@app/domain';
import { DispatchQueueProducer } from '@app/messaging';
import { BookingEntity } from '@app/persistence';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, LessThan } from 'typeorm';

/**
 * Nothing is lost between the booking API's commit and its enqueue: every few seconds the dispatch
 * worker (which provides this)  * re-enqueues requested bookings older than a grace period. Job ids derive from the booking id,
 * so a booking whose job exists is left alone.
 */
@Injectable()
export class RequestedBookingsSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(RequestedBookingsSweeper.name);
  private timer?: NodeJS.Timeout;
  static readonly GRACE_MS = 30_000;
  static readonly EVERY_MS = 15_000;

  constructor(
    private readonly ds: DataSource,
    private readonly queue: DispatchQueueProducer,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sweep().catch((e: Error) => this.log.warn(`sweep failed: ${e.message}`));
    }, RequestedBookingsSweeper.EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** @returns how many bookings were handed to the queue again. */
  async sweep(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - RequestedBookingsSweeper.GRACE_MS);
    const stale = await this.ds.getRepository(BookingEntity).find({
      select: { id: true, serviceAreaId: true },
      where: { status: 'requested', createdAt: LessThan(cutoff) },
      order: { createdAt: 'ASC' },
      take: 500,
    });
    let added = 0;
    for (const b of stale) {
      if (await this.queue.hasJob(DispatchJob.assignBooking, b.id)) continue;
      await this.queue.assignBooking({ bookingId: b.id, serviceAreaId: b.serviceAreaId });
      added++;
    }
    if (added) this.log.log(`re-enqueued ${added} requested bookings`);
    return added;
  }
}
