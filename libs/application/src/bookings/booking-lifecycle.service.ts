import {
  assertTransition,
  BookingStatus,
  Clock,
  ConflictError,
  IllegalStatusTransitionError,
  NotFoundError,
  Principal,
} from '@app/domain';
import { DispatchQueueProducer, EventPublisher } from '@app/messaging';
import { BookingEntity, BookingEventEntity } from '@app/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, LessThanOrEqual } from 'typeorm';
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
    if (['confirmed', 'requested', 'offered'].includes(before.status)) {
      await this.queue
        .releaseBooking({ bookingId, vehicleId: before.vehicleId })
        .catch((e: Error) => this.log.warn(`release of ${bookingId} not queued: ${e.message}`));
    }
    return this.queries.get(principal, after.id);
  }

  /**
   * The rider accepts the offer the dispatcher holds: `offered` -> `confirmed`, promise unchanged.
   * An offer past its expiry is expired here (and its seat released) instead of confirmed.
   * @throws ConflictError `offer_expired` when it came too late
   * @throws ConflictError `not_an_offer` while the dispatcher has not decided yet
   * @throws IllegalStatusTransitionError when the booking is no open offer
   */
  async accept(principal: Principal, bookingId: string): Promise<BookingView> {
    const visible = await this.queries.findVisible(principal, bookingId);
    if (!visible) throw new NotFoundError('booking', bookingId);
    // A requested booking has no seat or promise yet; confirming it here broke the promise
    // constraint (a 500). No status leads back to `requested`, so this check needs no lock.
    if (visible.status === 'requested') {
      throw new ConflictError('the dispatcher has not made an offer yet', 'not_an_offer');
    }
    if (visible.status === 'offered' && this.isPastExpiry(visible)) {
      await this.expire(bookingId);
      throw new ConflictError('the offer has expired; please book again', 'offer_expired');
    }
    await this.transition(bookingId, 'confirmed', { actor: principal.sub });
    return this.queries.get(principal, bookingId);
  }

  /**
   * Expires offers not accepted in time and asks the dispatch worker to release their seats.
   * Safe to run on every replica at once: each booking is locked and checked again.
   * @returns how many offers expired
   */
  async expireDueOffers(limit = 200): Promise<number> {
    const due = await this.ds.getRepository(BookingEntity).find({
      select: { id: true },
      where: { status: 'offered', offerExpiresAt: LessThanOrEqual(this.clock.now()) },
      order: { offerExpiresAt: 'ASC' },
      take: limit,
    });
    let expired = 0;
    for (const { id } of due) if (await this.expire(id)) expired++;
    return expired;
  }

  private isPastExpiry(b: BookingEntity): boolean {
    return !!b.offerExpiresAt && b.offerExpiresAt.getTime() <= this.clock.now().getTime();
  }

  /** Expires one offer; a rider who accepted (or cancelled) first wins the row lock. */
  private async expire(bookingId: string): Promise<boolean> {
    try {
      const { before } = await this.transition(bookingId, 'expired', {
        actor: 'offer-expiry',
        reasonCode: 'offer_expired',
        reasonText: 'the offer was not accepted in time',
      });
      await this.queue
        .releaseBooking({ bookingId, vehicleId: before.vehicleId })
        .catch((e: Error) => this.log.warn(`release of ${bookingId} not queued: ${e.message}`));
      return true;
    } catch (e) {
      if (!(e instanceof IllegalStatusTransitionError))
        this.log.warn(`offer ${bookingId} not expired: ${(e as Error).message}`);
      return false;
    }
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
