import { ConflictError, Principal } from '@app/domain';
import { IdempotencyKeyEntity } from '@app/persistence';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { BookingQueriesService } from './booking-queries.service';
import { CreateBookingCommand, CreateBookingResult } from './create-booking.command';

/**
 * An Idempotency-Key on `POST /v1/bookings`: the key is claimed in the transaction that stores
 * the booking ({@link claimIdempotencyKey}); a request repeating it with the same body gets the
 * booking made the first time ({@link replayBooking}), one with another body a 409.
 */

/**
 * Claims the key for `bookingId` in the booking's transaction.
 * @returns false when another request with this key committed first (its result stands)
 */
export async function claimIdempotencyKey(
  em: EntityManager,
  principal: string,
  key: string,
  hash: string,
  bookingId: string,
): Promise<boolean> {
  const inserted = await em
    .createQueryBuilder()
    .insert()
    .into(IdempotencyKeyEntity)
    .values({ principal, key, requestHash: hash, bookingId })
    .orIgnore()
    .returning(['key'])
    .execute();
  return inserted.raw.length > 0;
}

/**
 * The booking (and its return leg) a key was first used for, or null for a new key.
 * @throws ConflictError when the key was used with a different request body
 */
export async function replayBooking(
  ds: DataSource,
  queries: BookingQueriesService,
  actor: Principal,
  key: string,
  hash: string,
): Promise<CreateBookingResult | null> {
  const row = await ds.getRepository(IdempotencyKeyEntity).findOneBy({ principal: actor.sub, key });
  if (!row) return null;
  if (row.requestHash !== hash) {
    throw new ConflictError(
      'this Idempotency-Key was already used with a different request body',
      'idempotency_key_reused',
    );
  }
  const operatorView = { ...actor, role: 'admin' as const, countyId: undefined };
  const booking = await queries.get(operatorView, row.bookingId);
  const returnBooking =
    booking.tripLeg === 'outbound' && booking.linkedBookingId
      ? await queries.get(operatorView, booking.linkedBookingId)
      : undefined;
  return { booking, ...(returnBooking ? { returnBooking } : {}), replayed: true };
}

/**
 * sha256 over the fields that define the ride, in a fixed order. The confirmation mode is only
 * appended when it is not the default, so hashes stored before offers existed still match.
 */
export function requestHash(cmd: CreateBookingCommand): string {
  const canonical = JSON.stringify([
    cmd.riderId,
    cmd.fromStopId,
    cmd.toStopId,
    cmd.timeKind,
    Number.isNaN(cmd.time.getTime()) ? null : cmd.time.toISOString(),
    cmd.passengers,
    cmd.wheelchairPlaces,
    ...(cmd.confirmation === 'rider' ? ['rider'] : []),
    ...(cmd.trainDeparture ? [`train:${cmd.trainDeparture.toISOString()}`] : []),
    ...(cmd.train ? [`trip:${cmd.train.tripId}@${cmd.train.serviceDate}`] : []),
    ...(cmd.returnTrip
      ? [`return:${cmd.returnTrip.timeKind}@${cmd.returnTrip.time.toISOString()}`]
      : []),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
