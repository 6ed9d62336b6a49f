import { ConflictError, NotFoundError } from '@app/domain';
import { CountyEntity, OfficeRole, OperatorAccountEntity } from '@app/persistence';
import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import { DataSource } from 'typeorm';

/** argon2id with the OWASP password storage cheat sheet's parameters (19 MiB, t=2, p=1). */
export const ARGON2_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

const TOTP_ISSUER = 'Rufbus Kusel';

export interface NewOperatorAccount {
  email: string;
  role: OfficeRole;
  /** County key (AGS); required for operators, optional for admins. */
  countyCode?: string;
  name?: string;
  /** Left out: a random one is made and returned once. */
  password?: string;
}

export interface CreatedOperatorAccount {
  account: OperatorAccountEntity;
  /** The initial password, shown once. */
  password: string;
  /** For the authenticator app (as a QR code or typed in): `otpauth://totp/...`. */
  otpauthUri: string;
}

/** The TOTP (RFC 6238: SHA-1, 6 digits, 30 s) of an account. */
export function totpOf(email: string, secretBase32: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: TOTP_ISSUER,
    label: email,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: OTPAuth.Secret.fromBase32(secretBase32),
  });
}

/**
 * Creates a local office account: password hashed with argon2id, a new TOTP secret whose
 * otpauth URI is returned for enrolment. Used by `npm run operator:create` and the admin API.
 * @throws ConflictError when the e-mail address already has an account
 */
export async function createOperatorAccount(
  ds: DataSource,
  input: NewOperatorAccount,
): Promise<CreatedOperatorAccount> {
  const email = input.email.trim().toLowerCase();
  let countyId: string | null = null;
  if (input.countyCode) {
    const county = await ds.getRepository(CountyEntity).findOneBy({ code: input.countyCode });
    if (!county) throw new NotFoundError('county', input.countyCode);
    countyId = county.id;
  }
  if (input.role === 'operator' && !countyId) {
    throw new ConflictError('an operator belongs to exactly one county', 'county_required');
  }
  const password = input.password ?? randomBytes(15).toString('base64url');
  const secret = new OTPAuth.Secret({ size: 20 });
  const repo = ds.getRepository(OperatorAccountEntity);
  const exists = await repo
    .createQueryBuilder('a')
    .where('lower(a.email) = :email', { email })
    .getExists();
  if (exists) throw new ConflictError(`${email} already has an account`, 'account_exists');
  const saved = await repo
    .save(
      repo.create({
        email,
        name: input.name ?? null,
        role: input.role,
        countyId,
        passwordHash: await argon2.hash(password, ARGON2_OPTIONS),
        totpSecret: secret.base32,
        lastTotpStep: null,
        active: true,
      }),
    )
    .catch((e: { code?: string }) => {
      // Another request created the same address meanwhile (unique index on lower(email)).
      if (e.code === '23505')
        throw new ConflictError(`${email} already has an account`, 'account_exists');
      throw e;
    });
  const account = (await repo.findOneBy({ id: saved.id }))!;
  return { account, password, otpauthUri: totpOf(email, secret.base32).toString() };
}
