import { MigrationInterface, QueryRunner } from 'typeorm';

/** The train timetable at our stations, imported from GTFS (see timetable.entity.ts). */
export class Timetable1796900000000 implements MigrationInterface {
  name = 'Timetable1796900000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "timetable_feeds" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "name" character varying(80) NOT NULL,
      "source" character varying(400) NOT NULL,
      "feed_version" character varying(120),
      "time_zone" character varying(64) NOT NULL,
      "imported_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "UQ_timetable_feeds_name" UNIQUE ("name"),
      CONSTRAINT "PK_timetable_feeds" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "timetable_stations" (
      "feed_id" uuid NOT NULL REFERENCES "timetable_feeds"("id") ON DELETE CASCADE,
      "gtfs_stop_id" character varying(120) NOT NULL,
      "stop_id" uuid NOT NULL REFERENCES "stops"("id") ON DELETE CASCADE,
      "gtfs_stop_name" character varying(200) NOT NULL,
      CONSTRAINT "PK_timetable_stations" PRIMARY KEY ("feed_id", "gtfs_stop_id"))`);
    await q.query(`CREATE INDEX "IDX_timetable_stations_stop" ON "timetable_stations" ("stop_id")`);
    await q.query(`CREATE TABLE "timetable_services" (
      "feed_id" uuid NOT NULL REFERENCES "timetable_feeds"("id") ON DELETE CASCADE,
      "service_id" character varying(120) NOT NULL,
      "weekdays" character(7) NOT NULL CHECK ("weekdays" ~ '^[01]{7}$'),
      "start_date" date NOT NULL,
      "end_date" date NOT NULL,
      CONSTRAINT "PK_timetable_services" PRIMARY KEY ("feed_id", "service_id"))`);
    await q.query(`CREATE TABLE "timetable_service_exceptions" (
      "feed_id" uuid NOT NULL REFERENCES "timetable_feeds"("id") ON DELETE CASCADE,
      "service_id" character varying(120) NOT NULL,
      "date" date NOT NULL,
      "exception_type" smallint NOT NULL CHECK ("exception_type" IN (1, 2)),
      CONSTRAINT "PK_timetable_service_exceptions" PRIMARY KEY ("feed_id", "service_id", "date"))`);
    await q.query(`CREATE TABLE "timetable_trips" (
      "feed_id" uuid NOT NULL REFERENCES "timetable_feeds"("id") ON DELETE CASCADE,
      "trip_id" character varying(120) NOT NULL,
      "service_id" character varying(120) NOT NULL,
      "route_name" character varying(120) NOT NULL,
      "route_type" integer NOT NULL,
      "headsign" character varying(200) NOT NULL,
      "origin" character varying(200) NOT NULL,
      CONSTRAINT "PK_timetable_trips" PRIMARY KEY ("feed_id", "trip_id"))`);
    await q.query(`CREATE TABLE "timetable_stop_times" (
      "feed_id" uuid NOT NULL,
      "trip_id" character varying(120) NOT NULL,
      "stop_sequence" integer NOT NULL,
      "stop_id" uuid NOT NULL REFERENCES "stops"("id") ON DELETE CASCADE,
      "arrival_s" integer NOT NULL,
      "departure_s" integer NOT NULL,
      "is_first" boolean NOT NULL,
      "is_last" boolean NOT NULL,
      "platform" character varying(20),
      CONSTRAINT "PK_timetable_stop_times" PRIMARY KEY ("feed_id", "trip_id", "stop_sequence"),
      CONSTRAINT "FK_timetable_stop_times_trip" FOREIGN KEY ("feed_id", "trip_id")
        REFERENCES "timetable_trips"("feed_id", "trip_id") ON DELETE CASCADE)`);
    await q.query(
      `CREATE INDEX "IDX_timetable_stop_times_departure" ON "timetable_stop_times" ("stop_id", "departure_s")`,
    );
    await q.query(
      `CREATE INDEX "IDX_timetable_stop_times_arrival" ON "timetable_stop_times" ("stop_id", "arrival_s")`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'timetable_stop_times',
      'timetable_trips',
      'timetable_service_exceptions',
      'timetable_services',
      'timetable_stations',
      'timetable_feeds',
    ])
      await q.query(`DROP TABLE "${t}"`);
  }
}
