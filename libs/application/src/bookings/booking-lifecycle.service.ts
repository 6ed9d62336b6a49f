import { assertTransition, BookingStatus, Clock, NotFoundError, Principal } from '@app/domain';
import { DispatchQueueProducer, EventPublisher } from '@app/messaging';
import { BookingEntity, BookingEventEntity } from '@app/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { BookingQueriesService } from './booking-queries.service';
import { BookingView } from './booking.view';

export interface TransitionOptions {
  actor: string;
  reasonCode?: string;
  reasonText?: string;
}

/**
 * Moves bookings through their life (cancel, board, no-show, drop off) for the booking API and
 * the realtime gateway alike: row lock, legal transition, history event, then announcement.
 */
@Injectable()
export class BookingLifecycleService {
  private readonly log = new Logger(BookingLifecycleService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly queries: BookingQueriesService,
    private readonly queue: DispatchQueueProducer,
    private readonly events: EventPublisher,
  ) {}

  /** A rider cancels their own booking, or the office cancels any in its county. */
  async cancel(principal: Principal, bookingId: string, reasonText?: string): Promise<BookingView> {
    const visible = await this.queries.findVisible(principal, bookingId);
    if (!visible) throw new NotFoundError('booking', bookingId);
    const { before, after } = await this.transition(bookingId, 'cancelled', {
      actor: principal.sub,
      reasonCode: principal.role === 'operator' ? 'cancelled_by_office' : 'cancelled_by_rider',
      reasonText,
    });
    if (before.status === 'confirmed' || before.status === 'requested') {
      await this.queue
        .releaseBooking({ bookingId, vehicleId: before.vehicleId })
        .catch((e: Error) => this.log.warn(`release of ${bookingId} not queued: ${e.message}`));
    }
    return this.queries.get(principal, after.id);
  }

  /**
   * @throws IllegalStatusTransitionError when the booking's current status does not allow it
   * (for example cancelling a ride already under way).
   */
  async transition(
    bookingId: string,
    to: BookingStatus,
    opts: TransitionOptions,
    manager?: EntityManager,
  ): Promise<{ before: BookingEntity; after: BookingEntity }> {
    const run = async (em: EntityManager) => {
      const before = await em.findOne(BookingEntity, {
        where: { id: bookingId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!before) throw new NotFoundError('booking', bookingId);
      assertTransition(before.status, to);
      const patch: Partial<BookingEntity> = { status: to };
      if (opts.reasonCode) patch.reasonCode = opts.reasonCode;
      if (opts.reasonText !== undefined) patch.reasonText = opts.reasonText ?? null;
      await em.update(BookingEntity, { id: bookingId }, patch);
      await em.insert(BookingEventEntity, {
        bookingId,
        fromStatus: before.status,
        toStatus: to,
        actor: opts.actor,
        note: opts.reasonText ?? null,
      });
      const after = await em.findOneByOrFail(BookingEntity, { id: bookingId });
      return { before: { ...before } as BookingEntity, after };
    };
    const result = manager ? await run(manager) : await this.ds.transaction(run);
    await this.events
      .publish('events.booking-changed', {
        bookingId,
        riderId: result.after.riderId,
        serviceAreaId: result.after.serviceAreaId,
        status: to,
        previousStatus: result.before.status,
        vehicleId: result.after.vehicleId,
        at: this.clock.now().toISOString(),
      })
      .catch((e: Error) =>
        this.log.warn(`booking ${bookingId} change not announced: ${e.message}`),
      );
    return result;
  }
}
