import { SmsSenderPort } from '@app/application';
import { randomUUID } from 'node:crypto';
import { BookingApiHarness, startBookingApi } from '../support/booking-api-harness';
import { OwnRedis, startOwnRedis } from '../support/own-redis';

/** A token anyone can make: right shape, made-up signature. */
function forgedToken(sub: string): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub, role: 'rider' })}.${'x'.repeat(43)}`;
}

/**
 * Access rules of issue 10 around sign-in and the write limit, as an attacker would try them:
 * forged bearer tokens and parallel guessing of a sign-in code.
 */
describe('write limit', () => {
  let h: BookingApiHarness;
  const WRITES = 5;

  beforeAll(async () => {
    h = await startBookingApi({
      RATE_LIMIT_WRITES_PER_MIN: String(WRITES),
      OTP_MAX_PER_10_MIN: '100',
      OTP_MAX_PER_ADDRESS_PER_10_MIN: '1000',
      OTP_MAX_ATTEMPTS: '5',
    });
    jest.spyOn(h.app.get(SmsSenderPort), 'send').mockResolvedValue(undefined);
  });
  afterAll(() => h?.close());
  beforeEach(() => h.redis.flushdb());

  it('counts a made-up bearer token against the caller address, not a subject of its choosing', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < WRITES + 3; i++) {
      const res = await h.http
        .post('/v1/auth/otp')
        .set('Authorization', `Bearer ${forgedToken(randomUUID())}`)
        .send({ phone: `0151 2345 67${String(i).padStart(2, '0')}` });
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 202)).toHaveLength(WRITES);
    expect(statuses.slice(WRITES)).toEqual([429, 429, 429]);
  });

  it('does not let forged requests naming a rider lock that rider out of booking', async () => {
    const { token, riderId } = await h.riderToken('Hildegard');
    for (let i = 0; i < WRITES + 5; i++) {
      await h.http
        .post('/v1/bookings')
        .set('Authorization', `Bearer ${forgedToken(riderId)}`)
        .send({});
    }
    // The rider's own (verified) write is not throttled: it reaches validation (400).
    const res = await h.http.post('/v1/bookings').set('Authorization', `Bearer ${token}`).send({});
    expect(res.status).toBe(400);
  });
});

describe('the client address behind X-Forwarded-For', () => {
  let h: BookingApiHarness;
  const PER_ADDRESS = 3;

  afterEach(() => h?.close());

  it('is believed only from the configured proxies: a client cannot lift the sign-in code limit by naming made-up addresses', async () => {
    // Once hard-coded: one proxy hop trusted whoever sent the request, so a client reaching the
    // API directly sent each code request "from" another address (SMS to any number of phones).
    h = await startBookingApi({
      TRUST_PROXY: '192.0.2.1',
      OTP_MAX_PER_10_MIN: '100',
      OTP_MAX_PER_ADDRESS_PER_10_MIN: String(PER_ADDRESS),
    });
    jest.spyOn(h.app.get(SmsSenderPort), 'send').mockResolvedValue(undefined);
    const statuses: number[] = [];
    for (let i = 0; i < PER_ADDRESS + 2; i++) {
      const res = await h.http
        .post('/v1/auth/otp')
        .set('X-Forwarded-For', `203.0.113.${i + 1}`)
        .send({ phone: `0151 2345 68${String(i).padStart(2, '0')}` });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([202, 202, 202, 429, 429]);
  });

  it('by default is believed from a proxy on this host or a private network, not from the internet', async () => {
    h = await startBookingApi();
    const trusts = h.app.getHttpAdapter().getInstance().get('trust proxy fn') as (
      address: string,
      hop: number,
    ) => boolean;
    expect(trusts('203.0.113.7', 0)).toBe(false);
    expect(trusts('2001:db8::7', 0)).toBe(false);
    expect(trusts('127.0.0.1', 0)).toBe(true);
    expect(trusts('10.42.0.17', 0)).toBe(true);
    expect(trusts('172.17.0.1', 0)).toBe(true);
  });
});

describe('verifying a sign-in code', () => {
  let h: BookingApiHarness;
  const sent: Array<{ to: string; text: string }> = [];

  beforeAll(async () => {
    h = await startBookingApi({ OTP_MAX_PER_10_MIN: '100', OTP_MAX_ATTEMPTS: '5' });
    jest
      .spyOn(h.app.get(SmsSenderPort), 'send')
      .mockImplementation(async (to: string, text: string) => void sent.push({ to, text }));
  });
  afterAll(() => h?.close());

  it('checks exactly 5 of 60 parallel wrong guesses, then answers too_many_attempts', async () => {
    const phone = '0151 2345 6799';
    await h.http.post('/v1/auth/otp').send({ phone }).expect(202);
    const code = /\b(\d{6})\b/.exec(sent.at(-1)!.text)![1];
    const wrong = code === '000000' ? '111111' : '000000';
    const answers = await Promise.all(
      Array.from({ length: 60 }, () =>
        h.http.post('/v1/auth/otp/verify').send({ phone, code: wrong }),
      ),
    );
    const checked = answers.filter((r) => r.body.code === 'invalid_code');
    expect(checked).toHaveLength(5);
    const left = checked.map((r) => Number(/(\d+) tries left/.exec(r.body.message)?.[1]));
    expect(left.sort()).toEqual([0, 1, 2, 3, 4]);
    expect(answers.filter((r) => r.body.code === 'too_many_attempts')).toHaveLength(55);
    // The right code is no longer checked either.
    const late = await h.http.post('/v1/auth/otp/verify').send({ phone, code }).expect(401);
    expect(late.body.code).toBe('too_many_attempts');
  });

  it('lets one right code sign in once, even when sent twice at the same time', async () => {
    const phone = '0151 2345 6798';
    await h.http.post('/v1/auth/otp').send({ phone }).expect(202);
    const code = /\b(\d{6})\b/.exec(sent.at(-1)!.text)![1];
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => h.http.post('/v1/auth/otp/verify').send({ phone, code })),
    );
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
  });
});

describe('sign-in codes per address', () => {
  let h: BookingApiHarness;

  beforeAll(async () => {
    h = await startBookingApi({ OTP_MAX_PER_10_MIN: '100', OTP_MAX_PER_ADDRESS_PER_10_MIN: '4' });
    jest.spyOn(h.app.get(SmsSenderPort), 'send').mockResolvedValue(undefined);
  });
  afterAll(() => h?.close());

  it('limits how many codes one address can ask for, whatever the numbers', async () => {
    for (let i = 0; i < 4; i++)
      await h.http
        .post('/v1/auth/otp')
        .send({ phone: `0151 2345 66${i}0` })
        .expect(202);
    const res = await h.http.post('/v1/auth/otp').send({ phone: '0151 2345 6650' }).expect(429);
    expect(res.body.code).toBe('rate_limited');
  });
});

describe('write limit while Redis is down', () => {
  let h: BookingApiHarness;
  let redis: OwnRedis;

  beforeAll(async () => {
    redis = await startOwnRedis();
    h = await startBookingApi({ REDIS_URL: redis.url });
    jest.spyOn(h.app.get(SmsSenderPort), 'send').mockResolvedValue(undefined);
  });
  afterAll(async () => {
    await h?.close();
    await redis?.stop();
  });

  it('lets a signed-in rider write and refuses anonymous sign-in requests with 503 and Retry-After', async () => {
    const { token } = await h.riderToken('Hildegard');
    await redis.stop();

    const anonymous = await h.http.post('/v1/auth/otp').send({ phone: '0151 2345 6601' });
    expect(anonymous.status).toBe(503);
    expect(Number(anonymous.headers['retry-after'])).toBeGreaterThan(0);

    const forged = await h.http
      .post('/v1/auth/otp')
      .set('Authorization', `Bearer ${forgedToken(randomUUID())}`)
      .send({ phone: '0151 2345 6601' });
    expect(forged.status).toBe(503);

    // Past the limiter: the rider's write reaches validation (400), it is not refused by it.
    const rider = await h.http
      .post('/v1/bookings')
      .set('Authorization', `Bearer ${token}`)
      .send({});
    expect(rider.status).toBe(400);
  }, 30_000);
});
