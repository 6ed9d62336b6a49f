import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A driver's sign-in session is bound to one shift: its refresh tokens name it, so a refresh
 * after the shift ended or was changed by the office is refused. No foreign key: a deleted
 * shift must leave the session to be refused, not cascade or block the delete.
 */
export class DriverSessionShift1797000000010 implements MigrationInterface {
  name = 'DriverSessionShift1797000000010';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "refresh_tokens" ADD "shift_id" uuid`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "refresh_tokens" DROP COLUMN "shift_id"`);
  }
}
