import {
  assertTransition,
  BOOKING_ENTRY_STATUS,
  BookingStatus,
  Clock,
  ConflictError,
  NotFoundError,
  Principal,
  isOffice,
} from '@app/domain';
import type { BookingChangedEvent } from '@app/contracts';
import { DispatchQueueProducer, EventPublisher } from '@app/messaging';
import { BookingMetrics } from '@app/observability';
import { BookingEntity, BookingEventEntity, updateEach } from '@app/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, In, LessThanOrEqual } from 'typeorm';
import { BookingQueriesService } from './booking-queries.service';
import { BookingView } from './booking.view';
import { recordRiderMessages, RiderMessageDraft } from '../rider-messages/rider-message.outbox';

export interface TransitionOptions {
  actor: string;
  reasonCode?: string;
  /** Stored on the booking (at most 300 characters) and, unless `note` is given, in its history. */
  reasonText?: string | null;
  /** The history event's note, when it differs from reasonText. */
  note?: string | null;
  /** A message to the rider, written to the outbox in the same transaction as the change. */
  riderMessage?: Omit<RiderMessageDraft, 'bookingId'>;
}

/** Fields a transition may set beside the status (the dispatch decision's vehicle and promise). */
export type BookingPatch = Partial<
  Pick<
    BookingEntity,
    | 'vehicleId'
    | 'promisedPickupFrom'
    | 'promisedPickupTo'
    | 'promisedLatestArrival'
    | 'offerExpiresAt'
    | 'notifiedPickupAt'
    | 'reasonCode'
    | 'reasonText'
    | 'alternatives'
  >
>;

/** A transition as stored, with the event to announce once its transaction has committed. */
export interface BookingChange {
  before: BookingEntity;
  after: BookingEntity;
  event: BookingChangedEvent;
}

/** A new booking's row as the booking service builds it; its status is the lifecycle's to set. */
export type NewBooking = Omit<
  Partial<BookingEntity>,
  'status' | 'createdAt' | 'updatedAt' | 'rider' | 'serviceArea'
> &
  Pick<BookingEntity, 'id' | 'riderId' | 'serviceAreaId'>;

/** A booking as created, with the event to announce once its transaction has committed. */
export interface BookingCreation {
  after: BookingEntity;
  event: BookingChangedEvent;
}

