import { ScheduleChangedEvent } from '@app/contracts';
import {
  checkFeasibleSchedule,
  decideRide,
  flexibilityS,
  MAKE_ROOM_ITERATIONS,
  MAKE_ROOM_TIME_LIMIT_MS,
  promisePolicyOf,
  type Schedule,
} from '@app/dispatch';
import { Clock } from '@app/domain';
import { EventPublisher } from '@app/messaging';
import { DispatchMetrics } from '@app/observability';
import { BookingEntity, ServiceAreaEntity } from '@app/persistence';
import { StopMatrixCache } from '@app/routing';
import { AppConfig, APP_CONFIG } from '@app/config';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BookingChange, BookingLifecycleService } from '../bookings/booking-lifecycle.service';
import { poolingRulesOf } from '../service-areas/service-area-facts.loader';
import { lockCountyForDispatch } from './dispatch-lock';
import { loadFleetSnapshot } from './fleet-snapshot';
import { fromS, toS } from './ride-request.mapper';
import { saveSchedule, toStopRecords } from './schedule-writer';

export type AssignOutcome =
  | { kind: 'confirmed'; bookingId: string; vehicleId: string }
  | { kind: 'offered'; bookingId: string; vehicleId: string; expiresAt: string }
  | { kind: 'rejected'; bookingId: string; reason: string }
  | { kind: 'skipped'; bookingId: string; status: string };

const ACTOR = 'dispatch-worker';

/** Hours around a ride in which shifts and their plans are considered. */
const HORIZON_S = 6 * 3600;

/**
 * Decides one booking by the dispatch policy ({@link decideRide}: the best insertion over every
 * vehicle shift of its county, re-planning the others to make room before saying no), then in one
 * transaction the vehicle's new schedule and the booking confirmed with its promise (or, when
 * the rider asked to see it first, `offered` with the promise and an expiry: the seat is held in
 * the schedule until accepted or expired), or the booking rejected with the reason. Planning per county is serialised by an advisory lock, and
 * schedules are written with their version checked.
 */
@Injectable()
export class AssignBookingService {
  private readonly log = new Logger(AssignBookingService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly matrix: StopMatrixCache,
    private readonly events: EventPublisher,
    private readonly lifecycle: BookingLifecycleService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: DispatchMetrics,
  ) {}

  /**
   * Decides one booking (see the class). Its time from start to commit is the dispatch
   * decision time (`ridepool_dispatch_decision_seconds`, by outcome; `error` when it throws).
   */
  async assign(bookingId: string): Promise<AssignOutcome> {
    const end = this.metrics.decision.startTimer();
    try {
      const outcome = await this.decide(bookingId);
      end({ outcome: outcome.kind });
      return outcome;
    } catch (e) {
      end({ outcome: 'error' });
      throw e;
    }
  }

