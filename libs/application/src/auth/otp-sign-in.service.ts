import { AppConfig, APP_CONFIG } from '@app/config';
import { NotFoundError, Role } from '@app/domain';
import { REDIS, REDIS_PREFIX } from '@app/messaging';
import { DriverEntity, RiderEntity } from '@app/persistence';
import { AuthSessionService, DriverShiftBinding } from '@app/auth';
import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CountiesService } from '../counties/counties.service';
import { activeDriverWithPhone } from '../fleet/fleet.service';
import { parseMobilePhone, sqlPhoneDigits } from '../phone/phone-number';
import { SmsSenderPort } from './sms-sender.port';

export type SignInRole = Extract<Role, 'rider' | 'driver'>;

export type OtpRequestResult =
  { kind: 'sent'; expiresInS: number } | { kind: 'rate_limited'; per: 'phone' | 'address' };

export type OtpVerifyResult =
  | {
      kind: 'signed_in';
      /** The access token (short-lived); refresh with `refreshToken`. */
      token: string;
      refreshToken: string;
      expiresInS: number;
      role: SignInRole;
      subject: string;
      name: string;
    }
  | { kind: 'invalid_code'; attemptsLeft: number }
  | { kind: 'expired' }
  | { kind: 'too_many_attempts' }
  /** A driver with no shift running now or beginning soon: no session is started. */
  | { kind: 'no_current_shift' };

const RATE_WINDOW_S = 600;
/** Fixed-window counter: INCR and its expiry in one step, so a crash never leaves it immortal. */
const COUNT_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n`;

/**
 * One verify attempt, counted before the code is compared (so parallel guesses can never be
 * checked more often than allowed): returns {tries so far including this one, stored hash},
 * or {0, ''} when there is no code. HINCRBY keeps the key's TTL: a guess never extends a code.
 */
const ATTEMPT_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {0, ''} end
local tries = redis.call('HINCRBY', KEYS[1], 't', 1)
return {tries, redis.call('HGET', KEYS[1], 'h')}`;

/**
 * Sign-in by phone with a one-time code: a 6-digit code is sent by SMS (see SmsSenderPort) and
 * kept in Redis only as an HMAC, with a short lifetime and a few tries. Numbers are parsed with
 * libphonenumber-js (German default region); only a mobile number can receive a code. A
 * verified rider is found by phone in the county, or registered on first sign-in (E.164); a
 * driver must already be on file with that phone, and is signed in for the shift running now or
 * beginning soon (DriverShiftBinding): the session ends with that shift. Requests are limited per number and per
 * client address; for drivers without a record nothing is sent, but the answer is the same, so
 * nobody learns which numbers belong to drivers.
 */
@Injectable()
export class OtpSignInService {
  constructor(
    private readonly ds: DataSource,
    private readonly counties: CountiesService,
    private readonly sessions: AuthSessionService,
    private readonly driverShifts: DriverShiftBinding,
    private readonly sms: SmsSenderPort,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REDIS_PREFIX) private readonly prefix: string,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * @param clientAddress the caller's IP address, for the per-address limit
   * @throws RuleViolationError `invalid_phone` or `not_mobile` on `phone`
   */
  async request(
    role: SignInRole,
    phone: string,
    countyCode: string | undefined,
    clientAddress: string,
  ): Promise<OtpRequestResult> {
    const { digits, e164 } = parseMobilePhone(phone);
    const county = await this.homeCounty(role, digits, countyCode);
    const perAddress = await this.count(`${this.prefix}:otp:addr:${clientAddress}`);
    if (perAddress > this.config.OTP_MAX_PER_ADDRESS_PER_10_MIN)
      return { kind: 'rate_limited', per: 'address' };
    const perPhone = await this.count(this.key('rate', county.id, digits));
    if (perPhone > this.config.OTP_MAX_PER_10_MIN) return { kind: 'rate_limited', per: 'phone' };

    const ttl = this.config.OTP_TTL_S;
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const codeKey = this.key(role, county.id, digits);
    await this.redis
      .multi()
      .del(codeKey)
      .hset(codeKey, 'h', this.hash(digits, code), 't', 0)
      .expire(codeKey, ttl)
      .exec();
    if (role === 'driver' && !(await this.findDriver(county.id, digits))) {
      return { kind: 'sent', expiresInS: ttl };
    }
    await this.sms.send(
      e164,
      `Ihr Anmeldecode für den Rufbus Kusel: ${code} (gültig ${Math.round(ttl / 60)} Minuten)`,
    );
    return { kind: 'sent', expiresInS: ttl };
  }

