import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16: a booking the dispatcher rejected for lack of room keeps the nearest requested times
 * at which a vehicle could have taken it (ISO 8601 instants, nearest first), for the rider to
 * book instead.
 */
export class BookingAlternatives1797000016600 implements MigrationInterface {
  name = 'BookingAlternatives1797000016600';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "bookings" ADD "alternatives" jsonb`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "bookings" DROP COLUMN "alternatives"`);
  }
}
