import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rider messages through an outbox: each message is a row written in the same transaction as
 * the change it tells of, with a unique event id, so it is sent once however often a job runs.
 * Riders choose their channel (`sms`, `app`, `none`) and language (`de`, `en`).
 */
export class RiderMessages1796300001000 implements MigrationInterface {
  name = 'RiderMessages1796300001000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "riders"
      ADD "message_channel" character varying(5) NOT NULL DEFAULT 'sms',
      ADD "language" character varying(2) NOT NULL DEFAULT 'de',
      ADD CONSTRAINT "CHK_riders_message_channel" CHECK (message_channel IN ('sms', 'app', 'none')),
      ADD CONSTRAINT "CHK_riders_language" CHECK (language IN ('de', 'en'))`);
    await q.query(`ALTER TABLE "bookings" ADD "notified_pickup_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`
      CREATE TABLE "rider_messages" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "event_id" character varying(160) NOT NULL,
        "rider_id" uuid NOT NULL,
        "booking_id" uuid,
        "kind" character varying(30) NOT NULL,
        "channel" character varying(5) NOT NULL,
        "language" character varying(2) NOT NULL,
        "phone" character varying(32),
        "body" character varying(640) NOT NULL,
        "status" character varying(10) NOT NULL DEFAULT 'pending',
        "attempts" integer NOT NULL DEFAULT 0,
        "last_error" character varying(300),
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "sent_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_rider_messages_id" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_rider_messages_event_id" UNIQUE ("event_id"),
        CONSTRAINT "CHK_rider_messages_status" CHECK (status IN ('pending', 'sent', 'skipped', 'failed')),
        CONSTRAINT "FK_rider_messages_rider" FOREIGN KEY ("rider_id") REFERENCES "riders"("id") ON DELETE RESTRICT
      )`);
    await q.query(
      `CREATE INDEX "IDX_rider_messages_pending" ON "rider_messages" ("created_at") WHERE status = 'pending'`,
    );
    await q.query(`CREATE INDEX "IDX_rider_messages_booking" ON "rider_messages" ("booking_id")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "rider_messages"`);
    await q.query(`ALTER TABLE "bookings" DROP COLUMN "notified_pickup_at"`);
    await q.query(`ALTER TABLE "riders" DROP CONSTRAINT "CHK_riders_language",
      DROP CONSTRAINT "CHK_riders_message_channel", DROP COLUMN "language", DROP COLUMN "message_channel"`);
  }
}