  /** @throws RuleViolationError `invalid_phone` or `not_mobile` on `phone` */
  async verify(
    role: SignInRole,
    phone: string,
    code: string,
    countyCode: string | undefined,
  ): Promise<OtpVerifyResult> {
    const { digits, e164 } = parseMobilePhone(phone);
    const county = await this.homeCounty(role, digits, countyCode);
    const codeKey = this.key(role, county.id, digits);
    const [tries, hash] = (await this.redis.eval(ATTEMPT_SCRIPT, 1, codeKey)) as [number, string];
    if (tries === 0) return { kind: 'expired' };
    const max = this.config.OTP_MAX_ATTEMPTS;
    if (tries > max) return { kind: 'too_many_attempts' };
    const ok = timingSafeEqual(
      Buffer.from(hash, 'hex'),
      Buffer.from(this.hash(digits, code.replace(/\s/g, '')), 'hex'),
    );
    if (!ok) return { kind: 'invalid_code', attemptsLeft: max - tries };
    // Whoever deletes the code owns it: the same right code sent twice signs in once.
    if ((await this.redis.del(codeKey)) !== 1) return { kind: 'expired' };

    let subject: string;
    let name: string;
    let shiftId: string | undefined;
    if (role === 'driver') {
      const driver = await this.findDriver(county.id, digits);
      if (!driver) return { kind: 'expired' };
      ({ id: subject, name } = driver);
      const shift = await this.driverShifts.forSignIn(driver.id);
      if (!shift || shift.countyId !== county.id) return { kind: 'no_current_shift' };
      shiftId = shift.shiftId;
    } else {
      const rider =
        (await this.findRider(county.id, digits)) ??
        (await this.ds.getRepository(RiderEntity).save({
          countyId: county.id,
          name: 'Fahrgast',
          phone: e164,
          needs: [],
          notes: null,
        }));
      ({ id: subject, name } = rider);
    }
    const session = await this.sessions.start({
      sub: subject,
      role,
      countyId: county.id,
      ...(shiftId ? { shiftId } : {}),
    });
    return {
      kind: 'signed_in',
      token: session.accessToken,
      refreshToken: session.refreshToken,
      expiresInS: session.expiresInS,
      role,
      subject,
      name,
    };
  }

  /**
   * The county a sign-in belongs to: the one named, else the county of the driver or rider on
   * file with this number, else (a new rider) the county the installation was set up for: not
   * the first by key, or adding a county with a lower key (07335 beside 07336) would hand every
   * new rider of the app, name and phone number, to the new county's office. Riders book in
   * every county; their home county only decides which office lists them.
   */
  private async homeCounty(
    role: SignInRole,
    digits: string,
    countyCode: string | undefined,
  ): Promise<{ id: string }> {
    if (countyCode !== undefined) return this.counties.byCode(countyCode);
    const onFile =
      role === 'driver' ? await this.findDriver(null, digits) : await this.findRider(null, digits);
    if (onFile) return { id: onFile.countyId };
    const first = await this.counties.firstSetUp();
    if (!first) throw new NotFoundError('county', '(none set up)');
    return first;
  }

  private async count(key: string): Promise<number> {
    return (await this.redis.eval(COUNT_SCRIPT, 1, key, RATE_WINDOW_S)) as number;
  }

  /** The rider with this number in the county (any county when null), the oldest first. */
  private findRider(countyId: string | null, digits: string): Promise<RiderEntity | null> {
    return this.ds
      .getRepository(RiderEntity)
      .createQueryBuilder('r')
      .where(countyId ? 'r.county_id = :countyId' : 'true', { countyId })
      .andWhere(`${sqlPhoneDigits('r.phone')} = :digits`, { digits })
      .orderBy('r.created_at', 'ASC')
      .getOne();
  }

  private findDriver(countyId: string | null, digits: string): Promise<DriverEntity | null> {
    return activeDriverWithPhone(this.ds.manager, countyId, digits);
  }

  private key(kind: string, countyId: string, digits: string): string {
    return `${this.prefix}:otp:${kind}:${countyId}:${digits}`;
  }

  /** HMAC keyed by the token secret: a Redis dump alone does not reveal codes by brute force. */
  private hash(digits: string, code: string): string {
    return createHmac('sha256', this.config.JWT_SECRET).update(`${digits}:${code}`).digest('hex');
  }
}
