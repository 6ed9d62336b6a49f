import { AuthSessionService } from '@app/auth';
import { AppConfig, APP_CONFIG } from '@app/config';
import { Principal } from '@app/domain';
import { REDIS, REDIS_PREFIX } from '@app/messaging';
import { OperatorAccountEntity } from '@app/persistence';
import { Inject, Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { OfficeSession } from './oidc-sign-in.service';
import { ARGON2_OPTIONS, totpOf } from './operator-accounts';

const WINDOW_S = 15 * 60;

export type LocalSignInResult =
  | ({ kind: 'signed_in' } & OfficeSession)
  | { kind: 'invalid' }
  | { kind: 'too_many_attempts'; retryAfterS: number };

/**
 * Sign-in with a local office account: e-mail, password (argon2id) and a TOTP code. Attempts
 * are counted per account and per address in Redis before anything is checked (INCR is atomic,
 * so parallel guesses cannot slip past the limit); a success clears the account's count. A
 * TOTP code is accepted once: the accepted time step is stored with a conditional UPDATE.
 */
@Injectable()
export class LocalSignInService {
  /** Verified against when the account does not exist, so timing does not reveal accounts. */
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly sessions: AuthSessionService,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async signIn(
    email: string,
    password: string,
    totp: string,
    address: string,
  ): Promise<LocalSignInResult> {
    const normalized = email.trim().toLowerCase();
    const accountKey = this.key('account', normalized);
    const addressKey = this.key('address', address);
    const [[, perAccount], [, perAddress]] = (await this.redis
      .multi()
      .incr(accountKey)
      .expire(accountKey, WINDOW_S, 'NX')
      .incr(addressKey)
      .expire(addressKey, WINDOW_S, 'NX')
      .exec()
      .then((r) => [r![0], r![2]])) as [[null, number], [null, number]];
    if (
      perAccount > this.config.LOCAL_SIGNIN_MAX_FAILURES ||
      perAddress > this.config.LOCAL_SIGNIN_MAX_PER_ADDRESS
    ) {
      const ttl = await this.redis.ttl(
        perAccount > this.config.LOCAL_SIGNIN_MAX_FAILURES ? accountKey : addressKey,
      );
      return { kind: 'too_many_attempts', retryAfterS: Math.max(ttl, 1) };
    }

    const account = await this.ds
      .getRepository(OperatorAccountEntity)
      .createQueryBuilder('a')
      .addSelect(['a.passwordHash', 'a.totpSecret'])
      .where('lower(a.email) = :email AND a.active', { email: normalized })
      .getOne();
    const hash = account?.passwordHash ?? (await this.dummy());
    const passwordOk = await argon2.verify(hash, password).catch(() => false);
    if (!account || !passwordOk) return { kind: 'invalid' };
    const delta = totpOf(account.email, account.totpSecret).validate({ token: totp, window: 1 });
    if (delta === null) return { kind: 'invalid' };
    const step = Math.floor(Date.now() / 30_000) + delta;
    const [, used] = (await this.ds.query(
      `UPDATE operator_accounts SET last_totp_step = $2
        WHERE id = $1 AND (last_totp_step IS NULL OR last_totp_step < $2)`,
      [account.id, step],
    )) as [unknown, number];
    if (used !== 1) return { kind: 'invalid' }; // this code was used already
    await this.redis.del(accountKey);

    const principal: Principal = {
      sub: `local:${account.id}`,
      role: account.role,
      ...(account.countyId ? { countyId: account.countyId } : {}),
      name: account.email,
    };
    const session = await this.sessions.start(principal);
    return {
      kind: 'signed_in',
      ...session,
      role: account.role,
      countyId: account.countyId,
      name: account.email,
    };
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= argon2.hash('no account has this password', ARGON2_OPTIONS);
    return this.dummyHash;
  }

  private key(kind: string, id: string): string {
    return `${this.prefix}:local-signin:${kind}:${id}`;
  }
}
