import {
  BookingEntity,
  RiderEntity,
  RiderMessageEntity,
  RiderMessageKind,
  ServiceAreaEntity,
  StopEntity,
  VehicleEntity,
} from '@app/persistence';
import { EntityManager } from 'typeorm';
import { MessageFacts, renderRiderMessage } from './rider-message.templates';

export interface RiderMessageDraft {
  kind: RiderMessageKind;
  bookingId: string;
  /**
   * The business event it tells of, unique per message: `confirmed.<bookingId>`,
   * `pickup-moved.<bookingId>.<epoch s>`. Defaults to `<kind>.<bookingId>`.
   */
  eventId?: string;
  facts?: Partial<MessageFacts>;
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
  const b = await em.findOneBy(BookingEntity, { id: draft.bookingId });
  if (!b) return null;
  // News about a pickup only matters to a rider who is still waiting for it.
  if ((draft.kind === 'arriving' || draft.kind === 'pickup_moved') && b.status !== 'confirmed')
    return null;
  const [rider, area, from, to, vehicle] = await Promise.all([
    em.findOneByOrFail(RiderEntity, { id: b.riderId }),
    em.findOneByOrFail(ServiceAreaEntity, { id: b.serviceAreaId }),
    em.findOneByOrFail(StopEntity, { id: b.fromStopId }),
    em.findOneByOrFail(StopEntity, { id: b.toStopId }),
    b.vehicleId ? em.findOneBy(VehicleEntity, { id: b.vehicleId }) : Promise.resolve(null),
  ]);
  const language = rider.language === 'en' ? 'en' : 'de';
  const body = renderRiderMessage(draft.kind, language, {
    timeZone: area.timeZone,
    fromStop: from.name,
    toStop: to.name,
    pickupFrom: b.promisedPickupFrom,
    pickupTo: b.promisedPickupTo,
    latestArrival: b.promisedLatestArrival,
    requestedTime: b.requestedTime,
    vehicleCallSign: vehicle?.callSign ?? null,
    reasonCode: b.reasonCode,
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
  const channel = rider.messageChannel ?? 'sms';
  const rows: Array<{ id: string }> = await em
    .createQueryBuilder()
    .insert()
    .into(RiderMessageEntity)
    .values({
      eventId: (draft.eventId ?? `${draft.kind}.${draft.bookingId}`).slice(0, 160),
      riderId: rider.id,
      bookingId: b.id,
      kind: draft.kind,
      channel,
      language,
      phone: rider.phone,
      body,
      status: channel === 'none' ? 'skipped' : 'pending',
    })
    .orIgnore()
    .returning(['id'])
    .execute()
    .then((r) => r.raw as Array<{ id: string }>);
  return rows[0]?.id ?? null;
}
