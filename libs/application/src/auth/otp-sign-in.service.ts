import { AppConfig, APP_CONFIG } from '@app/config';
import { Role } from '@app/domain';
import { REDIS, REDIS_PREFIX } from '@app/messaging';
import { DriverEntity, RiderEntity } from '@app/persistence';
import { TokenService } from '@app/auth';
import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CountiesService } from '../counties/counties.service';
import { normalizePhoneDigits } from '../riders/riders.service';
import { SmsSenderPort } from './sms-sender.port';

export type SignInRole = Extract<Role, 'rider' | 'driver'>;

export type OtpRequestResult = { kind: 'sent'; expiresInS: number } | { kind: 'rate_limited' };

export type OtpVerifyResult =
  | { kind: 'signed_in'; token: string; role: SignInRole; subject: string; name: string }
  | { kind: 'invalid_code'; attemptsLeft: number }
  | { kind: 'expired' }
  | { kind: 'too_many_attempts' };

const RATE_WINDOW_S = 600;
const SQL_DIGITS = (col: string) => `(CASE
  WHEN regexp_replace(coalesce(${col}, ''), '\\D', '', 'g') LIKE '00%' THEN substr(regexp_replace(${col}, '\\D', '', 'g'), 3)
  WHEN regexp_replace(coalesce(${col}, ''), '\\D', '', 'g') LIKE '0%' THEN '49' || substr(regexp_replace(${col}, '\\D', '', 'g'), 2)
  ELSE regexp_replace(coalesce(${col}, ''), '\\D', '', 'g') END)`;

/**
 * Sign-in by phone with a one-time code: a 6-digit code is sent by SMS (see SmsSenderPort) and
 * kept in Redis only as an HMAC, with a short lifetime and a few tries. A verified rider is
 * found by phone in the county, or registered on first sign-in; a driver must already be on
 * file with that phone. Requests per number are limited; for drivers without a record nothing
 * is sent, but the answer is the same, so nobody learns which numbers belong to drivers.
 */
@Injectable()
export class OtpSignInService {
  constructor(
    private readonly ds: DataSource,
    private readonly counties: CountiesService,
    private readonly tokens: TokenService,
    private readonly sms: SmsSenderPort,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async request(role: SignInRole, phone: string, countyCode: string): Promise<OtpRequestResult> {
    const digits = normalizePhoneDigits(phone);
    const county = await this.counties.byCode(countyCode);
    const rateKey = this.key('rate', county.id, digits);
    const count = await this.redis.incr(rateKey);
    if (count === 1) await this.redis.expire(rateKey, RATE_WINDOW_S);
    if (count > this.config.OTP_MAX_PER_10_MIN) return { kind: 'rate_limited' };

    const ttl = this.config.OTP_TTL_S;
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const codeKey = this.key(role, county.id, digits);
    await this.redis.set(
      codeKey,
      JSON.stringify({ hash: this.hash(digits, code), tries: 0 }),
      'EX',
      ttl,
    );
    if (role === 'driver' && !(await this.findDriver(county.id, digits))) {
      return { kind: 'sent', expiresInS: ttl };
    }
    await this.sms.send(
      digits,
      `Ihr Anmeldecode für den Rufbus Kusel: ${code} (gültig ${Math.round(ttl / 60)} Minuten)`,
      code,
    );
    return { kind: 'sent', expiresInS: ttl };
  }

  async verify(
    role: SignInRole,
    phone: string,
    code: string,
    countyCode: string,
  ): Promise<OtpVerifyResult> {
    const digits = normalizePhoneDigits(phone);
    const county = await this.counties.byCode(countyCode);
    const codeKey = this.key(role, county.id, digits);
    const raw = await this.redis.get(codeKey);
    if (!raw) return { kind: 'expired' };
    const stored = JSON.parse(raw) as { hash: string; tries: number };
    if (stored.tries >= this.config.OTP_MAX_ATTEMPTS) return { kind: 'too_many_attempts' };
    const ok = timingSafeEqual(
      Buffer.from(stored.hash, 'hex'),
      Buffer.from(this.hash(digits, code.replace(/\s/g, '')), 'hex'),
    );
    if (!ok) {
      const tries = stored.tries + 1;
      // KEEPTTL: a wrong guess must not extend the code's life.
      await this.redis.set(codeKey, JSON.stringify({ ...stored, tries }), 'KEEPTTL');
      const attemptsLeft = this.config.OTP_MAX_ATTEMPTS - tries;
      return attemptsLeft > 0
        ? { kind: 'invalid_code', attemptsLeft }
        : { kind: 'too_many_attempts' };
    }
    await this.redis.del(codeKey);

    let subject: string;
    let name: string;
    if (role === 'driver') {
      const driver = await this.findDriver(county.id, digits);
      if (!driver) return { kind: 'expired' };
      ({ id: subject, name } = driver);
    } else {
      const rider =
        (await this.findRider(county.id, digits)) ??
        (await this.ds.getRepository(RiderEntity).save({
          countyId: county.id,
          name: 'Fahrgast',
          phone: `+${digits}`,
          needs: [],
          notes: null,
        }));
      ({ id: subject, name } = rider);
    }
    const token = this.tokens.sign({ sub: subject, role, countyId: county.id });
    return { kind: 'signed_in', token, role, subject, name };
  }

  private findRider(countyId: string, digits: string): Promise<RiderEntity | null> {
    return this.ds
      .getRepository(RiderEntity)
      .createQueryBuilder('r')
      .where('r.county_id = :countyId', { countyId })
      .andWhere(`${SQL_DIGITS('r.phone')} = :digits`, { digits })
      .orderBy('r.created_at', 'ASC')
      .getOne();
  }

  private findDriver(countyId: string, digits: string): Promise<DriverEntity | null> {
    return this.ds
      .getRepository(DriverEntity)
      .createQueryBuilder('d')
      .where('d.county_id = :countyId AND d.active', { countyId })
      .andWhere(`${SQL_DIGITS('d.phone')} = :digits`, { digits })
      .getOne();
  }

  private key(kind: string, countyId: string, digits: string): string {
    return `${this.prefix}:otp:${kind}:${countyId}:${digits}`;
  }

  /** HMAC keyed by the token secret: a Redis dump alone does not reveal codes by brute force. */
  private hash(digits: string, code: string): string {
    return createHmac('sha256', this.config.JWT_SECRET).update(`${digits}:${code}`).digest('hex');
  }
}
