import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rider messages whose news is over are not sent late: a message about the pickup (`arriving`,
 * `pickup_moved`) keeps the pickup time it tells (`pickup_at`), and one found stale at delivery
 * (after an outage of the SMS provider, say) ends as `stale`, never sent.
 */
export class RiderMessageStale1797000016740 implements MigrationInterface {
  name = 'RiderMessageStale1797000016740';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "rider_messages" ADD COLUMN "pickup_at" timestamptz`);
    await q.query(`ALTER TABLE "rider_messages" DROP CONSTRAINT "CHK_rider_messages_status"`);
    await q.query(`ALTER TABLE "rider_messages" ADD CONSTRAINT "CHK_rider_messages_status"
      CHECK (status IN ('pending', 'sent', 'skipped', 'failed', 'stale'))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE "rider_messages" SET status = 'skipped' WHERE status = 'stale'`);
    await q.query(`ALTER TABLE "rider_messages" DROP CONSTRAINT "CHK_rider_messages_status"`);
    await q.query(`ALTER TABLE "rider_messages" ADD CONSTRAINT "CHK_rider_messages_status"
      CHECK (status IN ('pending', 'sent', 'skipped', 'failed'))`);
    await q.query(`ALTER TABLE "rider_messages" DROP COLUMN "pickup_at"`);
  }
}
