import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fleet changes keep promises or say so:
 * - bookings may be `at_risk`: a fleet change took them off their vehicle and no other vehicle
 *   could keep the promise; the office decides (move by hand, extend a shift, cancel);
 * - nothing that carries a promise goes by cascade: a shift or vehicle with a schedule can no
 *   longer be deleted underneath it (RESTRICT); a shift with bookings is ended or cancelled
 *   (`cancelled_at`), and a cancelled shift no longer blocks its vehicle or driver.
 */
export class FleetChanges1796300000000 implements MigrationInterface {
  name = 'FleetChanges1796300000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "bookings"
      DROP CONSTRAINT "CHK_bookings_status",
      ADD CONSTRAINT "CHK_bookings_status" CHECK (status IN ('requested', 'offered', 'confirmed',
        'rejected', 'picked_up', 'dropped_off', 'cancelled', 'no_show', 'expired', 'at_risk'))`);
    await q.query(
      `CREATE INDEX "IDX_bookings_at_risk" ON "bookings" ("service_area_id", "promised_pickup_from") WHERE status = 'at_risk'`,
    );
    await q.query(`ALTER TABLE "shifts"
      ADD "cancelled_at" TIMESTAMP WITH TIME ZONE,
      ADD "end_reason" character varying(40),
      ADD "planned_ends_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "shifts"
      DROP CONSTRAINT "EXCL_shifts_vehicle_overlap",
      DROP CONSTRAINT "EXCL_shifts_driver_overlap",
      ADD CONSTRAINT "EXCL_shifts_vehicle_overlap" EXCLUDE USING gist
        (vehicle_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (cancelled_at IS NULL),
      ADD CONSTRAINT "EXCL_shifts_driver_overlap" EXCLUDE USING gist
        (driver_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (cancelled_at IS NULL)`);
    await q.query(`ALTER TABLE "vehicle_schedules" DROP CONSTRAINT "FK_577e952751385a1877adde3ccc1",
      ADD CONSTRAINT "FK_vehicle_schedules_shift" FOREIGN KEY ("shift_id") REFERENCES "shifts"("id") ON DELETE RESTRICT`);
    await q.query(`ALTER TABLE "shifts" DROP CONSTRAINT "FK_036681a9725bd151d8eed306649",
      ADD CONSTRAINT "FK_shifts_vehicle" FOREIGN KEY ("vehicle_id") REFERENCES "vehicles"("id") ON DELETE RESTRICT`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "shifts" DROP CONSTRAINT "FK_shifts_vehicle",
      ADD CONSTRAINT "FK_036681a9725bd151d8eed306649" FOREIGN KEY ("vehicle_id") REFERENCES "vehicles"("id") ON DELETE CASCADE`);
    await q.query(`ALTER TABLE "vehicle_schedules" DROP CONSTRAINT "FK_vehicle_schedules_shift",
      ADD CONSTRAINT "FK_577e952751385a1877adde3ccc1" FOREIGN KEY ("shift_id") REFERENCES "shifts"("id") ON DELETE CASCADE`);
    await q.query(
      `DELETE FROM "vehicle_schedules" WHERE shift_id IN (SELECT id FROM shifts WHERE cancelled_at IS NOT NULL)`,
    );
    await q.query(`DELETE FROM "shifts" WHERE cancelled_at IS NOT NULL`);
    await q.query(`ALTER TABLE "shifts"
      DROP CONSTRAINT "EXCL_shifts_vehicle_overlap",
      DROP CONSTRAINT "EXCL_shifts_driver_overlap",
      ADD CONSTRAINT "EXCL_shifts_vehicle_overlap" EXCLUDE USING gist
        (vehicle_id WITH =, tstzrange(starts_at, ends_at) WITH &&),
      ADD CONSTRAINT "EXCL_shifts_driver_overlap" EXCLUDE USING gist
        (driver_id WITH =, tstzrange(starts_at, ends_at) WITH &&)`);
    await q.query(
      `ALTER TABLE "shifts" DROP COLUMN "planned_ends_at", DROP COLUMN "end_reason", DROP COLUMN "cancelled_at"`,
    );
    await q.query(`DROP INDEX "IDX_bookings_at_risk"`);
    await q.query(`UPDATE "bookings" SET status = 'cancelled' WHERE status = 'at_risk'`);
    await q.query(`ALTER TABLE "bookings"
      DROP CONSTRAINT "CHK_bookings_status",
      ADD CONSTRAINT "CHK_bookings_status" CHECK (status IN ('requested', 'offered', 'confirmed',
        'rejected', 'picked_up', 'dropped_off', 'cancelled', 'no_show', 'expired'))`);
  }
}
