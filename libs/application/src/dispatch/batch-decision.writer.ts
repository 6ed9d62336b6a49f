import { ScheduleChangedEvent } from '@app/contracts';
import { checkFeasibleSchedule, scheduleAbsolute } from '@app/dispatch';
import { BookingEntity, updateEach } from '@app/persistence';
import { EntityManager } from 'typeorm';
import { BookingChange, BookingLifecycleService } from '../bookings/booking-lifecycle.service';
import { withPromise, type DecidedInTurn } from './decide-in-turn';
import type { FleetSnapshot } from './fleet-snapshot';
import { fromS } from './ride-request.mapper';
import { saveSchedules, toStopRecords } from './schedule-writer';

const ACTOR = 'dispatch-worker';

/** What a batch wrote, to announce once its transaction has committed. */
export interface WrittenBatch {
  bookings: BookingChange[];
  schedules: ScheduleChangedEvent[];
}

/**
 * Stores a batch's decisions inside the caller's transaction: each changed vehicle's final
 * schedule, versions checked, in one statement ({@link saveSchedules}); rides moved to make room onto their
 * new vehicle; every decided booking through the lifecycle (confirmed with its promise, or
 * `offered` with an expiry when the rider asked to see it first, or rejected with the reason).
 * The vehicle and the pickup time the rider is told are read from the final schedules, since a
 * later booking of the same batch may have moved an earlier one.
 */
export async function writeBatch(
  em: EntityManager,
  lifecycle: BookingLifecycleService,
  snapshot: FleetSnapshot,
  turn: DecidedInTurn,
  opts: { now: Date; offerTtlS: number },
): Promise<WrittenBatch> {
  const at = opts.now.toISOString();

  const pickup = new Map<string, { vehicleId: string; startS: number }>();
  const stopOf = (requestId: string, type: 'pickup' | 'dropoff') => {
    const b = snapshot.bookings.get(requestId)!;
    return type === 'pickup' ? b.fromStopId : b.toStopId;
  };
  const items = [...turn.changed].map(([scheduleId, plan]) => {
    const relative = checkFeasibleSchedule(turn.instance, plan);
    if (!relative) throw new Error(`schedule ${scheduleId} is infeasible after the batch`);
    const schedule = scheduleAbsolute(relative, turn.originS);
    const planned = snapshot.shifts.get(scheduleId)!;
    for (const s of schedule.stops)
      if (s.type === 'pickup')
        pickup.set(s.requestId, { vehicleId: planned.vehicle.id, startS: s.serviceStartS });
    return { planned, open: toStopRecords(schedule, stopOf) };
  });
  const versions = await saveSchedules(em, items);
  const schedules: ScheduleChangedEvent[] = items.map(({ planned }, i) => ({
    vehicleId: planned.vehicle.id,
    scheduleId: planned.schedule.id,
    version: versions[i],
    at,
  }));
  const decided = new Set(turn.decisions.map((d) => d.booking.id));
  const moved = [...pickup].filter(([id, p]) => {
    const b = snapshot.bookings.get(id);
    return b && !decided.has(id) && b.vehicleId !== p.vehicleId;
  });
  await updateEach(
    em,
    BookingEntity,
    moved.map(([id, p]) => ({ id, values: { vehicleId: p.vehicleId } })),
  );

  const bookings = await lifecycle.transitionManyIn(
    em,
    turn.decisions.map(({ booking, result, alternativesS }) => {
      if (result.kind === 'rejection') {
        return {
          bookingId: booking.id,
          to: 'rejected' as const,
          opts: {
            actor: ACTOR,
            reasonCode: result.reason,
            reasonText: result.detail,
            note: result.reason,
            riderMessage: { kind: 'rejected' as const },
          },
          // The nearest times that fit, stored with the rejection in the same transaction.
          patch: { alternatives: (alternativesS ?? []).map((t) => fromS(t).toISOString()) },
        };
      }
      const { vehicleId, startS } = pickup.get(booking.id)!;
      const offer = booking.confirmation === 'rider';
      const promised = withPromise(booking, result, turn.originS);
      return {
        bookingId: booking.id,
        to: offer ? ('offered' as const) : ('confirmed' as const),
        // An offer is shown in the app; a confirmation is also told in the rider's channel.
        opts: {
          actor: ACTOR,
          note: null,
          ...(offer ? {} : { riderMessage: { kind: 'confirmed' as const } }),
        },
        patch: {
          // What the rider is told now; a later move of more than 5 minutes is told again.
          notifiedPickupAt: offer ? null : fromS(startS),
          offerExpiresAt: offer ? new Date(opts.now.getTime() + opts.offerTtlS * 1000) : null,
          vehicleId,
          promisedPickupFrom: promised.promisedPickupFrom,
          promisedPickupTo: promised.promisedPickupTo,
          promisedLatestArrival: promised.promisedLatestArrival,
          reasonCode: null,
          reasonText: null,
          alternatives: null,
        },
      };
    }),
  );
  return { bookings, schedules };
}
