import type { BookingChangedEvent, ScheduleChangedEvent } from '@app/contracts';
import {
  Clock,
  toLocalTime,
  trainAtStation,
  TrainAtStation,
  trainRideAction,
  TripUpdateReport,
} from '@app/domain';
import { EventPublisher } from '@app/messaging';
import { BookingEntity, ServiceAreaEntity, VehicleScheduleEntity } from '@app/persistence';
import { StopMatrixCache } from '@app/routing';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull, MoreThan } from 'typeorm';
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
  /** `arrive` rides whose pickup window moved with their train (still confirmed). */
  moved: string[];
  /** Rides the office must look at: train cancelled, or a move no vehicle could keep. */
  atRisk: string[];
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
 * the office. Riders are told through the outbox, once per change: the delay already applied
 * is stored on the booking. Rides to a train ignore its late departure.
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
  ) {}

  async apply(reports: TripUpdateReport[]): Promise<TrainUpdatesOutcome> {
    const out: TrainUpdatesOutcome = { reports: reports.length, matched: 0, moved: [], atRisk: [] };
    if (!reports.length) return out;
    const now = this.clock.now();
    const candidates = await this.ds.getRepository(BookingEntity).find({
      where: {
        status: 'confirmed',
        trainTripId: In([...new Set(reports.map((r) => r.tripId))]),
        trainCancelledAt: IsNull(),
        promisedPickupTo: MoreThan(now),
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
    if (!train || actionOf(booking, train).kind === 'none') return null;
    const nextTrainAt =
      role === 'catch' && train.kind !== 'running'
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
   * One service area's changes in one transaction under its county's dispatch lock: promises
   * moved, rides planned again, bookings at risk, messages in the outbox; announced after commit.
   */
  private async applyInArea(
    area: ServiceAreaEntity,
    affected: Affected[],
  ): Promise<{ moved: string[]; atRisk: string[] }> {
    const schedules: ScheduleChangedEvent[] = [];
    const changes: BookingChange[] = [];
    const moves: BookingChangedEvent[] = [];
    const result = await this.ds.transaction(async (em) => {
      await lockCountyForDispatch(em, area.countyId);
      const now = this.clock.now();
      const res = { moved: [] as string[], atRisk: [] as string[] };
      const fresh = await em.find(BookingEntity, {
        where: { id: In(affected.map((a) => a.booking.id)), status: 'confirmed' },
        lock: { mode: 'pessimistic_write' },
      });
      const toMove: BookingEntity[] = [];
      const cancelled: string[] = [];
      for (const b of fresh) {
        const a = affected.find((x) => x.booking.id === b.id)!;
        const action = actionOf(b, a.train);
        if (action.kind === 'train_cancelled') {
          changes.push(
            await this.lifecycle.transitionIn(
              em,
              b.id,
              'at_risk',
              {
                actor: ACTOR,
                reasonCode: 'train_cancelled',
                reasonText: `train ${b.trainRoute ?? ''} ${b.trainTripId} on ${b.trainServiceDate} does not call at the station`,
                riderMessage: {
                  kind: 'train_cancelled',
                  eventId: `train-cancelled.${b.id}`,
                  facts: { nextTrainAt: a.nextTrainAt },
                },
              },
              { vehicleId: null },
            ),
          );
          await em.update(BookingEntity, { id: b.id }, { trainCancelledAt: now });
          cancelled.push(b.id);
          res.atRisk.push(b.id);
        } else if (action.kind === 'move') {
          const shift = (d: Date | null) => new Date(d!.getTime() + action.byS * 1000);
          const patch = {
            promisedPickupFrom: shift(b.promisedPickupFrom),
            promisedPickupTo: shift(b.promisedPickupTo),
            promisedLatestArrival: shift(b.promisedLatestArrival),
            trainDelayS: action.delayS,
            // Told below with the train's news, not as a bare pickup move.
            notifiedPickupAt: null,
          };
          await em.update(BookingEntity, { id: b.id }, patch);
          toMove.push(Object.assign(b, patch));
        }
      }
      const replan = await replanBookings(em, this.matrix, {
        countyId: area.countyId,
        rules: poolingRulesOf(area),
        nowS: toS(now),
        offer: toMove,
        drop: cancelled,
      });
      schedules.push(...replan.schedulesChanged);
      for (const r of replan.replanned) {
        const b = toMove.find((x) => x.id === r.bookingId)!;
        await this.tellMoved(em, b, r.toVehicleId);
        moves.push({
          bookingId: b.id,
          riderId: b.riderId,
          serviceAreaId: b.serviceAreaId,
          status: 'confirmed',
          previousStatus: 'confirmed',
          vehicleId: r.toVehicleId,
          at: now.toISOString(),
        });
        res.moved.push(b.id);
      }
      for (const { booking, detail } of replan.unplaceable) {
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
    if (result.moved.length || result.atRisk.length)
      this.log.log(
        `trains: ${result.moved.length} pickup(s) moved, ${result.atRisk.length} at risk in ${area.name}`,
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

/** One message per applied delay and window. */
const delayEventId = (b: BookingEntity) =>
  `train-delayed.${b.id}.${b.trainDelayS}.${Math.round(toS(b.promisedPickupFrom!))}`;
