import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Offers the rider accepts: bookings made with `confirmation = 'rider'` become `offered` (with
 * the promise and an expiry) before `confirmed`; an offer not accepted in time is `expired`.
 */
export class BookingOffers1795238000000 implements MigrationInterface {
  name = 'BookingOffers1795238000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "bookings"
      ADD "confirmation" character varying(5) NOT NULL DEFAULT 'auto',
      ADD "offer_expires_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "bookings"
      DROP CONSTRAINT "CHK_bookings_status",
      ADD CONSTRAINT "CHK_bookings_status" CHECK (status IN ('requested', 'offered', 'confirmed',
        'rejected', 'picked_up', 'dropped_off', 'cancelled', 'no_show', 'expired')),
      ADD CONSTRAINT "CHK_bookings_confirmation" CHECK (confirmation IN ('auto', 'rider')),
      ADD CONSTRAINT "CHK_bookings_offer" CHECK (status <> 'offered'
        OR (offer_expires_at IS NOT NULL AND promised_pickup_from IS NOT NULL
            AND promised_pickup_to IS NOT NULL AND promised_latest_arrival IS NOT NULL
            AND vehicle_id IS NOT NULL))`);
    await q.query(
      `CREATE INDEX "IDX_bookings_offer_expiry" ON "bookings" ("offer_expires_at") WHERE status = 'offered'`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_bookings_offer_expiry"`);
    await q.query(
      `UPDATE "bookings" SET status = 'cancelled' WHERE status IN ('offered', 'expired')`,
    );
    await q.query(`ALTER TABLE "bookings"
      DROP CONSTRAINT "CHK_bookings_offer",
      DROP CONSTRAINT "CHK_bookings_confirmation",
      DROP CONSTRAINT "CHK_bookings_status",
      ADD CONSTRAINT "CHK_bookings_status" CHECK (status IN
        ('requested', 'confirmed', 'rejected', 'picked_up', 'dropped_off', 'cancelled', 'no_show'))`);
    await q.query(
      `ALTER TABLE "bookings" DROP COLUMN "offer_expires_at", DROP COLUMN "confirmation"`,
    );
  }
}
