import { MigrationInterface, QueryRunner } from 'typeorm';

/** A booking may connect with a train of the imported timetable (see BookingEntity.train*). */
export class BookingTrains1796900000001 implements MigrationInterface {
  name = 'BookingTrains1796900000001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "bookings"
      ADD "train_role" character varying(6),
      ADD "train_trip_id" character varying(120),
      ADD "train_service_date" date,
      ADD "train_route" character varying(120),
      ADD "train_headsign" character varying(200),
      ADD "train_scheduled_at" TIMESTAMP WITH TIME ZONE,
      ADD CONSTRAINT "CHK_bookings_train" CHECK (train_role IS NULL
        OR (train_role IN ('catch', 'arrive') AND train_trip_id IS NOT NULL
            AND train_service_date IS NOT NULL AND train_scheduled_at IS NOT NULL))`);
    await q.query(
      `CREATE INDEX "IDX_bookings_train" ON "bookings" ("train_trip_id", "train_service_date") WHERE train_trip_id IS NOT NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_bookings_train"`);
    await q.query(`ALTER TABLE "bookings" DROP CONSTRAINT "CHK_bookings_train",
      DROP COLUMN "train_role", DROP COLUMN "train_trip_id", DROP COLUMN "train_service_date",
      DROP COLUMN "train_route", DROP COLUMN "train_headsign", DROP COLUMN "train_scheduled_at"`);
  }
}