/**
 * The one writer of a booking's status: creation ({@link createIn}: the entry status, first
 * history event), the dispatch worker's decisions (confirm, offer, reject), the rider's and
 * office's cancel and accept, offer expiry and the driver's stop events ({@link transitionIn}:
 * row lock, legal transition, history event); every change is announced only after its
 * transaction commits.
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
    private readonly metrics: BookingMetrics,
  ) {}

  /** A rider cancels their own booking, or the office cancels any in its county. */
  async cancel(
    principal: Principal,
    bookingId: string,
    reasonText?: string,
    options: { alsoLinked?: boolean } = {},
  ): Promise<BookingView> {
    const visible = await this.queries.findVisible(principal, bookingId);
    if (!visible) throw new NotFoundError('booking', bookingId);
    const { before, after } = await this.transition(bookingId, 'cancelled', {
      actor: principal.sub,
      reasonCode: isOffice(principal) ? 'cancelled_by_office' : 'cancelled_by_rider',
      reasonText,
      ...(isOffice(principal)
        ? {
            riderMessage: {
              kind: 'cancelled_by_office' as const,
              facts: { officeMessage: reasonText ?? null },
            },
          }
        : {}),
    });
    if (['confirmed', 'requested', 'offered'].includes(before.status)) {
      await this.queue
        .releaseBooking({ bookingId, vehicleId: before.vehicleId })
        .catch((e: Error) => this.log.warn(`release of ${bookingId} not queued: ${e.message}`));
    }
    // A round trip's other leg goes too when asked, unless it is already over or cancelled.
    if (options.alsoLinked && visible.linkedBookingId) {
      const other = await this.queries.findVisible(principal, visible.linkedBookingId);
      if (other && ['requested', 'offered', 'confirmed', 'at_risk'].includes(other.status)) {
        await this.cancel(principal, other.id, reasonText);
      }
    }
    return this.queries.get(principal, after.id);
  }

  /**
   * The rider accepts the offer the dispatcher holds: `offered` -> `confirmed`, promise unchanged.
   * An offer past its expiry is expired here (and its seat released) instead of confirmed.
   * Decided on the locked row, so of two accepts at once the second answers as a later one would.
   * @throws ConflictError `offer_expired` when it came too late (also once the offer expired)
   * @throws ConflictError `not_an_offer` when the booking is no open offer: the dispatcher has
   * not decided yet, or it is confirmed (accepted before), cancelled or rejected
   */
  async accept(principal: Principal, bookingId: string): Promise<BookingView> {
    const visible = await this.queries.findVisible(principal, bookingId);
    if (!visible) throw new NotFoundError('booking', bookingId);
    const { confirmed, expired } = await this.ds.transaction(
      async (em): Promise<{ confirmed?: BookingChange; expired?: BookingChange[] }> => {
        const b = await em.findOne(BookingEntity, {
          where: { id: bookingId },
          lock: { mode: 'pessimistic_write' },
        });
        if (!b) throw new NotFoundError('booking', bookingId);
        if (b.status === 'offered' && this.isPastExpiry(b))
          return { expired: await this.expireOffersIn(em, [bookingId]) };
        assertOpenOffer(b.status);
        return {
          confirmed: await this.transitionIn(em, bookingId, 'confirmed', {
            actor: principal.sub,
            riderMessage: { kind: 'confirmed' },
          }),
        };
      },
    );
    if (expired) {
      await this.announceExpiry(expired);
      throw new ConflictError('the offer has expired; please book again', 'offer_expired');
    }
    await this.announce(confirmed ?? null);
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

  /** Expires one offer due; a rider who accepted (or cancelled) first wins the row lock. */
  private async expire(bookingId: string): Promise<boolean> {
    try {
      const changes = await this.ds.transaction((em) => this.expireOffersIn(em, [bookingId]));
      await this.announceExpiry(changes);
      return changes.length > 0;
    } catch (e) {
      this.log.warn(`offer ${bookingId} not expired: ${(e as Error).message}`);
      return false;
    }
  }

  /**
   * Expires, inside the caller's transaction, those of `bookingIds` that are still open offers
   * (`offered` -> `expired`, reason `offer_expired`, with their history events): each row is
   * locked first, so an accept or cancel that came first wins and that booking is left alone.
   * The one way an offer expires: when its time is up ({@link expireDueOffers}, {@link accept})
   * and when the bus leaves the stop of its pickup (the driver's `departed`). Announces nothing:
   * the caller passes the result to {@link announceExpiry} once its transaction has committed.
   */
  async expireOffersIn(
    em: EntityManager,
    bookingIds: readonly string[],
    opts: TransitionOptions = {
      actor: 'offer-expiry',
      reasonText: 'the offer was not accepted in time',
    },
  ): Promise<BookingChange[]> {
    if (!bookingIds.length) return [];
    const open = await em.find(BookingEntity, {
      select: { id: true },
      where: { id: In([...bookingIds]), status: 'offered' },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    return this.transitionManyIn(
      em,
      open.map((b) => ({
        bookingId: b.id,
        to: 'expired' as const,
        opts: { ...opts, reasonCode: 'offer_expired' },
      })),
    );
  }

  /**
   * After the transaction of {@link expireOffersIn} committed: announces the expiries and asks
   * the dispatch worker to release their seats (their stops leave the vehicle's plan).
   */
  async announceExpiry(changes: readonly BookingChange[]): Promise<void> {
    await this.announce(...changes);
    for (const { before } of changes)
      await this.queue
        .releaseBooking({ bookingId: before.id, vehicleId: before.vehicleId })
        .catch((e: Error) => this.log.warn(`release of ${before.id} not queued: ${e.message}`));
  }

  /**
   * One transition in its own transaction, announced after it commits.
   * @throws IllegalStatusTransitionError when the booking's current status does not allow it
   * (for example cancelling a ride already under way).
   */
  async transition(
    bookingId: string,
    to: BookingStatus,
    opts: TransitionOptions,
    patch: BookingPatch = {},
  ): Promise<BookingChange> {
    const change = await this.ds.transaction((em) =>
      this.transitionIn(em, bookingId, to, opts, patch),
    );
    await this.announce(change);
    return change;
  }

  /**
   * One transition inside the caller's transaction: row lock, legal transition checked
   * ({@link assertTransition}), status and `patch` written, history event. Announces nothing:
   * the caller passes the result to {@link announce} once its transaction has committed, so a
   * listener that re-reads sees the change.
   * @throws IllegalStatusTransitionError when the booking's current status does not allow it
   */
  async transitionIn(
    em: EntityManager,
    bookingId: string,
    to: BookingStatus,
    opts: TransitionOptions,
    patch: BookingPatch = {},
  ): Promise<BookingChange> {
    return (await this.transitionManyIn(em, [{ bookingId, to, opts, patch }]))[0];
  }

  /**
   * {@link transitionIn} for many bookings in one go (a dispatch batch's decisions): every row
   * locked, every transition checked before anything is written, then the rows, their history
   * events and rider messages with as few queries as the tables allow.
   * @throws IllegalStatusTransitionError when one booking's status does not allow its change
   */
  async transitionManyIn(
    em: EntityManager,
    items: ReadonlyArray<{
      bookingId: string;
      to: BookingStatus;
      opts: TransitionOptions;
      patch?: BookingPatch;
    }>,
  ): Promise<BookingChange[]> {
    if (!items.length) return [];
    const ids = items.map((i) => i.bookingId);

    const locked = await em.find(BookingEntity, {
      where: { id: In(ids) },
      lock: { mode: 'pessimistic_write' },
    });
    const before = new Map(locked.map((b) => [b.id, { ...b } as BookingEntity]));
    for (const { bookingId, to } of items) {
      const b = before.get(bookingId);
      if (!b) throw new NotFoundError('booking', bookingId);
      assertTransition(b.status, to);
    }
    await updateEach(
      em,
      BookingEntity,
      items.map(({ bookingId, to, opts, patch }) => {
        const row: Partial<BookingEntity> = { ...patch, status: to };
        if (opts.reasonCode) row.reasonCode = opts.reasonCode;
        if (opts.reasonText !== undefined) row.reasonText = opts.reasonText?.slice(0, 300) ?? null;
        return { id: bookingId, values: row };
      }),
    );
    await em.insert(
      BookingEventEntity,
      items.map(({ bookingId, to, opts }) => ({
        bookingId,
        fromStatus: before.get(bookingId)!.status,
        toStatus: to,
        actor: opts.actor,
        note: opts.note !== undefined ? opts.note : (opts.reasonText ?? null),
      })),
    );
    await recordRiderMessages(
      em,
      items.flatMap(({ bookingId, opts }) =>
        opts.riderMessage ? [{ ...opts.riderMessage, bookingId }] : [],
      ),
    );
    const after = new Map(
      (await em.find(BookingEntity, { where: { id: In(ids) } })).map((b) => [b.id, b]),
    );
    const at = this.clock.now().toISOString();
    return items.map(({ bookingId, to }) => {
      const a = after.get(bookingId)!;
      const b = before.get(bookingId)!;
      return {
        before: b,
        after: a,
        event: {
          bookingId,
          riderId: a.riderId,
          serviceAreaId: a.serviceAreaId,
          status: to,
          previousStatus: b.status,
          vehicleId: a.vehicleId,
          at,
          ...(to === 'rejected' && a.alternatives?.length ? { alternatives: a.alternatives } : {}),
        },
      };
    });
  }

  /**
   * A new booking inside the caller's transaction: stored in the entry status
   * ({@link BOOKING_ENTRY_STATUS}) with its first history event (from no status). Announces
   * nothing: the caller passes the result to {@link announce} once its transaction has committed.
   */
  async createIn(
    em: EntityManager,
    booking: NewBooking,
    opts: Pick<TransitionOptions, 'actor' | 'note'>,
  ): Promise<BookingCreation> {
    const to = BOOKING_ENTRY_STATUS;
    await em.insert(BookingEntity, { ...booking, status: to });
    await em.insert(BookingEventEntity, {
      bookingId: booking.id,
      fromStatus: null,
      toStatus: to,
      actor: opts.actor,
      note: opts.note ?? null,
    });
    const after = await em.findOneByOrFail(BookingEntity, { id: booking.id });
    return {
      after,
      event: {
        bookingId: after.id,
        riderId: after.riderId,
        serviceAreaId: after.serviceAreaId,
        status: to,
        previousStatus: null,
        vehicleId: after.vehicleId,
        at: this.clock.now().toISOString(),
      },
    };
  }

  /**
   * Counts committed changes and creations (`ridepool_bookings_total`) and announces them; a
   * failed announcement is logged, the change stays stored. Every status write passes here once.
   */
  async announce(...changes: Array<BookingChange | BookingCreation | null>): Promise<void> {
    // Counted first: a publish that waits for Redis must not hold back the count.
    for (const c of changes) if (c) this.metrics.entered(c.event.status, c.after.reasonCode);
    // Sent together (one connection keeps their order), so a batch's riders hear at once.
    await Promise.all(
      changes.map((c) =>
        c
          ? this.events
              .publish('events.booking-changed', c.event)
              .catch((e: Error) =>
                this.log.warn(`booking ${c.event.bookingId} change not announced: ${e.message}`),
              )
          : undefined,
      ),
    );
  }
}

/**
 * Accepting needs an open offer; the refusal says what the booking is instead. A requested
 * booking has no seat or promise yet (confirming it broke the promise constraint, a 500).
 */
function assertOpenOffer(status: BookingStatus): void {
  if (status === 'offered') return;
  if (status === 'expired')
    throw new ConflictError('the offer has expired; please book again', 'offer_expired');
  if (status === 'requested')
    throw new ConflictError('the dispatcher has not made an offer yet', 'not_an_offer');
  throw new ConflictError(`the booking is ${status}, no open offer`, 'not_an_offer');
}
