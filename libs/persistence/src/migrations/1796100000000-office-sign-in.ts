import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in that holds in production (issue 10, transport office): rotating refresh tokens kept
 * only as hashes with a family for reuse detection, local operator accounts (argon2id + TOTP)
 * for counties without an identity provider, and the audit trail of the office's writes.
 */
export class OfficeSignIn1796100000000 implements MigrationInterface {
  name = 'OfficeSignIn1796100000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "refresh_tokens" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "family_id" uuid NOT NULL,
      "token_hash" character(64) NOT NULL,
      "subject" character varying(128) NOT NULL,
      "role" character varying(16) NOT NULL,
      "county_id" uuid,
      "name" character varying(254),
      "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "used_at" TIMESTAMP WITH TIME ZONE,
      "revoked_at" TIMESTAMP WITH TIME ZONE,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_refresh_tokens" PRIMARY KEY ("id"),
      CONSTRAINT "UQ_refresh_tokens_hash" UNIQUE ("token_hash"))`);
    await q.query(`CREATE INDEX "IDX_refresh_tokens_family" ON "refresh_tokens" ("family_id")`);

    await q.query(`CREATE TABLE "operator_accounts" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "email" character varying(254) NOT NULL,
      "name" character varying(120),
      "role" character varying(8) NOT NULL,
      "county_id" uuid REFERENCES "counties" ("id"),
      "password_hash" text NOT NULL,
      "totp_secret" character varying(64) NOT NULL,
      "last_totp_step" bigint,
      "active" boolean NOT NULL DEFAULT true,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_operator_accounts" PRIMARY KEY ("id"),
      CONSTRAINT "CHK_operator_accounts_role" CHECK (role IN ('operator', 'admin')),
      CONSTRAINT "CHK_operator_accounts_county" CHECK (role = 'admin' OR county_id IS NOT NULL))`);
    await q.query(
      `CREATE UNIQUE INDEX "UQ_operator_accounts_email" ON "operator_accounts" (lower("email"))`,
    );

    await q.query(`CREATE TABLE "audit_log" (
      "id" bigserial NOT NULL,
      "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "actor_sub" character varying(128) NOT NULL,
      "actor_role" character varying(16) NOT NULL,
      "actor_name" character varying(254),
      "county_id" uuid,
      "action" character varying(64) NOT NULL,
      "entity_type" character varying(32) NOT NULL,
      "entity_id" character varying(64),
      "before" jsonb,
      "after" jsonb,
      CONSTRAINT "PK_audit_log" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_audit_log_county_at" ON "audit_log" ("county_id", "at" DESC)`);
    await q.query(
      `CREATE INDEX "IDX_audit_log_entity" ON "audit_log" ("entity_type", "entity_id")`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "audit_log"`);
    await q.query(`DROP TABLE "operator_accounts"`);
    await q.query(`DROP TABLE "refresh_tokens"`);
  }
}
