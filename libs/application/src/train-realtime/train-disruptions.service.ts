import type { BookingChangedEvent, ScheduleChangedEvent } from '@app/contracts';
import {
  Clock,
  toLocalTime,
  trainAtStation,
  TrainAtStation,
  trainRideAction,
  TrainRideAction,
  TripUpdateReport,
} from '@app/domain';
import { AppConfig, APP_CONFIG } from '@app/config';
import { EventPublisher } from '@app/messaging';
import { BookingEntity, ServiceAreaEntity, VehicleScheduleEntity } from '@app/persistence';
import { StopMatrixCache } from '@app/routing';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull, MoreThan, Or } from 'typeorm';
import { BookingChange, BookingLifecycleService } from '../bookings/booking-lifecycle.service';
import { lockCountyForDispatch } from '../dispatch/dispatch-lock';
import { toS } from '../dispatch/ride-request.mapper';
import { replanBookings } from '../fleet-changes/evicted-bookings.replanner';
import { recordRiderMessage } from '../rider-messages/rider-message.outbox';
import { poolingRulesOf } from '../service-areas/service-area-facts.loader';
import { DeparturesService } from '../timetable/departures.service';

/** What one round of train reports did. */
export interface TrainUpdatesOutcome {
  /** TripUpdates in the feed, and bookings tied to one of their trains. */
  reports: number;
  matched: number;
  /**
   * `arrive` rides that moved with their train: the pickup window of a confirmed ride or an
   * offer (made again), the requested time of one not decided yet.
   */
  moved: string[];
  /** Rides the office must look at: train cancelled, or a move no vehicle could keep. */
  atRisk: string[];
  /** Rides not decided yet whose train is cancelled: turned down, never confirmed. */
  rejected: string[];
  /** Rides whose train's cancellation was withdrawn (back on a vehicle where one can take it). */
  restored: string[];
}

/** A booking, what its train does at its station, and the next train when it is cancelled. */
interface Affected {
  booking: BookingEntity;
  train: TrainAtStation;
  nextTrainAt: Date | null;
}

const ACTOR = 'train-realtime';
/** How far ahead the next departure is looked for when a train to catch is cancelled. */
const NEXT_TRAIN_WITHIN_MS = 6 * 3600_000;

/**
 * Applies GTFS-Realtime TripUpdates to the rides tied to a train (issue 14). After a late train
 * the pickup window of riders waiting for it moves by the delay and the ride is planned again
 * through the re-planner of fleet changes (every vehicle of the county, the promise as hard
 * windows); a move no vehicle can keep, and a cancelled train, make the booking `at_risk` for
 * the office. An offer moves the same way and is made again (a fresh expiry); a booking not
 * decided yet has its requested time moved, so the dispatch worker decides it against the
 * train's new time, and is turned down (`rejected`, reason `train_cancelled`) when its train is
 * cancelled, so its rider is never told "confirmed" for a train known to be gone. A cancellation the feed withdraws (the trip runs in a later report) puts the
 * rides it took off their vehicles back on one (`confirmed`) where a vehicle can keep the
 * promise. Riders are told through the outbox, once per change: the delay already applied and
 * the cancellation handled are stored on the booking. Rides to a train ignore its late departure.
 */
