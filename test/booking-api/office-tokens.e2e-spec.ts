import { AuthSessionService, TokenService } from '@app/auth';
import { SmsSenderPort } from '@app/application';
import { BookingApiHarness, startBookingApi } from '../support/booking-api-harness';

/** Short-lived access tokens, rotating refresh tokens, sign-out, and county scoping. */
describe('office tokens and sessions', () => {
  let h: BookingApiHarness;

  beforeAll(async () => {
    h = await startBookingApi();
  });
  afterAll(() => h?.close());

  it('refuses an operator token without a county claim everywhere', async () => {
    // Signed with the real key: only the missing county is wrong. Old code listed every
    // county's bookings for such a token.
    const token = h.app.get(TokenService).sign({ sub: 'op-x', role: 'operator' });
    for (const path of ['/v1/bookings', '/v1/admin/service-areas', '/v1/admin/vehicles']) {
      const res = await h.http.get(path).set('Authorization', `Bearer ${token}`);
      expect([401, 403]).toContain(res.status);
    }
  });

  it('lets an admin act for the county it names, and not an operator for another', async () => {
    const admin = h.app.get(TokenService).sign({ sub: 'ad-1', role: 'admin', name: 'Admin' });
    const areas = await h.http
      .get('/v1/admin/service-areas')
      .set('Authorization', `Bearer ${admin}`)
      .set('X-County-Id', h.seed.countyId)
      .expect(200);
    expect(areas.body.length).toBeGreaterThan(0);
    // Without a county named, an admin cannot administer a county's settings.
    await h.http.get('/v1/admin/service-areas').set('Authorization', `Bearer ${admin}`).expect(403);
    // An operator's header is ignored: it stays in its own county.
    const other = h.app
      .get(TokenService)
      .sign({ sub: 'op-2', role: 'operator', countyId: '00000000-0000-4000-8000-000000000000' });
    const own = await h.http
      .get('/v1/admin/service-areas')
      .set('Authorization', `Bearer ${other}`)
      .set('X-County-Id', h.seed.countyId)
      .expect(200);
    expect(own.body).toEqual([]);
  });

  it('rotates refresh tokens, detects reuse and revokes the family', async () => {
    const sessions = h.app.get(AuthSessionService);
    const first = await sessions.start({
      sub: 'op-1',
      role: 'operator',
      countyId: h.seed.countyId,
    });
    await h.http
      .get('/v1/admin/vehicles')
      .set('Authorization', `Bearer ${first.accessToken}`)
      .expect(200);
    const second = await h.http
      .post('/v1/auth/refresh')
      .send({ refreshToken: first.refreshToken })
      .expect(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect(second.body.expiresInS).toBe(900);
    await h.http
      .get('/v1/admin/vehicles')
      .set('Authorization', `Bearer ${second.body.accessToken}`)
      .expect(200);

    // The first refresh token again: a copy is in use somewhere. The session ends.
    const reuse = await h.http
      .post('/v1/auth/refresh')
      .send({ refreshToken: first.refreshToken })
      .expect(401);
    expect(reuse.body.code).toBe('refresh_token_reused');
    const afterReuse = await h.http
      .post('/v1/auth/refresh')
      .send({ refreshToken: second.body.refreshToken })
      .expect(401);
    expect(afterReuse.body.code).toBe('invalid_refresh_token');
    await h.http
      .get('/v1/admin/vehicles')
      .set('Authorization', `Bearer ${second.body.accessToken}`)
      .expect(401);
  });

  it('exchanges a refresh token once even when two requests race', async () => {
    const sessions = h.app.get(AuthSessionService);
    const s = await sessions.start({ sub: 'op-3', role: 'operator', countyId: h.seed.countyId });
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        h.http.post('/v1/auth/refresh').send({ refreshToken: s.refreshToken }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
  });

  it('signs out: the refresh token and the office access token stop working', async () => {
    const sessions = h.app.get(AuthSessionService);
    const s = await sessions.start({ sub: 'op-4', role: 'operator', countyId: h.seed.countyId });
    await h.http.post('/v1/auth/sign-out').send({ refreshToken: s.refreshToken }).expect(204);
    const refused = await h.http
      .post('/v1/auth/refresh')
      .send({ refreshToken: s.refreshToken })
      .expect(401);
    expect(refused.body.code).toBe('invalid_refresh_token');
    await h.http
      .get('/v1/admin/vehicles')
      .set('Authorization', `Bearer ${s.accessToken}`)
      .expect(401);
  });

  it('gives riders signed in by phone code a refresh token that works', async () => {
    let code = '';
    jest
      .spyOn(h.app.get(SmsSenderPort), 'send')
      .mockImplementation(
        async (_to: string, text: string) => void (code = /\b(\d{6})\b/.exec(text)![1]),
      );
    await h.http.post('/v1/auth/otp').send({ phone: '0151 2345 0199' }).expect(202);
    const signedIn = await h.http
      .post('/v1/auth/otp/verify')
      .send({ phone: '0151 2345 0199', code })
      .expect(200);
    expect(signedIn.body.expiresInS).toBe(900);
    const refreshed = await h.http
      .post('/v1/auth/refresh')
      .send({ refreshToken: signedIn.body.refreshToken })
      .expect(200);
    const list = await h.http
      .get('/v1/bookings')
      .set('Authorization', `Bearer ${refreshed.body.accessToken}`)
      .expect(200);
    expect(list.body.total).toBe(0);
  });
});
