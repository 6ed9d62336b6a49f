import type { BookingChangedEvent } from '@app/contracts';
import { BookingEntity, VehicleScheduleEntity } from '@app/persistence';
import { EntityManager } from 'typeorm';
import { toS } from '../dispatch/ride-request.mapper';
import { recordRiderMessage } from '../rider-messages/rider-message.outbox';

/**
 * What a rider hears of their train (issue 14), and the outbox event ids that make each piece of
 * news told once however often the feed repeats it.
 */

/**
 * The rider hears of the late train and the new window; the planned pickup (never before the
 * promised window) is what they know from then on.
 */
export async function tellMovedWithTrain(
  em: EntityManager,
  b: BookingEntity,
  vehicleId: string,
): Promise<void> {
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
    // A delay back to one told before (8, 12, 8 minutes) is news again.
    repeatable: true,
  });
  await em.update(BookingEntity, { id: b.id }, { notifiedPickupAt: new Date(plannedMs) });
}

/** The booking's reason text when its train is cancelled or skips its station. */
export const trainGone = (b: BookingEntity) =>
  `train ${b.trainRoute ?? ''} ${b.trainTripId} on ${b.trainServiceDate} does not call at the station`;

/** One message per withdrawn cancellation. */
export const restoredEventId = (b: BookingEntity, now: Date) =>
  `train-restored.${b.id}.${now.getTime()}`;

/** One message per applied delay and window. */
export const delayEventId = (b: BookingEntity) =>
  `train-delayed.${b.id}.${b.trainDelayS}.${Math.round(toS(b.promisedPickupFrom!))}`;

/** A ride moved with its train, its status as before: the live views read it again. */
export const movedEvent = (
  b: BookingEntity,
  vehicleId: string | null,
  now: Date,
): BookingChangedEvent => ({
  bookingId: b.id,
  riderId: b.riderId,
  serviceAreaId: b.serviceAreaId,
  status: b.status,
  previousStatus: b.status,
  vehicleId,
  at: now.toISOString(),
});
