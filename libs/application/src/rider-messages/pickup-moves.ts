import {
  BookingEntity,
  RiderMessageEntity,
  ScheduledStopRecord,
  updateEach,
} from '@app/persistence';
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
  if (!moves.length) return;
  // Each move is its own event, numbered per booking: a pickup moved to 08:20, back to 08:00
  // and to 08:20 again is told three times. Named by the planned time alone, the third had the
  // first's event id and was dropped as told, while the rider was last told 08:00.
  const toldBefore = new Map<string, number>(
    (
      await em
        .createQueryBuilder(RiderMessageEntity, 'm')
        .select('m.booking_id', 'bookingId')
        .addSelect('count(*)::int', 'n')
        .where('m.kind = :kind', { kind: 'pickup_moved' })
        .andWhere('m.booking_id IN (:...ids)', { ids: moves.map((m) => m.id) })
        .groupBy('m.booking_id')
        .getRawMany<{ bookingId: string; n: number }>()
    ).map((r) => [r.bookingId, r.n]),
  );
  await recordRiderMessages(
    em,
    moves.map((m) => ({
      kind: 'pickup_moved' as const,
      bookingId: m.id,
      eventId: `pickup-moved.${m.id}.${Math.round(m.planned.getTime() / 1000)}.${(toldBefore.get(m.id) ?? 0) + 1}`,
      facts: { plannedPickup: m.planned, previousPickup: m.before },
    })),
  );
  await updateEach(
    em,
    BookingEntity,
    moves.map((m) => ({ id: m.id, values: { notifiedPickupAt: m.planned } })),
  );
}
