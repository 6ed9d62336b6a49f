import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the GTFS-Realtime poller already applied to a booking tied to a train, so each change of
 * the train is applied and told once however often the feed repeats it.
 */
export class TrainRealtime1797000014000 implements MigrationInterface {
  name = 'TrainRealtime1797000014000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "bookings"
      ADD "train_delay_s" integer NOT NULL DEFAULT 0,
      ADD "train_cancelled_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "bookings" DROP COLUMN "train_delay_s", DROP COLUMN "train_cancelled_at"`,
    );
  }
}
