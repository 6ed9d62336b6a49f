import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The weekly shift roster the office keeps (vehicle, driver, weekday, hours, valid from/to)
 * with single-day exceptions; shifts rolled forward from it remember their entry and service
 * date, so the nightly roll-forward creates each one once.
 */
export class ShiftRoster1796300002000 implements MigrationInterface {
  name = 'ShiftRoster1796300002000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "shift_roster_entries" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "county_id" uuid NOT NULL,
        "vehicle_id" uuid NOT NULL,
        "driver_id" uuid NOT NULL,
        "weekday" character varying(3) NOT NULL,
        "start_local" character varying(5) NOT NULL,
        "end_local" character varying(5) NOT NULL,
        "valid_from" date NOT NULL,
        "valid_to" date,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_shift_roster_entries_id" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_shift_roster_entries_weekday" CHECK (weekday IN ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun')),
        CONSTRAINT "CHK_shift_roster_entries_hours" CHECK (start_local ~ '^[0-2][0-9]:[0-5][0-9]$' AND end_local ~ '^[0-2][0-9]:[0-5][0-9]$' AND end_local > start_local),
        CONSTRAINT "CHK_shift_roster_entries_valid" CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CONSTRAINT "FK_shift_roster_entries_county" FOREIGN KEY ("county_id") REFERENCES "counties"("id") ON DELETE RESTRICT,
        CONSTRAINT "FK_shift_roster_entries_vehicle" FOREIGN KEY ("vehicle_id") REFERENCES "vehicles"("id") ON DELETE RESTRICT,
        CONSTRAINT "FK_shift_roster_entries_driver" FOREIGN KEY ("driver_id") REFERENCES "drivers"("id") ON DELETE RESTRICT
      )`);
    await q.query(
      `CREATE INDEX "IDX_shift_roster_entries_county" ON "shift_roster_entries" ("county_id", "weekday")`,
    );
    await q.query(`
      CREATE TABLE "shift_roster_exceptions" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "entry_id" uuid NOT NULL,
        "service_date" date NOT NULL,
        "kind" character varying(6) NOT NULL,
        "start_local" character varying(5),
        "end_local" character varying(5),
        "driver_id" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_shift_roster_exceptions_id" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_shift_roster_exceptions_day" UNIQUE ("entry_id", "service_date"),
        CONSTRAINT "CHK_shift_roster_exceptions_kind" CHECK (kind IN ('cancel', 'change')),
        CONSTRAINT "FK_shift_roster_exceptions_entry" FOREIGN KEY ("entry_id") REFERENCES "shift_roster_entries"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_shift_roster_exceptions_driver" FOREIGN KEY ("driver_id") REFERENCES "drivers"("id") ON DELETE RESTRICT
      )`);
    await q.query(`ALTER TABLE "shifts" ADD "roster_entry_id" uuid, ADD "service_date" date,
      ADD "roster_ask" character varying(120),
      ADD CONSTRAINT "FK_shifts_roster_entry" FOREIGN KEY ("roster_entry_id") REFERENCES "shift_roster_entries"("id") ON DELETE RESTRICT`);
    await q.query(
      `CREATE UNIQUE INDEX "UQ_shifts_roster_day" ON "shifts" ("roster_entry_id", "service_date") WHERE roster_entry_id IS NOT NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "UQ_shifts_roster_day"`);
    await q.query(`ALTER TABLE "shifts" DROP CONSTRAINT "FK_shifts_roster_entry",
      DROP COLUMN "roster_ask", DROP COLUMN "service_date", DROP COLUMN "roster_entry_id"`);
    await q.query(`DROP TABLE "shift_roster_exceptions"`);
    await q.query(`DROP TABLE "shift_roster_entries"`);
  }
}
