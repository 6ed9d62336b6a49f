import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A county's own road data for the embedded router (an OSM file path); null: the shared router
 * (OSRM on the state's extract, or the installation's `ROUTER_OSM_FILE`).
 */
export class CountyRoadFile1797000014200 implements MigrationInterface {
  name = 'CountyRoadFile1797000014200';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "counties" ADD "osm_file" varchar(500)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "counties" DROP COLUMN "osm_file"`);
  }
}
