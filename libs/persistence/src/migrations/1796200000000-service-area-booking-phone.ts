import { MigrationInterface, QueryRunner } from 'typeorm';

/** The transport office's telephone number for booking by phone, per service area (E.164). */
export class ServiceAreaBookingPhone1796200000000 implements MigrationInterface {
  name = 'ServiceAreaBookingPhone1796200000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "service_areas" ADD "booking_phone" character varying(20)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "service_areas" DROP COLUMN "booking_phone"`);
  }
}
