import { MigrationInterface, QueryRunner } from 'typeorm';

/** Track history of vehicles, written in batches by the realtime gateway. */
export class VehicleTrackPoints1795237640000 implements MigrationInterface {
  name = 'VehicleTrackPoints1795237640000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
            CREATE TABLE "vehicle_track_points" (
                "id" BIGSERIAL NOT NULL,
                "vehicle_id" uuid NOT NULL,
                "driver_id" uuid NOT NULL,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "lat" double precision NOT NULL,
                "lon" double precision NOT NULL,
                "heading_deg" real,
                "speed_mps" real,
                "accuracy_m" real,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_vehicle_track_points_id" PRIMARY KEY ("id"),
                CONSTRAINT "CHK_vehicle_track_points_position" CHECK (lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180),
                CONSTRAINT "FK_vehicle_track_points_vehicle" FOREIGN KEY ("vehicle_id") REFERENCES "vehicles"("id") ON DELETE CASCADE
            )
        `);
    await q.query(
      `CREATE INDEX "IDX_vehicle_track_points_vehicle_recorded" ON "vehicle_track_points" ("vehicle_id", "recorded_at")`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_vehicle_track_points_vehicle_recorded"`);
    await q.query(`DROP TABLE "vehicle_track_points"`);
  }
}
