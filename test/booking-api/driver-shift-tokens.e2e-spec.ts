import { SmsSenderPort } from '@app/application';
import { randomUUID } from 'node:crypto';
import { BookingApiHarness, startBookingApi } from '../support/booking-api-harness';

const GRACE_S = 300;

/** The claims of a JWT (its signature is the API's business; the test reads what it says). */
const claims = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as {
    sub: string;
    shift?: string;
    exp: number;
  };

/**
 * Issue 10: a driver's token is bound to the shift they are on. Sign-in by phone code is only
 * for the shift running now or beginning within the lead; the token names the shift and ends
 * with it; a refresh, and every driver request, checks that the shift is still the driver's.
 */
describe('booking API: a driver’s token is bound to the shift they are on', () => {
  let h: BookingApiHarness;
  const sent: Array<{ digits: string; code: string }> = [];
  let phoneNo = 0;

  beforeAll(async () => {
    h = await startBookingApi({
      DRIVER_SIGN_IN_LEAD_MIN: '30',
      DRIVER_TOKEN_GRACE_S: String(GRACE_S),
    });
    jest
      .spyOn(h.app.get(SmsSenderPort), 'send')
      .mockImplementation(
        async (to: string, text: string) =>
          void sent.push({ digits: to.slice(1), code: /\b(\d{6})\b/.exec(text)![1] }),
      );
  }, 120_000);
  afterAll(() => h?.close());

  /** A driver on file with a mobile number, and a vehicle of their own for the shifts. */
  async function driverWithVehicle() {
    const phone = `+4917055${String(9000 + ++phoneNo).padStart(5, '0')}`;
    const [d] = await h.ds.query(
      `INSERT INTO drivers (county_id, name, phone) VALUES ($1, 'Schichtfahrer', $2) RETURNING id`,
      [h.seed.countyId, phone],
    );
    const [v] = await h.ds.query(
      `INSERT INTO vehicles (county_id, call_sign, seats, wheelchair_places, home_depot_stop_id)
       VALUES ($1, $2, 8, 1, $3) RETURNING id`,
      [h.seed.countyId, `S-${randomUUID().slice(0, 8)}`, h.stop('eva-8003481')],
    );
    return { driverId: d.id as string, vehicleId: v.id as string, phone };
  }

  /** A shift of the driver from `fromMin` to `toMin` minutes from now. */
  async function shift(
    d: { driverId: string; vehicleId: string },
    fromMin: number,
    toMin: number,
  ): Promise<{ id: string; endsAt: Date }> {
    const [s] = await h.ds.query(
      `INSERT INTO shifts (vehicle_id, driver_id, starts_at, ends_at)
       VALUES ($1, $2, now() + $3::float8 * interval '1 minute', now() + $4::float8 * interval '1 minute')
       RETURNING id, ends_at`,
      [d.vehicleId, d.driverId, fromMin, toMin],
    );
    return { id: s.id, endsAt: new Date(s.ends_at) };
  }

  /** Signs the driver in by phone code and expects `status` (200: signed in). */
  async function signIn(phone: string, status: number) {
    await h.http.post('/v1/auth/otp').send({ phone, role: 'driver' }).expect(202);
    const code = [...sent].reverse().find((s) => s.digits === phone.slice(1))!.code;
    return h.http.post('/v1/auth/otp/verify').send({ phone, role: 'driver', code }).expect(status);
  }

  const myShift = (token: string) =>
    h.http.get('/v1/drivers/me/shift').set('Authorization', `Bearer ${token}`);
  const refresh = (refreshToken: string) => h.http.post('/v1/auth/refresh').send({ refreshToken });

  it('names the shift in the token and ends the token with the shift', async () => {
    const d = await driverWithVehicle();
    const s = await shift(d, -60, 5);
    const res = await signIn(d.phone, 200);
    const token = claims(res.body.token);
    expect(token.shift).toBe(s.id);
    // The shift ends in 5 minutes: the token lives at most until then plus the grace, not 15.
    expect(token.exp * 1000).toBeLessThanOrEqual(s.endsAt.getTime() + GRACE_S * 1000);
    expect(res.body.expiresInS).toBeLessThan(h.config.ACCESS_TOKEN_TTL_S);
    await myShift(res.body.token).expect(200);

    // A refresh keeps the shift and its end.
    const again = await refresh(res.body.refreshToken).expect(200);
    expect(claims(again.body.accessToken).shift).toBe(s.id);
    expect(claims(again.body.accessToken).exp * 1000).toBeLessThanOrEqual(
      s.endsAt.getTime() + GRACE_S * 1000,
    );
  });

  it('gives a driver without a shift now or soon a clear 403, and signs in shortly before one', async () => {
    const d = await driverWithVehicle();
    const none = await signIn(d.phone, 403);
    expect(none.body.code).toBe('no_current_shift');

    const later = await shift(d, 50, 240);
    const tooEarly = await signIn(d.phone, 403);
    expect(tooEarly.body.code).toBe('no_current_shift');

    await h.ds.query(`UPDATE shifts SET starts_at = now() + interval '20 minutes' WHERE id = $1`, [
      later.id,
    ]);
    const soon = await signIn(d.phone, 200);
    expect(claims(soon.body.token).shift).toBe(later.id);
    // The app shows the shift about to begin.
    const mine = await myShift(soon.body.token).expect(200);
    expect(mine.body.shiftId).toBe(later.id);
  });

  it('refuses a refresh once the shift has ended, with 401 shift_ended', async () => {
    const d = await driverWithVehicle();
    const s = await shift(d, -60, 120);
    const res = await signIn(d.phone, 200);
    // The office ends the shift early (its end moves to a moment ago).
    await h.ds.query(`UPDATE shifts SET ends_at = now() - interval '1 second' WHERE id = $1`, [
      s.id,
    ]);
    const refused = await refresh(res.body.refreshToken).expect(401);
    expect(refused.body.code).toBe('shift_ended');
    // The access token is refused as well, with the same reason.
    const denied = await myShift(res.body.token).expect(401);
    expect(denied.body.code).toBe('shift_ended');
  });

  it('refuses a refresh once the office removed the shift, with 401 shift_changed', async () => {
    const d = await driverWithVehicle();
    const s = await shift(d, -60, 120);
    const res = await signIn(d.phone, 200);
    const op = await h.operatorToken();
    await h.http
      .delete(`/v1/admin/shifts/${s.id}`)
      .set('Authorization', `Bearer ${op}`)
      .expect(204);
    const refused = await refresh(res.body.refreshToken).expect(401);
    expect(refused.body.code).toBe('shift_changed');
  });

  it('refuses a refresh once the office shortened the shift to end before now', async () => {
    const d = await driverWithVehicle();
    const s = await shift(d, -60, 120);
    const res = await signIn(d.phone, 200);
    const op = await h.operatorToken();
    await h.http
      .patch(`/v1/admin/shifts/${s.id}`)
      .set('Authorization', `Bearer ${op}`)
      .send({ endsAt: new Date(Date.now() + 60_000).toISOString() })
      .expect(200);
    // Still running: the refreshed token now ends with the shortened shift.
    const shortened = await refresh(res.body.refreshToken).expect(200);
    const [row] = await h.ds.query(`SELECT ends_at FROM shifts WHERE id = $1`, [s.id]);
    expect(claims(shortened.body.accessToken).exp * 1000).toBeLessThanOrEqual(
      new Date(row.ends_at).getTime() + GRACE_S * 1000,
    );
    await h.ds.query(`UPDATE shifts SET ends_at = now() - interval '1 second' WHERE id = $1`, [
      s.id,
    ]);
    const refused = await refresh(shortened.body.refreshToken).expect(401);
    expect(refused.body.code).toBe('shift_ended');
  });

  it('refuses a driver request whose token’s shift is no longer the driver’s', async () => {
    // The shift is taken away and the driver gets another one: the old token is not for it.
    const d = await driverWithVehicle();
    const first = await shift(d, -60, 120);
    const res = await signIn(d.phone, 200);
    await h.ds.query(`DELETE FROM shifts WHERE id = $1`, [first.id]);
    await shift(d, -30, 180);
    const denied = await myShift(res.body.token).expect(401);
    expect(denied.body.code).toBe('shift_changed');
    const route = await h.http
      .get('/v1/drivers/me/route')
      .query({ fromLat: 49.525, fromLon: 7.36, toStopId: h.stop('ags-07336002') })
      .set('Authorization', `Bearer ${res.body.token}`)
      .expect(401);
    expect(route.body.code).toBe('shift_changed');

    // The shift given to another driver: the token of the first is refused too.
    const e = await driverWithVehicle();
    const theirs = await shift(e, -60, 120);
    const eToken = (await signIn(e.phone, 200)).body.token;
    const [other] = await h.ds.query(
      `INSERT INTO drivers (county_id, name) VALUES ($1, 'Vertretung') RETURNING id`,
      [h.seed.countyId],
    );
    await h.ds.query(`UPDATE shifts SET driver_id = $2 WHERE id = $1`, [theirs.id, other.id]);
    expect((await myShift(eToken).expect(401)).body.code).toBe('shift_changed');
  });
});
