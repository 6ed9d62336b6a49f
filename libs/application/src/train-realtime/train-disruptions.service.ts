import type { BookingChangedEvent, ScheduleChangedEvent } from '@app/contracts';
import { Clock, TripUpdateReport } from '@app/domain';
import { AppConfig, APP_CONFIG } from '@app/config';
import { EventPublisher } from '@app/messaging';
import { BookingEntity, ServiceAreaEntity } from '@app/persistence';
import { StopMatrixCache } from '@app/routing';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { BookingChange, BookingLifecycleService } from '../bookings/booking-lifecycle.service';
import { lockCountyForDispatch } from '../dispatch/dispatch-lock';
import { toS } from '../dispatch/ride-request.mapper';
import { replanBookings } from '../fleet-changes/evicted-bookings.replanner';
import { recordRiderMessage } from '../rider-messages/rider-message.outbox';
import { poolingRulesOf } from '../service-areas/service-area-facts.loader';
import {
  actionOf,
  AffectedRide,
  concerns,
  TrainRidesMatcher,
  WATCHED,
} from './train-rides.matcher';
import {
  delayEventId,
  movedEvent,
  restoredEventId,
  tellMovedWithTrain,
  trainGone,
} from './train-rider-news';

/** What one round of train reports did. */
export interface TrainUpdatesOutcome {
  /** TripUpdates in the feed, and bookings tied to one of their trains. */
  reports: number;
  matched: number;
  /** `arrive` rides moved with their train: promise (of an offer, made again) or requested time. */
  moved: string[];
  /** Rides the office must look at: train cancelled, or a move no vehicle could keep. */
  atRisk: string[];
  /** Rides not decided yet whose train is cancelled: turned down, never confirmed. */
  rejected: string[];
  /** Rides whose train's cancellation was withdrawn (back on a vehicle where one can take it). */
  restored: string[];
}

/** The rides one round changed, by what happened to them. */
type TrainChanges = Omit<TrainUpdatesOutcome, 'reports' | 'matched'>;
const noChanges = (): TrainChanges => ({ moved: [], atRisk: [], rejected: [], restored: [] });

const ACTOR = 'train-realtime';
/**
 * Applies GTFS-Realtime TripUpdates to the rides tied to a train (issue 14; which rides, and
 * what their train does, is {@link TrainRidesMatcher}'s to say). After a late train
 * the pickup window of riders waiting for it moves by the delay (the part past the ride's booked
 * time, `trainRideAction`, computed there alone) and the ride is planned again
 * through the re-planner of fleet changes (every vehicle of the county, the promise as hard
 * windows); a move no vehicle can keep, and a cancelled train, make the booking `at_risk` for
 * the office. An offer moves the same way and is made again (a fresh expiry); a booking not
 * decided yet has its requested time moved, so the dispatch worker decides it against the
 * train's new time, and is turned down (`rejected`, reason `train_cancelled`) when its train is
 * cancelled, so its rider is never told "confirmed" for a train known to be gone. A cancellation
 * the feed withdraws (the trip runs in a later report) puts the rides it took off their vehicles
 * back on one (`confirmed`) where a vehicle can keep the promise. Riders are told through the outbox, once per change: the delay already applied and
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
    private readonly matcher: TrainRidesMatcher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async apply(reports: TripUpdateReport[]): Promise<TrainUpdatesOutcome> {
    const { matched, byArea } = await this.matcher.affectedBy(reports);
    const out: TrainUpdatesOutcome = { reports: reports.length, matched, ...noChanges() };
    for (const list of byArea.values()) {
      const r = await this.applyInArea(list[0].booking.serviceArea!, list);
      out.moved.push(...r.moved);
      out.atRisk.push(...r.atRisk);
      out.rejected.push(...r.rejected);
      out.restored.push(...r.restored);
    }
    return out;
  }

  /**
   * One service area's changes in one transaction under its county's dispatch lock: requested
   * times and promises moved, rides planned again, bookings at risk or back from it, messages in
   * the outbox; announced after commit.
   */
  private async applyInArea(
    area: ServiceAreaEntity,
    affected: AffectedRide[],
  ): Promise<TrainChanges> {
    const schedules: ScheduleChangedEvent[] = [];
    const changes: BookingChange[] = [];
    const moves: BookingChangedEvent[] = [];
    const result = await this.ds.transaction(async (em) => {
      await lockCountyForDispatch(em, area.countyId);
      const now = this.clock.now();
      const res = noChanges();
      const fresh = await em.find(BookingEntity, {
        where: { id: In(affected.map((a) => a.booking.id)), status: In([...WATCHED]) },
        lock: { mode: 'pessimistic_write' },
      });
      const announceMove = (b: BookingEntity, vehicleId: string | null) =>
        moves.push(movedEvent(b, vehicleId, now));
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
        timeZone: area.timeZone,
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
        await tellMovedWithTrain(em, b, r.toVehicleId);
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
                repeatable: true,
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
    const warn = (e: Error) => this.log.warn(`train change stored but not announced: ${e.message}`);
    for (const e of schedules) await this.events.publish('events.schedule-changed', e).catch(warn);
    for (const e of moves) await this.events.publish('events.booking-changed', e).catch(warn);
    if (Object.values(result).some((ids) => ids.length))
      this.log.log(
        `trains: ${result.moved.length} moved, ${result.atRisk.length} at risk, ` +
          `${result.rejected.length} turned down before a decision, ` +
          `${result.restored.length} back from a withdrawn cancellation in ${area.name}`,
      );
    return result;
  }
}

const shift = (d: Date, byS: number) => new Date(d.getTime() + byS * 1000);
