import type { BookingStatus } from '@app/domain';
import {
  BookingEntity,
  RiderEntity,
  RiderMessageChannel,
  RiderMessageEntity,
  RiderMessageKind,
  ServiceAreaEntity,
  StopEntity,
  VehicleEntity,
} from '@app/persistence';
import { EntityManager, In } from 'typeorm';
import { canReceiveSms } from '../phone/phone-number';
import { MessageFacts, renderRiderMessage } from './rider-message.templates';

export interface RiderMessageDraft {
  kind: RiderMessageKind;
  bookingId: string;
  /**
   * The business event it tells of, unique per message: `confirmed.<bookingId>`,
   * `pickup-moved.<bookingId>.<epoch s>`. Defaults to `<kind>.<bookingId>`.
   */
  eventId?: string;
  /**
   * News that can come back (a pickup moved to 08:20, back to 08:00 and to 08:20 again; a train
   * 8, 12 and again 8 minutes late): the event id is numbered by the booking's messages of this
   * kind so far (`<eventId>.<n>`), so the third is told as the first was, not dropped as told.
   * The caller keeps it from being told twice by storing what was told in the same transaction.
   */
  repeatable?: boolean;
  facts?: Partial<MessageFacts>;
}

/**
 * How long after the bus's planned arrival at the stop an `arriving` message ('Ihr Bus ist
 * gleich da', written when the bus leaves the stop before) may still go out. Later, held back by
 * an outage of the SMS provider say, it would tell a rider of a bus that came long ago: it is not
 * sent (`stale`). Ten minutes: the arrival is a few minutes after the message is written, and a
 * bus waits at most some minutes at a stop.
 */
export const ARRIVING_STALE_AFTER_MS = 10 * 60_000;

/** News bound to the ride's pickup, over once the pickup is ({@link pickupNewsIsOver}). */
export const isPickupNews = (kind: RiderMessageKind) =>
  kind === 'arriving' || kind === 'pickup_moved';

/**
 * The one rule for news about a ride's pickup (`arriving`, `pickup_moved`): it matters only to a
 * rider still waiting for the pickup (booking `confirmed`), and only until then: an `arriving`
 * message up to {@link ARRIVING_STALE_AFTER_MS} after the arrival it tells, a pickup move until
 * the pickup time it tells. Checked when the message is written (`now` null: status only) and
 * when it is delivered (the delivery job marks it `stale`, not sent). Other news (confirmed,
 * rejected, at risk, cancelled) stays true and is delivered late.
 */
export function pickupNewsIsOver(
  m: { kind: RiderMessageKind; pickupAt?: Date | null; createdAt?: Date | null },
  bookingStatus: BookingStatus | null,
  now: Date | null,
): boolean {
  if (!isPickupNews(m.kind)) return false;
  if (bookingStatus !== 'confirmed') return true;
  if (!now) return false;
  const at = m.pickupAt ?? (m.kind === 'arriving' ? m.createdAt : null);
  if (!at) return false;
  const limit = at.getTime() + (m.kind === 'arriving' ? ARRIVING_STALE_AFTER_MS : 0);
  return now.getTime() > limit;
}

/**
 * Writes a rider message into the outbox in the caller's transaction, so it exists exactly when
 * the change it tells of was committed. The same event id twice is one message. The rider's
 * channel and language are read now; `none` is stored as skipped (kept for the record).
 * @returns the message id, or null when the event had a message already
 */
export async function recordRiderMessage(
  em: EntityManager,
  draft: RiderMessageDraft,
): Promise<string | null> {
  return (await recordRiderMessages(em, [draft]))[0];
}

/**
 * {@link recordRiderMessage} for many drafts at once (a dispatch batch's decisions): the facts
 * are read and the messages written with one query per table.
 * @returns per draft, the message id or null
 */
