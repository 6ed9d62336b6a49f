import { SmsSenderPort } from '@app/application';
import { BookingApiHarness, startBookingApi } from '../support/booking-api-harness';

/** Sign-in by phone with a one-time code, for riders and drivers. */
describe('sign-in by phone code', () => {
  let h: BookingApiHarness;
  const sent: Array<{ digits: string; code: string }> = [];

  beforeAll(async () => {
    h = await startBookingApi({ OTP_MAX_PER_10_MIN: '3', OTP_MAX_ATTEMPTS: '3' });
    jest
      .spyOn(h.app.get(SmsSenderPort), 'send')
      .mockImplementation(
        async (to: string, text: string) =>
          void sent.push({ digits: to.slice(1), code: /\b(\d{6})\b/.exec(text)![1] }),
      );
  });
  afterAll(() => h?.close());

  const lastCodeFor = (digits: string) =>
    [...sent].reverse().find((s) => s.digits === digits)!.code;

  it('registers a rider on first sign-in and finds the same rider the next time', async () => {
    await h.http.post('/v1/auth/otp').send({ phone: '0151 2345 0101' }).expect(202);
    const first = await h.http
      .post('/v1/auth/otp/verify')
      .send({ phone: '0151 2345 0101', code: lastCodeFor('4915123450101') })
      .expect(200);
    expect(first.body.role).toBe('rider');

    // The booking API accepts the token: the rider sees their (empty) list of rides.
    const list = await h.http
      .get('/v1/bookings')
      .set('Authorization', `Bearer ${first.body.token}`)
      .expect(200);
    expect(list.body.total).toBe(0);

    // Same number written differently: the same rider.
    await h.http.post('/v1/auth/otp').send({ phone: '+49 1512 3450101' }).expect(202);
    const again = await h.http
      .post('/v1/auth/otp/verify')
      .send({ phone: '+49 1512 3450101', code: lastCodeFor('4915123450101') })
      .expect(200);
    expect(again.body.subject).toBe(first.body.subject);
  });

  it('refuses a wrong code, a used code, and a code after too many wrong tries', async () => {
    const phone = '0151 2345 0102';
    await h.http.post('/v1/auth/otp').send({ phone }).expect(202);
    const code = lastCodeFor('4915123450102');
    const wrong = code === '000000' ? '111111' : '000000';
    const bad = await h.http.post('/v1/auth/otp/verify').send({ phone, code: wrong }).expect(401);
    expect(bad.body.code).toBe('invalid_code');
    await h.http.post('/v1/auth/otp/verify').send({ phone, code }).expect(200);
    const reused = await h.http.post('/v1/auth/otp/verify').send({ phone, code }).expect(401);
    expect(reused.body.code).toBe('code_expired');

    await h.http.post('/v1/auth/otp').send({ phone }).expect(202);
    const fresh = lastCodeFor('4915123450102');
    for (let i = 0; i < 3; i++)
      await h.http.post('/v1/auth/otp/verify').send({ phone, code: wrong }).expect(401);
    const locked = await h.http
      .post('/v1/auth/otp/verify')
      .send({ phone, code: fresh })
      .expect(401);
    expect(locked.body.code).toBe('too_many_attempts');
  });

  it('limits how many codes one number can ask for', async () => {
    const phone = '0151 2345 0103';
    for (let i = 0; i < 3; i++) await h.http.post('/v1/auth/otp').send({ phone }).expect(202);
    const res = await h.http.post('/v1/auth/otp').send({ phone }).expect(429);
    expect(res.body.code).toBe('rate_limited');
  });

  it('keeps the code out of Redis in clear text, with a short lifetime', async () => {
    const phone = '0151 2345 0104';
    await h.http.post('/v1/auth/otp').send({ phone }).expect(202);
    const code = lastCodeFor('4915123450104');
    const keys = await h.redis.keys('*otp:rider:*4915123450104');
    expect(keys).toHaveLength(1);
    expect(JSON.stringify(await h.redis.hgetall(keys[0]))).not.toContain(code);
    const ttl = await h.redis.ttl(keys[0]);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);
  });

  it('signs in a driver on file by phone, and nobody else as a driver', async () => {
    const [d] = await h.ds.query(
      `INSERT INTO drivers (county_id, name, phone) VALUES ($1, 'Petra Fahrer', '0160 555 0200') RETURNING id`,
      [h.seed.countyId],
    );
    // Drivers sign in for a shift (driver-shift-tokens.e2e-spec.ts): give Petra one now.
    const [v] = await h.ds.query(
      `INSERT INTO vehicles (county_id, call_sign, seats, wheelchair_places, home_depot_stop_id)
       VALUES ($1, 'KUS-P 200', 8, 0, $2) RETURNING id`,
      [h.seed.countyId, h.stop('eva-8003481')],
    );
    await h.ds.query(
      `INSERT INTO shifts (vehicle_id, driver_id, starts_at, ends_at)
       VALUES ($1, $2, now() - interval '1 hour', now() + interval '6 hours')`,
      [v.id, d.id],
    );
    await h.http.post('/v1/auth/otp').send({ phone: '+491605550200', role: 'driver' }).expect(202);
    const ok = await h.http
      .post('/v1/auth/otp/verify')
      .send({ phone: '+491605550200', role: 'driver', code: lastCodeFor('491605550200') })
      .expect(200);
    expect(ok.body).toMatchObject({ role: 'driver', subject: d.id, name: 'Petra Fahrer' });

    // An unknown number gets the same answer but no SMS, so it cannot sign in as a driver.
    const before = sent.length;
    await h.http.post('/v1/auth/otp').send({ phone: '0160 555 0299', role: 'driver' }).expect(202);
    expect(sent.length).toBe(before);
    await h.http
      .post('/v1/auth/otp/verify')
      .send({ phone: '0160 555 0299', role: 'driver', code: '123456' })
      .expect(401);
  });

  it('refuses a landline with 422 not_mobile and sends nothing', async () => {
    const before = sent.length;
    const res = await h.http.post('/v1/auth/otp').send({ phone: '06381 555 0100' }).expect(422);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ field: 'phone', code: 'not_mobile' }),
    ]);
    expect(sent.length).toBe(before);
    const notANumber = await h.http.post('/v1/auth/otp').send({ phone: '0151 12' }).expect(422);
    expect(notANumber.body.errors[0]).toMatchObject({ field: 'phone', code: 'invalid_phone' });
  });

  it("stores a new rider's number in E.164", async () => {
    await h.http.post('/v1/auth/otp').send({ phone: '0049 (151) 2345-0105' }).expect(202);
    const ok = await h.http
      .post('/v1/auth/otp/verify')
      .send({ phone: '0151 2345 0105', code: lastCodeFor('4915123450105') })
      .expect(200);
    const [rider] = await h.ds.query(`SELECT phone FROM riders WHERE id = $1`, [ok.body.subject]);
    expect(rider.phone).toBe('+4915123450105');
  });

  it('gives a rider with a landline the office number to book by phone, set per service area', async () => {
    const before = await h.http.get('/v1/web/booking-options').expect(200);
    expect(before.body.bookingPhone).toBeNull();
    const op = await h.operatorToken();
    const bad = await h.http
      .patch(`/v1/admin/service-areas/${h.seed.serviceAreaId}`)
      .set('Authorization', `Bearer ${op}`)
      .send({ bookingPhone: '12' })
      .expect(422);
    expect(bad.body.errors[0]).toMatchObject({ field: 'bookingPhone', code: 'invalid_phone' });
    await h.http
      .patch(`/v1/admin/service-areas/${h.seed.serviceAreaId}`)
      .set('Authorization', `Bearer ${op}`)
      .send({ bookingPhone: '06381 424-123' })
      .expect(200);
    const options = await h.http.get('/v1/web/booking-options').expect(200);
    expect(options.body.bookingPhone).toEqual({ e164: '+496381424123', display: '06381 424123' });
  });
});