@Injectable()
export class TrainDisruptionsService {
  private readonly log = new Logger(TrainDisruptionsService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly matrix: StopMatrixCache,
    private readonly events: EventPublisher,
    private readonly lifecycle: BookingLifecycleService,
    private readonly timetable: DeparturesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async apply(reports: TripUpdateReport[]): Promise<TrainUpdatesOutcome> {
    const out: TrainUpdatesOutcome = {
      reports: reports.length,
      matched: 0,
      moved: [],
      atRisk: [],
      rejected: [],
      restored: [],
    };
    if (!reports.length) return out;
    const now = this.clock.now();
    const candidates = await this.ds.getRepository(BookingEntity).find({
      where: {
        status: In([...WATCHED]),
        trainTripId: In([...new Set(reports.map((r) => r.tripId))]),
        // A requested booking has no promise yet.
        promisedPickupTo: Or(MoreThan(now), IsNull()),
      },
      relations: { serviceArea: true },
    });
    const byArea = new Map<string, Affected[]>();
    for (const booking of candidates) {
      const report = this.reportFor(booking, reports, now);
      if (!report) continue;
      out.matched++;
      const affected = await this.affected(booking, report, reports);
      if (!affected) continue;
      const list = byArea.get(booking.serviceAreaId) ?? [];
      list.push(affected);
      byArea.set(booking.serviceAreaId, list);
    }
    for (const list of byArea.values()) {
      const r = await this.applyInArea(list[0].booking.serviceArea!, list);
      out.moved.push(...r.moved);
      out.atRisk.push(...r.atRisk);
      out.rejected.push(...r.rejected);
      out.restored.push(...r.restored);
    }
    return out;
  }

  /** The report on the booking's train and service date (a report without one means today). */
  private reportFor(
    b: BookingEntity,
    reports: TripUpdateReport[],
    now: Date,
  ): TripUpdateReport | undefined {
    const today = toLocalTime(now, b.serviceArea!.timeZone).date;
    return reports.find(
      (r) => r.tripId === b.trainTripId && (r.serviceDate ?? today) === b.trainServiceDate,
    );
  }

  /** What the train does at the booking's station, when that calls for a change. */
  private async affected(
    booking: BookingEntity,
    report: TripUpdateReport,
    reports: TripUpdateReport[],
  ): Promise<Affected | null> {
    const role = booking.trainRole!;
    const station = role === 'arrive' ? booking.fromStopId : booking.toStopId;
    const call = await this.timetable.stationCall(
      station,
      booking.trainTripId!,
      booking.trainServiceDate!,
      role,
    );
    const train = call ? trainAtStation(report, call) : null;
    if (!train || !concerns(booking, actionOf(booking, train))) return null;
    const nextTrainAt =
      role === 'catch' && (train.kind === 'cancelled' || train.kind === 'skipped')
        ? await this.nextDeparture(booking, station, reports)
        : null;
    return { booking, train, nextTrainAt };
  }

  /** The next train the timetable has from the station in the same direction, not cancelled. */
  private async nextDeparture(
    b: BookingEntity,
    station: string,
    reports: TripUpdateReport[],
  ): Promise<Date | null> {
    const after = b.trainScheduledAt!;
    const calls = await this.timetable.list(
      station,
      new Date(after.getTime() + 1000),
      new Date(after.getTime() + NEXT_TRAIN_WITHIN_MS),
    );
    const gone = (tripId: string, serviceDate: string) =>
      reports.some((r) => r.cancelled && r.tripId === tripId && r.serviceDate === serviceDate);
    const next = calls.find(
      (c) =>
        c.tripId !== b.trainTripId &&
        c.headsign === b.trainHeadsign &&
        !gone(c.tripId, c.serviceDate),
    );
    return next ? new Date(next.departureAt) : null;
  }

  /**
   * One service area's changes in one transaction under its county's dispatch lock: requested
   * times and promises moved, rides planned again, bookings at risk or back from it, messages in
   * the outbox; announced after commit.
   */
  private async applyInArea(
    area: ServiceAreaEntity,
    affected: Affected[],
  ): Promise<Omit<TrainUpdatesOutcome, 'reports' | 'matched'>> {
    const schedules: ScheduleChangedEvent[] = [];
    const changes: BookingChange[] = [];
    const moves: BookingChangedEvent[] = [];
    const result = await this.ds.transaction(async (em) => {
      await lockCountyForDispatch(em, area.countyId);
      const now = this.clock.now();
      const res = {
        moved: [] as string[],
        atRisk: [] as string[],
        rejected: [] as string[],
        restored: [] as string[],
      };
      const fresh = await em.find(BookingEntity, {
        where: { id: In(affected.map((a) => a.booking.id)), status: In([...WATCHED]) },
        lock: { mode: 'pessimistic_write' },
      });
      const announceMove = (b: BookingEntity, vehicleId: string | null) =>
        moves.push({
          bookingId: b.id,
          riderId: b.riderId,
          serviceAreaId: b.serviceAreaId,
          status: b.status,
          previousStatus: b.status,
          vehicleId,
          at: now.toISOString(),
        });
      const toMove: BookingEntity[] = [];
      const toPlace: BookingEntity[] = [];
      const cancelled: string[] = [];
      for (const b of fresh) {
        const a = affected.find((x) => x.booking.id === b.id)!;
        const action = actionOf(b, a.train);
        if (!concerns(b, action)) continue;
        if (action.kind === 'train_cancelled' && b.status === 'requested') {
          // No promise yet, no vehicle: the rider is told no at once, under the dispatch lock,
          // so the worker finds it decided instead of confirming a ride to a train that is gone.
          changes.push(
            await this.lifecycle.transitionIn(em, b.id, 'rejected', {
              actor: ACTOR,
              reasonCode: 'train_cancelled',
              reasonText: trainGone(b),
              riderMessage: { kind: 'rejected' },
            }),
          );
          await em.update(BookingEntity, { id: b.id }, { trainCancelledAt: now });
          res.rejected.push(b.id);
          continue;
        }
        if (action.kind === 'train_cancelled') {
          changes.push(
            await this.lifecycle.transitionIn(
              em,
              b.id,
              'at_risk',
              {
                actor: ACTOR,
                reasonCode: 'train_cancelled',
                reasonText: trainGone(b),
                riderMessage: {
                  kind: 'train_cancelled',
                  // Per cancellation: one withdrawn and made again is told again.
                  eventId: `train-cancelled.${b.id}.${now.getTime()}`,
                  facts: { nextTrainAt: a.nextTrainAt },
                },
              },
              { vehicleId: null },
            ),
          );
          await em.update(BookingEntity, { id: b.id }, { trainCancelledAt: now });
          cancelled.push(b.id);
          res.atRisk.push(b.id);
          continue;
        }
        const byS = action.kind === 'none' ? 0 : action.byS;
        const patch = {
          ...(b.status === 'requested'
            ? // Not decided yet: the dispatch worker decides it against the train's new time.
              { requestedTime: shift(b.requestedTime, byS) }
            : byS
              ? {
                  promisedPickupFrom: shift(b.promisedPickupFrom!, byS),
                  promisedPickupTo: shift(b.promisedPickupTo!, byS),
                  promisedLatestArrival: shift(b.promisedLatestArrival!, byS),
                  // Told below with the train's news, not as a bare pickup move.
                  notifiedPickupAt: null,
                }
              : {}),
          trainDelayS: action.kind === 'none' ? b.trainDelayS : action.delayS,
          ...(action.kind === 'train_restored' ? { trainCancelledAt: null } : {}),
        };
        await em.update(BookingEntity, { id: b.id }, patch);
        Object.assign(b, patch);
        if (b.status === 'requested') {
          announceMove(b, null);
          res.moved.push(b.id);
        } else if (b.status === 'at_risk' && b.reasonCode === 'train_cancelled') {
          toPlace.push(b);
        } else if (byS && b.status !== 'at_risk') {
          toMove.push(b);
        } else {
          // The office put it back on a vehicle, or something else put it at risk since.
          await recordRiderMessage(em, {
            kind: 'train_restored',
            bookingId: b.id,
            eventId: restoredEventId(b, now),
            facts: { trainAtRisk: b.status === 'at_risk' },
          });
          res.restored.push(b.id);
        }
      }
      const replan = await replanBookings(em, this.matrix, {
        countyId: area.countyId,
        rules: poolingRulesOf(area),
        nowS: toS(now),
        offer: [...toMove, ...toPlace],
        drop: cancelled,
      });
      schedules.push(...replan.schedulesChanged);
      for (const r of replan.replanned) {
        const placed = toPlace.find((x) => x.id === r.bookingId);
        if (placed) {
          changes.push(
            await this.lifecycle.transitionIn(
              em,
              placed.id,
              'confirmed',
              {
                actor: ACTOR,
                note: `train ${placed.trainTripId} runs after all`,
                riderMessage: { kind: 'train_restored', eventId: restoredEventId(placed, now) },
              },
              { vehicleId: r.toVehicleId, reasonCode: null, reasonText: null },
            ),
          );
          res.restored.push(placed.id);
          continue;
        }
        const b = toMove.find((x) => x.id === r.bookingId)!;
        if (b.status === 'offered') {
          // The offer is made again on the new window: the rider gets the full time to decide.
          await em.update(
            BookingEntity,
            { id: b.id },
            { offerExpiresAt: new Date(now.getTime() + this.config.BOOKING_OFFER_TTL_S * 1000) },
          );
        }
        await this.tellMoved(em, b, r.toVehicleId);
        announceMove(b, r.toVehicleId);
        res.moved.push(b.id);
      }
      for (const { booking, detail } of replan.unplaceable) {
        if (toPlace.some((x) => x.id === booking.id)) {
          // Still at risk, now because no vehicle can take it: the office keeps it.
          await em.update(
            BookingEntity,
            { id: booking.id },
            {
              reasonCode: 'train_restored',
              reasonText: `train ${booking.trainTripId} runs after all; ${detail}`.slice(0, 300),
            },
          );
          await recordRiderMessage(em, {
            kind: 'train_restored',
            bookingId: booking.id,
            eventId: restoredEventId(booking, now),
            facts: { trainAtRisk: true },
          });
          announceMove(booking, null);
          res.restored.push(booking.id);
          continue;
        }
        changes.push(
          await this.lifecycle.transitionIn(
            em,
            booking.id,
            'at_risk',
            {
              actor: ACTOR,
              reasonCode: 'train_delayed',
              reasonText: `train ${booking.trainTripId} ${Math.round(booking.trainDelayS / 60)} min late; ${detail}`,
              riderMessage: {
                kind: 'train_delayed',
                eventId: delayEventId(booking),
                facts: { trainAtRisk: true },
              },
            },
            { vehicleId: null },
          ),
        );
        res.atRisk.push(booking.id);
      }
      return res;
    });
    await this.lifecycle.announce(...changes);
    for (const e of schedules)
      await this.events.publish('events.schedule-changed', e).catch((x: Error) => this.warn(x));
    for (const e of moves)
      await this.events.publish('events.booking-changed', e).catch((x: Error) => this.warn(x));
    if (Object.values(result).some((ids) => ids.length))
      this.log.log(
        `trains: ${result.moved.length} moved, ${result.atRisk.length} at risk, ` +
          `${result.rejected.length} turned down before a decision, ` +
          `${result.restored.length} back from a withdrawn cancellation in ${area.name}`,
      );
    return result;
  }

  /** The rider hears of the late train and the new window; the planned pickup is what they know. */
  private async tellMoved(em: EntityManager, b: BookingEntity, vehicleId: string): Promise<void> {
    const schedule = await em
      .createQueryBuilder(VehicleScheduleEntity, 's')
      .where('s.vehicle_id = :vehicleId AND s.stops @> :probe::jsonb', {
        vehicleId,
        probe: JSON.stringify([{ pickups: [b.id] }]),
      })
      .getOne();
    const stop = schedule?.stops.find((r) => r.pickups.includes(b.id));
    const plannedMs = Math.max(
      stop ? Date.parse(stop.plannedArrivalAt) : 0,
      b.promisedPickupFrom!.getTime(),
    );
    await recordRiderMessage(em, {
      kind: 'train_delayed',
      bookingId: b.id,
      eventId: delayEventId(b),
    });
    await em.update(BookingEntity, { id: b.id }, { notifiedPickupAt: new Date(plannedMs) });
  }

  private warn(e: Error): void {
    this.log.warn(`train change stored but not announced: ${e.message}`);
  }
}

const actionOf = (b: BookingEntity, train: TrainAtStation) =>
  trainRideAction(
    { role: b.trainRole!, appliedDelayS: b.trainDelayS, cancellationHandled: !!b.trainCancelledAt },
    train,
  );

/** Statuses a train's news can concern (at risk: only a cancellation it made, withdrawn). */
const WATCHED = ['requested', 'offered', 'confirmed', 'at_risk'] as const;

/**
 * Whether the train's news changes this booking: a requested one follows a late train and is
 * turned down when its train is cancelled (a withdrawn cancellation has nothing to restore); an
 * at-risk one only hears its train runs after all.
 */
function concerns(b: BookingEntity, action: TrainRideAction): boolean {
  if (action.kind === 'none') return false;
  if (b.status === 'requested') return action.kind === 'move' || action.kind === 'train_cancelled';
  if (b.status === 'at_risk') return action.kind === 'train_restored';
  return true;
}

const trainGone = (b: BookingEntity) =>
  `train ${b.trainRoute ?? ''} ${b.trainTripId} on ${b.trainServiceDate} does not call at the station`;

const shift = (d: Date, byS: number) => new Date(d.getTime() + byS * 1000);

/** One message per withdrawn cancellation. */
const restoredEventId = (b: BookingEntity, now: Date) => `train-restored.${b.id}.${now.getTime()}`;

/** One message per applied delay and window. */
const delayEventId = (b: BookingEntity) =>
  `train-delayed.${b.id}.${b.trainDelayS}.${Math.round(toS(b.promisedPickupFrom!))}`;
