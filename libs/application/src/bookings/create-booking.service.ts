import {
  BookingContext,
  BookingRequestInput,
  checkBookingRequest,
  FieldProblem,
  ServiceAreaFacts,
  requestedArrivalOrDeparture,
  Clock,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  Principal,
  RuleViolationError,
  StopFacts,
  isOffice,
  TimeKind,
  checkRiderBookingLimits,
  echo,
  OPEN_BOOKING_STATUSES,
  RiderBookingFacts,
} from '@app/domain';
import { AppConfig, APP_CONFIG } from '@app/config';
import { DecisionWaiter, DispatchQueueProducer } from '@app/messaging';
import { BookingEntity, IdempotencyKeyEntity, RiderEntity, StopEntity } from '@app/persistence';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { ServiceAreaFactsLoader } from '../service-areas/service-area-facts.loader';
import { BookingLifecycleService } from './booking-lifecycle.service';
import { BookingQueriesService } from './booking-queries.service';
import { DeparturesService, TrainCall } from '../timetable/departures.service';
import { BookingView } from './booking.view';

export interface CreateBookingCommand extends BookingRequestInput {
  /** The rider travelling; for a rider's own token it is their subject. */
  riderId: string;
  idempotencyKey?: string;
  /** `rider`: the worker holds an offer the rider accepts; `auto` (default): confirmed at once. */
  confirmation?: 'auto' | 'rider';
  /**
   * A train of the imported timetable the ride connects with: to the station to catch it
   * (arrive-by its departure less the transfer buffer), or from the station after it (the pickup
   * window opens at its arrival). Replaces `time`.
   */
  train?: { tripId: string; serviceDate: string };
  /** Book the way back too: from the destination to the origin, planned as its own ride. */
  returnTrip?: { timeKind: TimeKind; time: Date };
  /**
   * The office books past the area's rider booking limits (overlapping and open bookings per
   * rider), e.g. for a caller whose earlier booking is about to be cancelled. Office only.
   */
  overrideRiderLimits?: boolean;
}

