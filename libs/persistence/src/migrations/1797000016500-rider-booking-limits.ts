import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rider booking limits per service area: how many open bookings of one rider may overlap in time
 * (default 1) and how many open bookings one rider may hold (default 20).
 */
export class RiderBookingLimits1797000016500 implements MigrationInterface {
  name = 'RiderBookingLimits1797000016500';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "service_areas" ADD "max_overlapping_bookings_per_rider" integer NOT NULL DEFAULT 1`,
    );
    await q.query(
      `ALTER TABLE "service_areas" ADD "max_open_bookings_per_rider" integer NOT NULL DEFAULT 20`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "service_areas" DROP COLUMN "max_open_bookings_per_rider"`);
    await q.query(`ALTER TABLE "service_areas" DROP COLUMN "max_overlapping_bookings_per_rider"`);
  }
}
