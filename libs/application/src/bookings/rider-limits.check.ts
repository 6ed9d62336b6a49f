import {
  checkRiderBookingLimits,
  OPEN_BOOKING_STATUSES,
  RiderBookingFacts,
  RuleViolationError,
  ServiceAreaFacts,
} from '@app/domain';
import { BookingEntity } from '@app/persistence';
import { EntityManager, In } from 'typeorm';

/**
 * The area's rider booking limits (`checkRiderBookingLimits`) against the rider's open
 * bookings. The rider's row is locked for the rest of the transaction, so two requests of one
 * rider at the same moment are counted one after the other.
 * @throws RuleViolationError naming the field and the limit
 */
export async function checkRiderLimitsIn(
  em: EntityManager,
  riderId: string,
  area: ServiceAreaFacts,
  wanted: Parameters<typeof checkRiderBookingLimits>[1],
  now: Date,
): Promise<void> {
  await em.query('SELECT 1 FROM riders WHERE id = $1 FOR NO KEY UPDATE', [riderId]);
  const open: RiderBookingFacts[] = await em.getRepository(BookingEntity).find({
    select: {
      id: true,
      timeKind: true,
      requestedTime: true,
      promisedPickupFrom: true,
      promisedLatestArrival: true,
      linkedBookingId: true,
    },
    where: { riderId, status: In([...OPEN_BOOKING_STATUSES]) },
  });
  const problems = checkRiderBookingLimits(open, wanted, area.rules, now);
  if (problems.length) throw new RuleViolationError(problems);
}
