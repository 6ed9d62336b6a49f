import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How long after its train's arrival a ride after it was booked to start (`train_slack_s`), so a
 * late train moves it only by the part of the delay that reaches past the booked time. Rides
 * already booked get it from their requested time where no delay has moved that yet.
 */
export class BookingTrainSlack1797000016720 implements MigrationInterface {
  name = 'BookingTrainSlack1797000016720';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "bookings" ADD "train_slack_s" integer NOT NULL DEFAULT 0`);
    await q.query(`UPDATE "bookings"
      SET "train_slack_s" = GREATEST(0, ROUND(EXTRACT(EPOCH FROM "requested_time" - "train_scheduled_at")))::int
      WHERE "train_role" = 'arrive' AND "train_delay_s" = 0 AND "train_scheduled_at" IS NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "bookings" DROP COLUMN "train_slack_s"`);
  }
}
