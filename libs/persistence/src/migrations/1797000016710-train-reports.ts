import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the last GTFS-Realtime poll knew about each train of the timetable (cancelled, late),
 * so a booking made after that poll is checked against it, not only the bookings the poll saw.
 */
export class TrainReports1797000016710 implements MigrationInterface {
  name = 'TrainReports1797000016710';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "train_reports" (
      "trip_id" character varying(120) NOT NULL,
      "service_date" character varying(10) NOT NULL,
      "cancelled" boolean NOT NULL,
      "report" jsonb NOT NULL,
      "polled_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_train_reports" PRIMARY KEY ("trip_id", "service_date"))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "train_reports"`);
  }
}
