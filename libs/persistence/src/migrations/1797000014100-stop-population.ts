import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Inhabitants of the municipality a village-centre stop serves (from the county's reference
 * data), so the what-if generates each county's demand from its own places.
 */
export class StopPopulation1797000014100 implements MigrationInterface {
  name = 'StopPopulation1797000014100';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "stops" ADD "population" integer`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "stops" DROP COLUMN "population"`);
  }
}
