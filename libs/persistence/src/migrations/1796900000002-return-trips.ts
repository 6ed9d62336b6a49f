import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A booking made with its return trip: two bookings linked both ways (see BookingEntity). The
 * link is checked at commit, so both legs are inserted in one transaction in either order.
 */
export class ReturnTrips1796900000002 implements MigrationInterface {
  name = 'ReturnTrips1796900000002';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "bookings"
      ADD "linked_booking_id" uuid REFERENCES "bookings"("id") ON DELETE SET NULL
        DEFERRABLE INITIALLY DEFERRED,
      ADD "trip_leg" character varying(8),
      ADD CONSTRAINT "CHK_bookings_trip_leg" CHECK ((trip_leg IS NULL AND linked_booking_id IS NULL)
        OR (trip_leg IN ('outbound', 'return')))`);
    await q.query(
      `CREATE INDEX "IDX_bookings_linked" ON "bookings" ("linked_booking_id") WHERE linked_booking_id IS NOT NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_bookings_linked"`);
    await q.query(`ALTER TABLE "bookings" DROP CONSTRAINT "CHK_bookings_trip_leg",
      DROP COLUMN "trip_leg", DROP COLUMN "linked_booking_id"`);
  }
}
