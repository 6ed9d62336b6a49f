import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rules the database itself keeps, whatever process writes: sane capacities and counts, known
 * statuses, and no vehicle or driver in two shifts at once (needs btree_gist, a trusted
 * extension since PostgreSQL 13).
 */
export class IntegrityConstraints1795237500000 implements MigrationInterface {
  name = 'IntegrityConstraints1795237500000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`ALTER TABLE "service_areas"
      ADD CONSTRAINT "CHK_service_areas_status" CHECK (status IN ('active', 'draft')),
      ADD CONSTRAINT "CHK_service_areas_numbers" CHECK (
        booking_horizon_days BETWEEN 0 AND 90 AND min_notice_min BETWEEN 0 AND 1440
        AND pickup_window_min BETWEEN 1 AND 120 AND max_ride_factor BETWEEN 1 AND 5
        AND max_ride_extra_min BETWEEN 0 AND 120 AND transfer_buffer_min BETWEEN 0 AND 60
        AND max_passengers_per_booking BETWEEN 1 AND 20
        AND max_wheelchair_places_per_booking BETWEEN 0 AND 4)`);
    await q.query(`ALTER TABLE "stops"
      ADD CONSTRAINT "CHK_stops_kind" CHECK (kind IN ('village', 'hub', 'rail_station', 'depot')),
      ADD CONSTRAINT "CHK_stops_position" CHECK (lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180)`);
    await q.query(`ALTER TABLE "vehicles"
      ADD CONSTRAINT "CHK_vehicles_capacity" CHECK (seats BETWEEN 1 AND 60 AND wheelchair_places BETWEEN 0 AND 8)`);
    await q.query(`ALTER TABLE "bookings"
      ADD CONSTRAINT "CHK_bookings_status" CHECK (status IN
        ('requested', 'confirmed', 'rejected', 'picked_up', 'dropped_off', 'cancelled', 'no_show')),
      ADD CONSTRAINT "CHK_bookings_time_kind" CHECK (time_kind IN ('depart_at', 'arrive_by')),
      ADD CONSTRAINT "CHK_bookings_load" CHECK (passengers >= 1 AND wheelchair_places BETWEEN 0 AND passengers),
      ADD CONSTRAINT "CHK_bookings_stops" CHECK (from_stop_id <> to_stop_id),
      ADD CONSTRAINT "CHK_bookings_promise" CHECK (
        status NOT IN ('confirmed', 'picked_up', 'dropped_off')
        OR (promised_pickup_from IS NOT NULL AND promised_pickup_to IS NOT NULL
            AND promised_latest_arrival IS NOT NULL AND vehicle_id IS NOT NULL))`);
    await q.query(`ALTER TABLE "shifts"
      ADD CONSTRAINT "CHK_shifts_order" CHECK (ends_at > starts_at),
      ADD CONSTRAINT "EXCL_shifts_vehicle_overlap" EXCLUDE USING gist
        (vehicle_id WITH =, tstzrange(starts_at, ends_at) WITH &&),
      ADD CONSTRAINT "EXCL_shifts_driver_overlap" EXCLUDE USING gist
        (driver_id WITH =, tstzrange(starts_at, ends_at) WITH &&)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "shifts" DROP CONSTRAINT "EXCL_shifts_driver_overlap",
      DROP CONSTRAINT "EXCL_shifts_vehicle_overlap", DROP CONSTRAINT "CHK_shifts_order"`);
    await q.query(`ALTER TABLE "bookings" DROP CONSTRAINT "CHK_bookings_promise", DROP CONSTRAINT "CHK_bookings_stops",
      DROP CONSTRAINT "CHK_bookings_load", DROP CONSTRAINT "CHK_bookings_time_kind", DROP CONSTRAINT "CHK_bookings_status"`);
    await q.query(`ALTER TABLE "vehicles" DROP CONSTRAINT "CHK_vehicles_capacity"`);
    await q.query(
      `ALTER TABLE "stops" DROP CONSTRAINT "CHK_stops_position", DROP CONSTRAINT "CHK_stops_kind"`,
    );
    await q.query(`ALTER TABLE "service_areas" DROP CONSTRAINT "CHK_service_areas_numbers",
      DROP CONSTRAINT "CHK_service_areas_status"`);
  }
}
