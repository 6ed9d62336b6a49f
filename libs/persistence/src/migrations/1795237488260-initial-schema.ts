import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795237488260 implements MigrationInterface {
  name = 'InitialSchema1795237488260';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "booking_events" (
                "id" BIGSERIAL NOT NULL,
                "booking_id" uuid NOT NULL,
                "from_status" character varying(12),
                "to_status" character varying(12) NOT NULL,
                "actor" character varying(64) NOT NULL,
                "note" character varying(300),
                "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_bb7037dff63ec344eba13da5d0b" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_2887a6f74482c85529a679b2b6" ON "booking_events" ("booking_id", "at")
        `);
    await queryRunner.query(`
            CREATE TABLE "counties" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "code" character varying(5) NOT NULL,
                "name" character varying(120) NOT NULL,
                "time_zone" character varying(64) NOT NULL DEFAULT 'Europe/Berlin',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_5ea349f0e0f5b794c6b68ca65c6" UNIQUE ("code"),
                CONSTRAINT "PK_e9d269991e45de4af9e7889d9ea" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "riders" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "county_id" uuid NOT NULL,
                "name" character varying(120) NOT NULL,
                "phone" character varying(32),
                "needs" character varying array NOT NULL DEFAULT '{}',
                "notes" character varying(500),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_6c17e67f760677500c29d68e689" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "service_areas" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "county_id" uuid NOT NULL,
                "name" character varying(120) NOT NULL,
                "status" character varying(10) NOT NULL DEFAULT 'draft',
                "geometry" jsonb NOT NULL,
                "time_zone" character varying(64) NOT NULL DEFAULT 'Europe/Berlin',
                "operating_hours" jsonb NOT NULL,
                "booking_horizon_days" integer NOT NULL DEFAULT '14',
                "min_notice_min" integer NOT NULL DEFAULT '30',
                "pickup_window_min" integer NOT NULL DEFAULT '15',
                "max_ride_factor" double precision NOT NULL DEFAULT '1.5',
                "max_ride_extra_min" integer NOT NULL DEFAULT '10',
                "transfer_buffer_min" integer NOT NULL DEFAULT '5',
                "max_passengers_per_booking" integer NOT NULL DEFAULT '6',
                "max_wheelchair_places_per_booking" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_cdda4e5b616d5be3c81d15fd756" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_3724fa0e6c123009dcac710a41" ON "service_areas" ("county_id", "status")
        `);
    await queryRunner.query(`
            CREATE TABLE "stops" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "county_id" uuid NOT NULL,
                "code" character varying(40) NOT NULL,
                "name" character varying(120) NOT NULL,
                "search_key" character varying(260) NOT NULL,
                "kind" character varying(16) NOT NULL,
                "is_main_hub" boolean NOT NULL DEFAULT false,
                "lat" double precision NOT NULL,
                "lon" double precision NOT NULL,
                "ags" character varying(8),
                "wheelchair_accessible" boolean NOT NULL DEFAULT true,
                "active" boolean NOT NULL DEFAULT true,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_ed1be877403ad3c921b07f62ca5" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_25d0eef9d0abd6cf8be63a0d1f" ON "stops" ("lat", "lon")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_a4ee60c14fa94a0b2b765e150f" ON "stops" ("county_id", "code")
        `);
    await queryRunner.query(`
            CREATE TABLE "bookings" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "rider_id" uuid NOT NULL,
                "service_area_id" uuid NOT NULL,
                "from_stop_id" uuid NOT NULL,
                "to_stop_id" uuid NOT NULL,
                "time_kind" character varying(10) NOT NULL,
                "requested_time" TIMESTAMP WITH TIME ZONE NOT NULL,
                "passengers" integer NOT NULL,
                "wheelchair_places" integer NOT NULL DEFAULT '0',
                "status" character varying(12) NOT NULL DEFAULT 'requested',
                "promised_pickup_from" TIMESTAMP WITH TIME ZONE,
                "promised_pickup_to" TIMESTAMP WITH TIME ZONE,
                "promised_latest_arrival" TIMESTAMP WITH TIME ZONE,
                "vehicle_id" uuid,
                "reason_code" character varying(40),
                "reason_text" character varying(300),
                "channel" character varying(10) NOT NULL DEFAULT 'rider',
                "created_by" character varying(64) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "version" integer NOT NULL,
                CONSTRAINT "PK_bee6805982cc1e248e94ce94957" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_48b267d894e32a25ebde4b207a" ON "bookings" ("status")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_88f598aebb776310c8e91f9b70" ON "bookings" ("service_area_id", "requested_time")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_336c323b1b7afd8e8deb43d640" ON "bookings" ("rider_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "drivers" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "county_id" uuid NOT NULL,
                "name" character varying(120) NOT NULL,
                "phone" character varying(32),
                "active" boolean NOT NULL DEFAULT true,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_92ab3fb69e566d3eb0cae896047" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "idempotency_keys" (
                "principal" character varying(64) NOT NULL,
                "key" character varying(128) NOT NULL,
                "request_hash" character(64) NOT NULL,
                "booking_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_574edfb9ce98100b66a0a2e0f34" PRIMARY KEY ("principal", "key")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "vehicles" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "county_id" uuid NOT NULL,
                "call_sign" character varying(32) NOT NULL,
                "license_plate" character varying(16),
                "seats" integer NOT NULL,
                "wheelchair_places" integer NOT NULL DEFAULT '0',
                "home_depot_stop_id" uuid NOT NULL,
                "active" boolean NOT NULL DEFAULT true,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_18d8646b59304dce4af3a9e35b6" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_8608781c5ad4dfe1604ee38e3c" ON "vehicles" ("county_id", "call_sign")
        `);
    await queryRunner.query(`
            CREATE TABLE "shifts" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "vehicle_id" uuid NOT NULL,
                "driver_id" uuid NOT NULL,
                "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_84d692e367e4d6cdf045828768c" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_1229d402ddd0d7b9e96d8a0982" ON "shifts" ("starts_at", "ends_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "vehicle_schedules" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "vehicle_id" uuid NOT NULL,
                "shift_id" uuid NOT NULL,
                "stops" jsonb NOT NULL DEFAULT '[]',
                "version" integer NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_577e952751385a1877adde3ccc1" UNIQUE ("shift_id"),
                CONSTRAINT "PK_40a26371d2f725f5aec17310623" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_df4eb21128b203eee2d9f3a15c" ON "vehicle_schedules" ("vehicle_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "riders"
            ADD CONSTRAINT "FK_14cb5daa45f4e02041e6315006a" FOREIGN KEY ("county_id") REFERENCES "counties"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "service_areas"
            ADD CONSTRAINT "FK_b26d334b21f760adf422063267a" FOREIGN KEY ("county_id") REFERENCES "counties"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "stops"
            ADD CONSTRAINT "FK_9ece282012ddfb05bca9845ea4d" FOREIGN KEY ("county_id") REFERENCES "counties"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "bookings"
            ADD CONSTRAINT "FK_ab08e50599da93ee316fcc884a1" FOREIGN KEY ("rider_id") REFERENCES "riders"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "bookings"
            ADD CONSTRAINT "FK_7118e1d38993eb5ed21d1c93f8b" FOREIGN KEY ("service_area_id") REFERENCES "service_areas"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "bookings"
            ADD CONSTRAINT "FK_f88be76e5ebdce22abd742043be" FOREIGN KEY ("from_stop_id") REFERENCES "stops"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "bookings"
            ADD CONSTRAINT "FK_b2f14432381a9b7dcda1e92c590" FOREIGN KEY ("to_stop_id") REFERENCES "stops"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "drivers"
            ADD CONSTRAINT "FK_74f4ed78810933f99701d18bebb" FOREIGN KEY ("county_id") REFERENCES "counties"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "vehicles"
            ADD CONSTRAINT "FK_514bddf07cc48ea99c62445da52" FOREIGN KEY ("county_id") REFERENCES "counties"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "vehicles"
            ADD CONSTRAINT "FK_fd4575b2ecb563c0f006f744f48" FOREIGN KEY ("home_depot_stop_id") REFERENCES "stops"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "shifts"
            ADD CONSTRAINT "FK_036681a9725bd151d8eed306649" FOREIGN KEY ("vehicle_id") REFERENCES "vehicles"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "shifts"
            ADD CONSTRAINT "FK_66f293515d51551bf0c492c5ef5" FOREIGN KEY ("driver_id") REFERENCES "drivers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "vehicle_schedules"
            ADD CONSTRAINT "FK_577e952751385a1877adde3ccc1" FOREIGN KEY ("shift_id") REFERENCES "shifts"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "vehicle_schedules" DROP CONSTRAINT "FK_577e952751385a1877adde3ccc1"
        `);
    await queryRunner.query(`
            ALTER TABLE "shifts" DROP CONSTRAINT "FK_66f293515d51551bf0c492c5ef5"
        `);
    await queryRunner.query(`
            ALTER TABLE "shifts" DROP CONSTRAINT "FK_036681a9725bd151d8eed306649"
        `);
    await queryRunner.query(`
            ALTER TABLE "vehicles" DROP CONSTRAINT "FK_fd4575b2ecb563c0f006f744f48"
        `);
    await queryRunner.query(`
            ALTER TABLE "vehicles" DROP CONSTRAINT "FK_514bddf07cc48ea99c62445da52"
        `);
    await queryRunner.query(`
            ALTER TABLE "drivers" DROP CONSTRAINT "FK_74f4ed78810933f99701d18bebb"
        `);
    await queryRunner.query(`
            ALTER TABLE "bookings" DROP CONSTRAINT "FK_b2f14432381a9b7dcda1e92c590"
        `);
    await queryRunner.query(`
            ALTER TABLE "bookings" DROP CONSTRAINT "FK_f88be76e5ebdce22abd742043be"
        `);
    await queryRunner.query(`
            ALTER TABLE "bookings" DROP CONSTRAINT "FK_7118e1d38993eb5ed21d1c93f8b"
        `);
    await queryRunner.query(`
            ALTER TABLE "bookings" DROP CONSTRAINT "FK_ab08e50599da93ee316fcc884a1"
        `);
    await queryRunner.query(`
            ALTER TABLE "stops" DROP CONSTRAINT "FK_9ece282012ddfb05bca9845ea4d"
        `);
    await queryRunner.query(`
            ALTER TABLE "service_areas" DROP CONSTRAINT "FK_b26d334b21f760adf422063267a"
        `);
    await queryRunner.query(`
            ALTER TABLE "riders" DROP CONSTRAINT "FK_14cb5daa45f4e02041e6315006a"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_df4eb21128b203eee2d9f3a15c"
        `);
    await queryRunner.query(`
            DROP TABLE "vehicle_schedules"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_1229d402ddd0d7b9e96d8a0982"
        `);
    await queryRunner.query(`
            DROP TABLE "shifts"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_8608781c5ad4dfe1604ee38e3c"
        `);
    await queryRunner.query(`
            DROP TABLE "vehicles"
        `);
    await queryRunner.query(`
            DROP TABLE "idempotency_keys"
        `);
    await queryRunner.query(`
            DROP TABLE "drivers"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_336c323b1b7afd8e8deb43d640"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_88f598aebb776310c8e91f9b70"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_48b267d894e32a25ebde4b207a"
        `);
    await queryRunner.query(`
            DROP TABLE "bookings"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_a4ee60c14fa94a0b2b765e150f"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_25d0eef9d0abd6cf8be63a0d1f"
        `);
    await queryRunner.query(`
            DROP TABLE "stops"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_3724fa0e6c123009dcac710a41"
        `);
    await queryRunner.query(`
            DROP TABLE "service_areas"
        `);
    await queryRunner.query(`
            DROP TABLE "riders"
        `);
    await queryRunner.query(`
            DROP TABLE "counties"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_2887a6f74482c85529a679b2b6"
        `);
    await queryRunner.query(`
            DROP TABLE "booking_events"
        `);
  }
}
