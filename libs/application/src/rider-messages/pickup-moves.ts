import { BookingEntity, ScheduledStopRecord } from '@app/persistence';
import { EntityManager, In } from 'typeorm';
import { recordRiderMessage } from './rider-message.outbox';

/** A pickup that moves by more than this from what the rider was told is told again. */
export const PICKUP_MOVE_NOTICE_S = 5 * 60;

/**
 * Compares the planned pickups of a vehicle's new schedule with what each rider was last told
 * and writes a `pickup_moved` message (same transaction) for every move of more than 5 minutes.
 * The planned pickup is when boarding can begin: the bus's arrival, not before the promised
 * window opens.
 */
export async function recordPickupMoves(
  em: EntityManager,
  records: readonly ScheduledStopRecord[],
): Promise<void> {
  const arrival = new Map<string, number>();
  for (const r of records)
    if (!r.departedAt) for (const id of r.pickups) arrival.set(id, Date.parse(r.plannedArrivalAt));
  if (!arrival.size) return;
  const told = await em.find(BookingEntity, {
    select: { id: true, notifiedPickupAt: true, promisedPickupFrom: true },
    where: { id: In([...arrival.keys()]), status: 'confirmed' },
  });
  for (const b of told) {
    if (!b.notifiedPickupAt) continue;
    const planned = Math.max(arrival.get(b.id)!, b.promisedPickupFrom?.getTime() ?? 0);
    const before = b.notifiedPickupAt.getTime();
    if (Math.abs(planned - before) <= PICKUP_MOVE_NOTICE_S * 1000) continue;
    await recordRiderMessage(em, {
      kind: 'pickup_moved',
      bookingId: b.id,
      eventId: `pickup-moved.${b.id}.${Math.round(planned / 1000)}`,
      facts: { plannedPickup: new Date(planned), previousPickup: b.notifiedPickupAt },
    });
    await em.update(BookingEntity, { id: b.id }, { notifiedPickupAt: new Date(planned) });
  }
}