  private async decide(bookingId: string): Promise<AssignOutcome> {
    const changed: ScheduleChangedEvent[] = [];
    let announce: BookingChange | null = null;
    const outcome = await this.ds.transaction(async (em): Promise<AssignOutcome> => {
      const peek = await em.findOne(BookingEntity, {
        where: { id: bookingId },
        relations: { serviceArea: true },
      });
      if (!peek) return { kind: 'skipped', bookingId, status: 'missing' };
      const area = peek.serviceArea as ServiceAreaEntity;
      await lockCountyForDispatch(em, area.countyId);
      const booking = await em.findOne(BookingEntity, {
        where: { id: bookingId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!booking || booking.status !== 'requested') {
        return { kind: 'skipped', bookingId, status: booking?.status ?? 'missing' };
      }
      const rules = poolingRulesOf(area);
      const now = this.clock.now();
      const t = toS(booking.requestedTime);
      const snapshot = await loadFleetSnapshot(em, this.matrix, {
        countyId: area.countyId,
        fromS: t - HORIZON_S,
        toS: t + HORIZON_S + flexibilityS(rules),
        nowS: toS(now),
        rules,
        extraBookings: [booking],
      });
      const request = snapshot.rideRequestOf(booking);
      const result = decideRide(snapshot.instance, snapshot.plans, request, {
        promise: promisePolicyOf(rules),
        makeRoom: {
          maxIterations: MAKE_ROOM_ITERATIONS,
          seed: 1,
          timeLimitMs: MAKE_ROOM_TIME_LIMIT_MS,
          now: () => performance.now(),
        },
      });

      if (result.kind === 'rejection') {
        announce = await this.lifecycle.transitionIn(em, bookingId, 'rejected', {
          actor: ACTOR,
          reasonCode: result.reason,
          reasonText: result.detail,
          note: result.reason,
          riderMessage: { kind: 'rejected' },
        });
        return { kind: 'rejected', bookingId, reason: result.reason };
      }

      const planned = snapshot.shifts.get(result.vehicleId)!;
      const stopOf = (requestId: string, type: 'pickup' | 'dropoff') => {
        const b = snapshot.bookings.get(requestId)!;
        return type === 'pickup' ? b.fromStopId : b.toStopId;
      };
      // Rides moved to make room: their vehicles' new plans, every promise kept.
      for (const plan of result.replanned) {
        const moved = snapshot.shifts.get(plan.vehicleId)!;
        const schedule = checkFeasibleSchedule(snapshot.instance, plan);
        if (!schedule) throw new Error(`re-planned schedule ${plan.vehicleId} is infeasible`);
        const v = await saveSchedule(em, moved, toStopRecords(schedule, stopOf));
        changed.push({
          vehicleId: moved.vehicle.id,
          scheduleId: plan.vehicleId,
          version: v,
          at: now.toISOString(),
        });
        for (const stop of plan.stops) {
          const b = snapshot.bookings.get(stop.requestId);
          if (stop.type === 'pickup' && b && b.vehicleId !== moved.vehicle.id)
            await em.update(BookingEntity, { id: b.id }, { vehicleId: moved.vehicle.id });
        }
      }
      const version = await saveSchedule(em, planned, toStopRecords(result.schedule, stopOf));
      const vehicleId = planned.vehicle.id;
      const offer = booking.confirmation === 'rider';
      const status = offer ? 'offered' : 'confirmed';
      const expiresAt = new Date(now.getTime() + this.config.BOOKING_OFFER_TTL_S * 1000);
      announce = await this.lifecycle.transitionIn(
        em,
        bookingId,
        status,
        // An offer is shown in the app; a confirmation is also told in the rider's channel.
        { actor: ACTOR, note: null, ...(offer ? {} : { riderMessage: { kind: 'confirmed' } }) },
        {
          // What the rider is told now; a later move of more than 5 minutes is told again.
          notifiedPickupAt: offer ? null : fromS(pickupStartS(result.schedule, bookingId)),
          offerExpiresAt: offer ? expiresAt : null,
          vehicleId,
          promisedPickupFrom: fromS(result.promise.pickupWindow.earliestS),
          promisedPickupTo: fromS(result.promise.pickupWindow.latestS),
          promisedLatestArrival: fromS(result.promise.latestArrivalS),
          reasonCode: null,
          reasonText: null,
        },
      );
      changed.push({ vehicleId, scheduleId: planned.schedule.id, version, at: now.toISOString() });
      return offer
        ? { kind: 'offered', bookingId, vehicleId, expiresAt: expiresAt.toISOString() }
        : { kind: 'confirmed', bookingId, vehicleId };
    });
    // Announced after commit, so listeners that re-read see the decision.
    await this.announce(announce, changed);
    return outcome;
  }

  /** A job failed for good: the rider is told, instead of waiting forever. */
  async rejectUndecidable(
    bookingId: string,
    reasonCode: string,
    reasonText: string,
  ): Promise<boolean> {
    const change = await this.ds.transaction(async (em) => {
      const b = await em.findOne(BookingEntity, {
        where: { id: bookingId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!b || b.status !== 'requested') return null;
      return this.lifecycle.transitionIn(em, bookingId, 'rejected', {
        actor: ACTOR,
        reasonCode,
        reasonText,
        note: reasonCode,
        riderMessage: { kind: 'rejected' },
      });
    });
    await this.announce(change, []);
    return change !== null;
  }

  /** After commit, so listeners that re-read see the decision. */
  private async announce(
    booking: BookingChange | null,
    schedules: ScheduleChangedEvent[],
  ): Promise<void> {
    await this.lifecycle.announce(booking);
    try {
      for (const s of schedules) await this.events.publish('events.schedule-changed', s);
    } catch (e) {
      this.log.warn(`decision stored but not announced: ${(e as Error).message}`);
    }
  }
}

/** When boarding begins in the engine's schedule (epoch seconds). */
function pickupStartS(schedule: Schedule, bookingId: string): number {
  const stop = schedule.stops.find((s) => s.requestId === bookingId && s.type === 'pickup');
  return stop ? stop.serviceStartS : 0;
}
