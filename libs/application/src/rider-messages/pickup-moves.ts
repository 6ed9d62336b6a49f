import { BookingEntity, ScheduledStopRecord, updateEach } from '@app/persistence';
import { EntityManager, In } from 'typeorm';
import { recordRiderMessages } from './rider-message.outbox';

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
  const moves = told.flatMap((b) => {
    if (!b.notifiedPickupAt) return [];
    const planned = Math.max(arrival.get(b.id)!, b.promisedPickupFrom?.getTime() ?? 0);
    const before = b.notifiedPickupAt;
    if (Math.abs(planned - before.getTime()) <= PICKUP_MOVE_NOTICE_S * 1000) return [];
    return [{ id: b.id, planned: new Date(planned), before }];
  });
  await recordRiderMessages(
    em,
    moves.map((m) => ({
      kind: 'pickup_moved' as const,
      bookingId: m.id,
      eventId: `pickup-moved.${m.id}.${Math.round(m.planned.getTime() / 1000)}`,
      // A move back to a time told before is news again.
      repeatable: true,
      facts: { plannedPickup: m.planned, previousPickup: m.before },
    })),
  );
  await updateEach(
    em,
    BookingEntity,
    moves.map((m) => ({ id: m.id, values: { notifiedPickupAt: m.planned } })),
  );
}