export interface CreateBookingResult {
  booking: BookingView;
  /** The return leg, when the booking was made with its return trip. */
  returnBooking?: BookingView;
  /** True when the Idempotency-Key had been used with the same body: nothing new was created. */
  replayed: boolean;
}

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Stores a new booking as requested, hands it to the dispatch worker and waits a few seconds
 * for its decision. The booking row and its first history event (written by the lifecycle's
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
    private readonly areas: ServiceAreaFactsLoader,
    private readonly queries: BookingQueriesService,
    private readonly queue: DispatchQueueProducer,
    private readonly lifecycle: BookingLifecycleService,
    private readonly decisions: DecisionWaiter,
    private readonly trains: DeparturesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(actor: Principal, cmd: CreateBookingCommand): Promise<CreateBookingResult> {
    if (actor.role === 'rider' && cmd.riderId !== actor.sub)
      throw new ForbiddenError('riders book for themselves');
    if (actor.role === 'driver') throw new ForbiddenError('drivers cannot book rides');
    if (cmd.overrideRiderLimits && !isOffice(actor))
      throw new ForbiddenError('only the transport office may override the rider booking limits');
    // The request field the ride's time came from, named when the time overlaps another booking.
    const timeField = cmd.train ? 'train' : cmd.trainDeparture ? 'trainDepartureAt' : 'time';

    const hash = requestHash(cmd);
    if (cmd.idempotencyKey) {
      const replay = await this.replay(actor, cmd.idempotencyKey, hash);
      if (replay) return replay;
    }

    const rider = UUID.test(cmd.riderId)
      ? await this.ds.getRepository(RiderEntity).findOneBy({ id: cmd.riderId })
      : null;
    if (!rider || (actor.countyId && rider.countyId !== actor.countyId))
      throw new NotFoundError('rider', cmd.riderId);

    const ids = [cmd.fromStopId, cmd.toStopId].filter((id) => UUID.test(id));
    const found = ids.length ? await this.ds.getRepository(StopEntity).findBy({ id: In(ids) }) : [];
    // A rider books in any county: the ride's county is its origin's. The office books in its own.
    const countyId =
      (isOffice(actor) && actor.countyId) ||
      found.find((s) => s.id === cmd.fromStopId)?.countyId ||
      rider.countyId;
    const stops = found.filter((s) => s.countyId === countyId);
    const facts = (id: string): StopFacts | null => {
      const s = stops.find((x) => x.id === id);
      return s
        ? {
            id: s.id,
            name: s.name,
            location: { lat: s.lat, lon: s.lon },
            wheelchairAccessible: s.wheelchairAccessible,
            active: s.active,
            isStation: s.kind === 'hub' || s.kind === 'rail_station',
          }
        : null;
    };
    const train = cmd.train ? await this.resolveTrain(cmd, facts) : null;
    if (train) {
      cmd = {
        ...cmd,
        time: new Date(train.role === 'catch' ? train.call.departureAt : train.call.arrivalAt),
        ...(train.role === 'catch'
          ? { trainDeparture: new Date(train.call.departureAt) }
          : { trainArrival: new Date(train.call.arrivalAt) }),
      };
    }
    const areaFacts = await this.areas.forCounty(countyId);
    const area = checkBookingRequest(cmd, {
      fromStop: facts(cmd.fromStopId),
      toStop: facts(cmd.toStopId),
      areas: areaFacts,
      now: this.clock.now(),
    });

    const returnArea = cmd.returnTrip
      ? checkReturnLeg(cmd, requestedArrivalOrDeparture(cmd, area), {
          fromStop: facts(cmd.toStopId),
          toStop: facts(cmd.fromStopId),
          areas: areaFacts,
          now: this.clock.now(),
        })
      : null;

    const bookingId = randomUUID();
    const returnId = returnArea ? randomUUID() : null;
    const created = await this.ds.transaction(async (em) => {
      if (cmd.idempotencyKey) {
        const inserted = await em
          .createQueryBuilder()
          .insert()
          .into(IdempotencyKeyEntity)
          .values({ principal: actor.sub, key: cmd.idempotencyKey, requestHash: hash, bookingId })
          .orIgnore()
          .returning(['key'])
          .execute();
        // Another request with this key committed first: fall through to its result.
        if (inserted.raw.length === 0) return null;
      }
      const outboundTime = requestedArrivalOrDeparture(cmd, area);
      if (!cmd.overrideRiderLimits) {
        await this.checkRiderLimits(em, rider.id, area, [
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
        ]);
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
      const replay = await this.replay(actor, cmd.idempotencyKey!, hash);
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

  /**
   * The area's rider booking limits (`checkRiderBookingLimits`) against the rider's open
   * bookings. The rider's row is locked for the rest of the transaction, so two requests of one
   * rider at the same moment are counted one after the other.
   * @throws RuleViolationError naming the field and the limit
   */
  private async checkRiderLimits(
    em: EntityManager,
    riderId: string,
    area: ServiceAreaFacts,
    wanted: Parameters<typeof checkRiderBookingLimits>[1],
  ): Promise<void> {
    await em.query('SELECT 1 FROM riders WHERE id = $1 FOR NO KEY UPDATE', [riderId]);
    const open: RiderBookingFacts[] = await em.getRepository(BookingEntity).find({
      select: {
        id: true,
        timeKind: true,
        requestedTime: true,
        promisedPickupFrom: true,
        promisedLatestArrival: true,
        linkedBookingId: true,
      },
      where: { riderId, status: In([...OPEN_BOOKING_STATUSES]) },
    });
    const problems = checkRiderBookingLimits(open, wanted, area.rules, this.clock.now());
    if (problems.length) throw new RuleViolationError(problems);
  }

  /**
   * The train a booking names, at the station it starts or ends at: caught at the destination
   * (a departure there), else arriving at the origin.
   */
  private async resolveTrain(
    cmd: CreateBookingCommand,
    facts: (id: string) => StopFacts | null,
  ): Promise<{ role: 'catch' | 'arrive'; call: TrainCall }> {
    const { tripId, serviceDate } = cmd.train!;
    const to = facts(cmd.toStopId);
    const from = facts(cmd.fromStopId);
    if (to?.isStation) {
      const call = await this.trains.call(to.id, tripId, serviceDate);
      if (call && !call.terminatesHere) return { role: 'catch', call };
    }
    if (from?.isStation) {
      const call = await this.trains.call(from.id, tripId, serviceDate);
      if (call && !call.originatesHere) return { role: 'arrive', call };
    }
    throw new RuleViolationError([
      {
        field: 'train.tripId',
        code: 'unknown_train',
        reason: `no train ${echo(tripId)} on ${echo(serviceDate)} leaves from the destination or arrives at the origin`,
      },
    ]);
  }

  private async replay(
    actor: Principal,
    key: string,
    hash: string,
  ): Promise<CreateBookingResult | null> {
    const row = await this.ds
      .getRepository(IdempotencyKeyEntity)
      .findOneBy({ principal: actor.sub, key });
    if (!row) return null;
    if (row.requestHash !== hash) {
      throw new ConflictError(
        'this Idempotency-Key was already used with a different request body',
        'idempotency_key_reused',
      );
    }
    const operatorView = { ...actor, role: 'admin' as const, countyId: undefined };
    const booking = await this.queries.get(operatorView, row.bookingId);
    const returnBooking =
      booking.tripLeg === 'outbound' && booking.linkedBookingId
        ? await this.queries.get(operatorView, booking.linkedBookingId)
        : undefined;
    return { booking, ...(returnBooking ? { returnBooking } : {}), replayed: true };
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

/**
 * The way back of a round trip, checked as a booking of its own (from the destination to the
 * origin, same party) that must come after the outbound ride. Problems name `returnTrip.*`.
 */
export function checkReturnLeg(
  cmd: CreateBookingCommand,
  outboundTime: Date,
  ctx: BookingContext,
): { area: ServiceAreaFacts; input: BookingRequestInput } {
  const r = cmd.returnTrip!;
  const input: BookingRequestInput = {
    fromStopId: cmd.toStopId,
    toStopId: cmd.fromStopId,
    timeKind: r.timeKind,
    time: r.time,
    passengers: cmd.passengers,
    wheelchairPlaces: cmd.wheelchairPlaces,
  };
  const problems: FieldProblem[] = [];
  if (!(r.time.getTime() > outboundTime.getTime())) {
    problems.push({
      field: 'returnTrip.time',
      code: 'return_before_outbound',
      reason: 'must be after the outbound ride',
    });
  }
  let area: ServiceAreaFacts | null = null;
  try {
    area = checkBookingRequest(input, ctx);
  } catch (e) {
    if (!(e instanceof RuleViolationError)) throw e;
    // Stop problems were already reported for the outbound ride; the time is the return's own.
    for (const p of e.problems) {
      if (p.field === 'time' || p.field === 'timeKind') {
        problems.push({ ...p, field: `returnTrip.${p.field}` });
      }
    }
  }
  if (problems.length > 0 || !area) {
    throw new RuleViolationError(
      problems.length
        ? problems
        : [{ field: 'returnTrip', code: 'invalid', reason: 'the way back cannot be booked' }],
    );
  }
  return { area, input };
}

/**
 * sha256 over the fields that define the ride, in a fixed order. The confirmation mode is only
 * appended when it is not the default, so hashes stored before offers existed still match.
 */
export function requestHash(cmd: CreateBookingCommand): string {
  const canonical = JSON.stringify([
    cmd.riderId,
    cmd.fromStopId,
    cmd.toStopId,
    cmd.timeKind,
    Number.isNaN(cmd.time.getTime()) ? null : cmd.time.toISOString(),
    cmd.passengers,
    cmd.wheelchairPlaces,
    ...(cmd.confirmation === 'rider' ? ['rider'] : []),
    ...(cmd.trainDeparture ? [`train:${cmd.trainDeparture.toISOString()}`] : []),
    ...(cmd.train ? [`trip:${cmd.train.tripId}@${cmd.train.serviceDate}`] : []),
    ...(cmd.returnTrip
      ? [`return:${cmd.returnTrip.timeKind}@${cmd.returnTrip.time.toISOString()}`]
      : []),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