export async function recordRiderMessages(
  em: EntityManager,
  drafts: readonly RiderMessageDraft[],
): Promise<Array<string | null>> {
  if (!drafts.length) return [];
  const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));
  const ids = (xs: Array<string | null>) => [...new Set(xs.filter((x): x is string => !!x))];
  const bookings = byId(
    await em.findBy(BookingEntity, { id: In(ids(drafts.map((d) => d.bookingId))) }),
  );
  const all = [...bookings.values()];
  // One query after the other: a transaction's connection runs one at a time anyway.
  const riders = byId(await em.findBy(RiderEntity, { id: In(ids(all.map((b) => b.riderId))) }));
  const areas = byId(
    await em.findBy(ServiceAreaEntity, { id: In(ids(all.map((b) => b.serviceAreaId))) }),
  );
  const stops = byId(
    await em.findBy(StopEntity, {
      id: In(ids(all.flatMap((b) => [b.fromStopId, b.toStopId]))),
    }),
  );
  const vehicleIds = ids(all.map((b) => b.vehicleId));
  const vehicles = byId(
    vehicleIds.length ? await em.findBy(VehicleEntity, { id: In(vehicleIds) }) : [],
  );

  const toldBefore = await countsOfKind(
    em,
    drafts.filter((d) => d.repeatable),
  );

  const rows: Array<Partial<RiderMessageEntity>> = [];
  const slot: Array<number | null> = drafts.map((draft) => {
    const b = bookings.get(draft.bookingId);
    if (!b) return null;
    // News about a pickup only matters to a rider who is still waiting for it.
    if (pickupNewsIsOver({ kind: draft.kind }, b.status, null)) return null;
    const rider = must(riders.get(b.riderId), 'rider', b.riderId);
    const area = must(areas.get(b.serviceAreaId), 'service area', b.serviceAreaId);
    const vehicle = b.vehicleId ? (vehicles.get(b.vehicleId) ?? null) : null;
    const language = rider.language === 'en' ? 'en' : 'de';
    const body = renderRiderMessage(draft.kind, language, {
      timeZone: area.timeZone,
      fromStop: must(stops.get(b.fromStopId), 'stop', b.fromStopId).name,
      toStop: must(stops.get(b.toStopId), 'stop', b.toStopId).name,
      pickupFrom: b.promisedPickupFrom,
      pickupTo: b.promisedPickupTo,
      latestArrival: b.promisedLatestArrival,
      requestedTime: b.requestedTime,
      vehicleCallSign: vehicle?.callSign ?? null,
      reasonCode: b.reasonCode,
      alternatives: (b.alternatives ?? []).map((t) => new Date(t)),
      train: b.trainRole
        ? {
            role: b.trainRole,
            route: b.trainRoute,
            headsign: b.trainHeadsign,
            scheduledAt: b.trainScheduledAt,
            delayMin: Math.round(b.trainDelayS / 60),
          }
        : null,
      ...draft.facts,
    }).slice(0, 640);
    const channel = channelOf(rider);
    let eventId = draft.eventId ?? `${draft.kind}.${draft.bookingId}`;
    if (draft.repeatable) {
      const key = `${b.id}/${draft.kind}`;
      const n = (toldBefore.get(key) ?? 0) + 1;
      toldBefore.set(key, n);
      eventId = `${eventId.slice(0, 150)}.${n}`;
    }
    rows.push({
      eventId: eventId.slice(0, 160),
      riderId: rider.id,
      bookingId: b.id,
      kind: draft.kind,
      channel,
      language,
      phone: rider.phone,
      body,
      pickupAt: isPickupNews(draft.kind) ? (draft.facts?.plannedPickup ?? null) : null,
      status: channel === 'none' ? 'skipped' : 'pending',
    });
    return rows.length - 1;
  });
  if (!rows.length) return drafts.map(() => null);
  const inserted: Array<{ id: string; event_id: string }> = await em
    .createQueryBuilder()
    .insert()
    .into(RiderMessageEntity)
    .values(rows)
    .orIgnore()
    .returning('id, event_id')
    .execute()
    .then((r) => r.raw as Array<{ id: string; event_id: string }>);
  const idByEvent = new Map(inserted.map((r) => [r.event_id, r.id]));
  return slot.map((i) => (i === null ? null : (idByEvent.get(rows[i].eventId!) ?? null)));
}

/** How many messages of each kind (`<booking>/<kind>`) the drafts' bookings have had. */
async function countsOfKind(
  em: EntityManager,
  drafts: readonly RiderMessageDraft[],
): Promise<Map<string, number>> {
  if (!drafts.length) return new Map();
  const rows = await em
    .createQueryBuilder(RiderMessageEntity, 'm')
    .select('m.booking_id', 'bookingId')
    .addSelect('m.kind', 'kind')
    .addSelect('count(*)::int', 'n')
    .where('m.booking_id IN (:...ids)', { ids: [...new Set(drafts.map((d) => d.bookingId))] })
    .andWhere('m.kind IN (:...kinds)', { kinds: [...new Set(drafts.map((d) => d.kind))] })
    .groupBy('m.booking_id')
    .addGroupBy('m.kind')
    .getRawMany<{ bookingId: string; kind: string; n: number }>();
  return new Map(rows.map((r) => [`${r.bookingId}/${r.kind}`, r.n]));
}

/**
 * The channel a message goes by: the rider's choice, except that an SMS goes only to a number
 * that can receive one. A rider the office registered with a landline (or with no number) and the
 * default channel hears in the app instead, as every rider does, and the record says so: no
 * text is handed to the SMS provider for a landline, where it costs a refusal or is read out as
 * a call.
 */
function channelOf(rider: RiderEntity): RiderMessageChannel {
  const chosen = rider.messageChannel ?? 'sms';
  if (chosen !== 'sms') return chosen;
  return rider.phone && canReceiveSms(rider.phone) ? 'sms' : 'app';
}

/** The row a booking refers to (a foreign key holds it there). */
function must<T>(row: T | undefined, what: string, id: string): T {
  if (!row) throw new Error(`${what} ${id} not found`);
  return row;
}
