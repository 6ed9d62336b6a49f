import { AppConfig, APP_CONFIG } from '@app/config';
import { DispatchJob } from '@app/contracts';
import { Clock } from '@app/domain';
import { DispatchQueueProducer } from '@app/messaging';
import { BookingEntity } from '@app/persistence';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource, Raw } from 'typeorm';

/**
 * A booking accepted with 2xx is decided, whatever the outage. Every DISPATCH_SWEEP_EVERY_MS the
 * dispatch worker (which provides this) hands on again each requested booking older than
 * DISPATCH_SWEEP_GRACE_MS whose job is missing (lost between the API's commit and its enqueue,
 * or wiped by a Redis restart) or has ended without deciding it: a job whose retries ran out
 * while PostgreSQL was down could not write the rejection either, and used to stay failed in
 * Redis for good. Job ids derive from the booking id, so a booking whose job is still waiting or
 * running is left alone.
 */
@Injectable()
export class RequestedBookingsSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(RequestedBookingsSweeper.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly ds: DataSource,
    private readonly queue: DispatchQueueProducer,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sweep().catch((e: Error) => this.log.warn(`sweep failed: ${e.message}`));
    }, this.config.DISPATCH_SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** @returns how many bookings were handed to the queue again. */
  async sweep(): Promise<number> {
    // The grace is the queue's real time, measured as `created_at` was written: by the
    // database's clock (the domain clock may be simulated in development).
    const graceS = this.config.DISPATCH_SWEEP_GRACE_MS / 1000;
    const stale = await this.ds.getRepository(BookingEntity).find({
      select: { id: true, serviceAreaId: true },
      where: {
        status: 'requested',
        createdAt: Raw((at) => `${at} < now() - make_interval(secs => :graceS)`, { graceS }),
      },
      order: { createdAt: 'ASC' },
      take: 500,
    });
    let added = 0;
    for (const b of stale) {
      if (await this.queue.hasOpenJob(DispatchJob.assignBooking, b.id)) continue;
      // A failed or finished job is kept in Redis under the same id: make room for a new one.
      await this.queue.removeJob(DispatchJob.assignBooking, b.id);
      await this.queue.assignBooking({ bookingId: b.id, serviceAreaId: b.serviceAreaId });
      added++;
    }
    if (added) this.log.log(`handed ${added} undecided requested bookings to dispatch again`);
    return added + (await this.sweepReleases());
  }

  /**
   * A cancelled or expired booking whose release job never ran (Redis was down when it was
   * cancelled, or restarted empty) would hold its seat for good: hand it to the worker again.
   * Found by a stop still ahead, its pickup or its drop-off (an offer that expired as the bus
   * left its pickup stop keeps only its drop-off ahead).
   * @returns how many release jobs were queued
   */
  async sweepReleases(): Promise<number> {
    const held: Array<{ id: string; vehicle_id: string | null }> = await this.ds.query(
      `SELECT DISTINCT b.id, b.vehicle_id
         FROM vehicle_schedules s
         JOIN shifts sh ON sh.id = s.shift_id AND sh.ends_at > $1
         CROSS JOIN LATERAL jsonb_array_elements(s.stops) r
         CROSS JOIN LATERAL jsonb_array_elements_text((r->'pickups') || (r->'dropoffs')) p(booking_id)
         JOIN bookings b ON b.id = p.booking_id::uuid
        WHERE r->>'departedAt' IS NULL AND b.status IN ('cancelled', 'expired')
        LIMIT 500`,
      [this.clock.now()],
    );
    let queued = 0;
    for (const b of held) {
      if (await this.queue.hasOpenJob(DispatchJob.releaseBooking, b.id)) continue;
      await this.queue.removeJob(DispatchJob.releaseBooking, b.id);
      await this.queue.releaseBooking({ bookingId: b.id, vehicleId: b.vehicle_id });
      queued++;
    }
    if (queued) this.log.log(`handed ${queued} seats of cancelled bookings to be released`);
    return queued;
  }
}
