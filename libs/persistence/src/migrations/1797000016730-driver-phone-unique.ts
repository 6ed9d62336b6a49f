import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The digits of a stored phone number as the application compares them (`sqlPhoneDigits` in
 * libs/application/src/phone/phone-number.ts, as of this migration): country code first, no
 * leading zeros, whatever the format (`0151 ...`, `+49 151 ...`, `0049...`). A later change of
 * that normalisation needs a migration that builds the index again with the new expression.
 */
const DIGITS = `(CASE
  WHEN regexp_replace(coalesce(phone, ''), '\\D', '', 'g') LIKE '00%' THEN substr(regexp_replace(phone, '\\D', '', 'g'), 3)
  WHEN regexp_replace(coalesce(phone, ''), '\\D', '', 'g') LIKE '0%' THEN '49' || substr(regexp_replace(phone, '\\D', '', 'g'), 2)
  ELSE regexp_replace(coalesce(phone, ''), '\\D', '', 'g') END)`;

/**
 * One active driver per mobile number and county (drivers sign in by it): the service's
 * `phone_taken` check alone let two concurrent writes both pass. A partial unique index over the
 * normalised digits of active drivers with a number holds it in the database.
 *
 * Numbers taken twice before the index (drivers stored before the check, or by such a race) are
 * resolved first, deterministically: the oldest active driver of a number (by `created_at`, then
 * `id`) keeps it active, as sign-in already picks that one; every later one is deactivated, its
 * number kept, with an entry in the audit trail (`driver.update` by `migration`) so the office
 * can see whom to give a number of their own. The later ones could not sign in by the number
 * anyway: sign-in found the oldest.
 */
export class DriverPhoneUnique1797000016730 implements MigrationInterface {
  name = 'DriverPhoneUnique1797000016730';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`WITH ranked AS (
        SELECT id, county_id, row_number() OVER (
                 PARTITION BY county_id, ${DIGITS} ORDER BY created_at, id) AS n
          FROM drivers
         WHERE active AND ${DIGITS} <> ''),
      deactivated AS (
        UPDATE drivers d SET active = false
          FROM ranked r WHERE r.id = d.id AND r.n > 1
        RETURNING d.id, d.county_id)
      INSERT INTO audit_log (actor_sub, actor_role, county_id, action, entity_type, entity_id,
                             before, after)
      SELECT 'migration:DriverPhoneUnique1797000016730', 'system', county_id, 'driver.update', 'driver', id,
             '{"active": true}'::jsonb,
             '{"active": false, "reason": "an older active driver of the county has the number"}'::jsonb
        FROM deactivated`);
    await q.query(`CREATE UNIQUE INDEX "UQ_drivers_active_phone" ON "drivers" ("county_id", ${DIGITS})
      WHERE active AND ${DIGITS} <> ''`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "UQ_drivers_active_phone"`);
  }
}
