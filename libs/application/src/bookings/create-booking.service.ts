import {
  Clock,
  ConflictError,
  ForbiddenError,
  isOffice,
  Principal,
  requestedArrivalOrDeparture,
} from '@app/domain';
import { AppConfig, APP_CONFIG } from '@app/config';
import { DecisionWaiter, DispatchQueueProducer } from '@app/messaging';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { claimIdempotencyKey, replayBooking, requestHash } from './booking-idempotency';
import { BookingLifecycleService } from './booking-lifecycle.service';
import { BookingQueriesService } from './booking-queries.service';
import { BookingRequestResolver } from './booking-request.resolver';
import { CreateBookingCommand, CreateBookingResult } from './create-booking.command';
import { checkRiderLimitsIn } from './rider-limits.check';

export type { CreateBookingCommand, CreateBookingResult } from './create-booking.command';

/** How long a booking request waits for Redis to take its job before answering without it. */
const ENQUEUE_WAIT_MS = 1500;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Stores a new booking as requested (once {@link BookingRequestResolver} has checked the
 * request, and within the rider's booking limits unless the office overrides them), hands it to
 * the dispatch worker and waits a few seconds for its decision. The booking row and its first history event (written by the lifecycle's
 * {@link BookingLifecycleService.createIn}) and the idempotency key commit together; the
 * announcement and then the queue job follow the commit, and the dispatch worker's sweeper
 * re-enqueues any requested booking whose job went missing.
 */
@Injectable()
export class CreateBookingService {
  private readonly log = new Logger(CreateBookingService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly requests: BookingRequestResolver,
    private readonly queries: BookingQueriesService,
    private readonly queue: DispatchQueueProducer,
    private readonly lifecycle: BookingLifecycleService,
    private readonly decisions: DecisionWaiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(actor: Principal, cmd: CreateBookingCommand): Promise<CreateBookingResult> {
    if (actor.role === 'rider' && cmd.riderId !== actor.sub)
      throw new ForbiddenError('riders book for themselves');
    if (actor.role === 'driver') throw new ForbiddenError('drivers cannot book rides');
    if (cmd.overrideRiderLimits && !isOffice(actor))
      throw new ForbiddenError('only the transport office may override the rider booking limits');

    const hash = requestHash(cmd);
    if (cmd.idempotencyKey) {
      const replay = await replayBooking(this.ds, this.queries, actor, cmd.idempotencyKey, hash);
      if (replay) return replay;
    }

    const resolved = await this.requests.resolve(actor, cmd);
    const { rider, area, train, trainDelayS, trainSlackS, timeField } = resolved;
    const returnArea = resolved.returnLeg;
    cmd = resolved.cmd;

    const bookingId = randomUUID();
    const returnId = returnArea ? randomUUID() : null;
    const created = await this.ds.transaction(async (em) => {
      // Another request with this key committed first: fall through to its result.
      if (
        cmd.idempotencyKey &&
        !(await claimIdempotencyKey(em, actor.sub, cmd.idempotencyKey, hash, bookingId))
      )
        return null;
      const outboundTime = requestedArrivalOrDeparture(cmd, area);
      if (!cmd.overrideRiderLimits) {
        await checkRiderLimitsIn(
          em,
          rider.id,
          area,
          [
            {
              booking: {
                id: bookingId,
                timeKind: cmd.timeKind,
                requestedTime: outboundTime,
                linkedBookingId: returnId,
              },
              field: timeField,
            },
            ...(returnId && returnArea
              ? [
                  {
                    booking: {
                      id: returnId,
                      timeKind: returnArea.input.timeKind,
                      requestedTime: returnArea.input.time,
                      linkedBookingId: bookingId,
                    },
                    field: 'returnTrip.time',
                  },
                ]
              : []),
          ],
          this.clock.now(),
        );
      }
      const outbound = await this.lifecycle.createIn(
        em,
        {
          id: bookingId,
          riderId: rider.id,
          serviceAreaId: area.id,
          fromStopId: cmd.fromStopId,
          toStopId: cmd.toStopId,
          timeKind: cmd.timeKind,
          requestedTime: outboundTime,
          passengers: cmd.passengers,
          wheelchairPlaces: cmd.wheelchairPlaces,
          channel: isOffice(actor) ? 'operator' : 'rider',
          createdBy: actor.sub,
          confirmation: cmd.confirmation ?? 'auto',
          ...(returnId ? { linkedBookingId: returnId, tripLeg: 'outbound' as const } : {}),
          ...(train
            ? {
                trainRole: train.role,
                trainTripId: train.call.tripId,
                trainServiceDate: train.call.serviceDate,
                trainRoute: train.call.route,
                trainHeadsign: train.role === 'catch' ? train.call.headsign : train.call.origin,
                trainScheduledAt: new Date(
                  train.role === 'catch' ? train.call.departureAt : train.call.arrivalAt,
                ),
                trainDelayS,
                trainSlackS,
              }
            : {}),
        },
        {
          actor: actor.sub,
          ...(cmd.overrideRiderLimits
            ? { note: 'rider booking limits overridden by the office' }
            : {}),
        },
      );
      if (!(returnId && returnArea && cmd.returnTrip)) return [outbound];
      const back = returnArea.input;
      const inbound = await this.lifecycle.createIn(
        em,
        {
          id: returnId,
          riderId: rider.id,
          serviceAreaId: returnArea.area.id,
          fromStopId: back.fromStopId,
          toStopId: back.toStopId,
          timeKind: back.timeKind,
          requestedTime: back.time,
          passengers: cmd.passengers,
          wheelchairPlaces: cmd.wheelchairPlaces,
          channel: actor.role === 'operator' ? 'operator' : 'rider',
          createdBy: actor.sub,
          confirmation: cmd.confirmation ?? 'auto',
          linkedBookingId: bookingId,
          tripLeg: 'return',
        },
        { actor: actor.sub, note: 'return trip' },
      );
      return [outbound, inbound];
    });
    if (!created) {
      const replay = await replayBooking(this.ds, this.queries, actor, cmd.idempotencyKey!, hash);
      if (replay) return replay;
      throw new ConflictError(
        'idempotency key is being used by another request',
        'idempotency_in_progress',
      );
    }

    // Announced before the job is queued, so no decision can be announced before the booking.
    await withTimeout(this.lifecycle.announce(...created), ENQUEUE_WAIT_MS).catch((e: Error) =>
      this.log.warn(`booking ${bookingId} stored but not announced: ${e.message}`),
    );
    // Listen before enqueueing, so a quick decision is not missed; answer with it when the
    // worker decides within the wait, else with the requested booking for the client to follow.
    const waitMs = this.config.BOOKING_DECISION_WAIT_MS;
    const expect = (id: string) =>
      waitMs > 0
        ? withTimeout(this.decisions.expect(id), ENQUEUE_WAIT_MS).catch(() => null)
        : Promise.resolve(null);
    const decision = await expect(bookingId);
    const returnDecision = returnId ? await expect(returnId) : null;
    await this.handToDispatch(bookingId, area.id);
    if (returnId && returnArea) await this.handToDispatch(returnId, returnArea.area.id);
    await Promise.all([decision?.wait(waitMs), returnDecision?.wait(waitMs)]);
    const operatorView = { ...actor, role: 'admin' as const, countyId: undefined };
    if (returnId) {
      return {
        booking: await this.queries.get(operatorView, bookingId),
        returnBooking: await this.queries.get(operatorView, returnId),
        replayed: false,
      };
    }
    return {
      booking: await this.queries.get({ ...actor, role: 'admin', countyId: undefined }, bookingId),
      replayed: false,
    };
  }

  private async handToDispatch(bookingId: string, serviceAreaId: string): Promise<void> {
    try {
      // While Redis is away its client retries with growing pauses; the rider is not kept
      // waiting for it: the booking is stored and the sweeper hands it on once Redis is back.
      await withTimeout(this.queue.assignBooking({ bookingId, serviceAreaId }), ENQUEUE_WAIT_MS);
    } catch (e) {
      // The booking is stored; the dispatch worker's sweeper enqueues it once Redis is back.
      this.log.warn(`booking ${bookingId} stored but not yet queued: ${(e as Error).message}`);
    }
  }
}
