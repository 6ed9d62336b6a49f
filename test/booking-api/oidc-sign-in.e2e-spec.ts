import { BookingApiHarness, startBookingApi } from '../support/booking-api-harness';
import { CookieJar, OidcTestProvider, startOidcProvider } from '../support/oidc-test-provider';

const REDIRECT = 'http://127.0.0.1/v1/auth/oidc/callback';

/**
 * Console sign-in through a real OpenID Connect provider (oidc-provider in a child process):
 * authorization code flow with PKCE, the provider's login page driven over HTTP.
 */
describe('console sign-in with OpenID Connect', () => {
  let idp: OidcTestProvider;
  let h: BookingApiHarness;

  beforeAll(async () => {
    idp = await startOidcProvider({
      clientId: 'ridepool-console',
      clientSecret: 'test-client-secret-0123456789',
      redirectUris: [REDIRECT],
      accounts: {
        alice: { groups: ['ridepool-operator'], county: '07336', email: 'alice@kv-kusel.de' },
        bob: { groups: ['staff'], county: '07336', email: 'bob@kv-kusel.de' },
        carla: { groups: ['ridepool-admin'], email: 'carla@kv-kusel.de' },
      },
    });
    h = await startBookingApi({
      OIDC_ISSUER_URL: idp.issuer,
      OIDC_CLIENT_ID: 'ridepool-console',
      OIDC_CLIENT_SECRET: 'test-client-secret-0123456789',
      OIDC_REDIRECT_URI: REDIRECT,
      OIDC_COUNTY_CLAIM: 'county',
    });
  });
  afterAll(async () => {
    await h?.close();
    await idp?.stop();
  });
  afterEach(() => idp.setMode('normal'));

  /** Start at the API, sign in at the provider as `login`, come back to the callback. */
  async function signIn(login: string, opts: { stateCookie?: string } = {}) {
    const start = await h.http.get('/v1/auth/oidc/start').expect(302);
    const authUrl = new URL(start.headers.location);
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authUrl.searchParams.get('nonce')).toBeTruthy();
    const stateCookie = (start.headers['set-cookie'] as unknown as string[])
      .find((c) => c.startsWith('ridepool_oidc_state='))!
      .split(';')[0];
    const jar = new CookieJar();
    let res = await fetch(authUrl, { redirect: 'manual' });
    jar.store(res);
    let next = new URL(res.headers.get('location')!, idp.issuer);
    expect(next.pathname).toMatch(/^\/interaction\//);
    res = await fetch(next, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ login }).toString(),
    });
    jar.store(res);
    next = new URL(res.headers.get('location')!, idp.issuer);
    res = await fetch(next, { redirect: 'manual', headers: { cookie: jar.header() } });
    const back = new URL(res.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    return h.http
      .get(`/v1/auth/oidc/callback${back.search}`)
      .set('Cookie', opts.stateCookie ?? stateCookie);
  }

  async function exchange(callback: { status: number; headers: Record<string, string> }) {
    expect(callback.status).toBe(302);
    const m = /^\/console\/#signin=(.+)$/.exec(callback.headers.location);
    expect(m).not.toBeNull();
    const res = await h.http
      .post('/v1/auth/oidc/exchange')
      .send({ code: decodeURIComponent(m![1]) })
      .expect(200);
    return res.body as {
      accessToken: string;
      refreshToken: string;
      role: string;
      countyId: string;
      name: string;
    };
  }

  it('tells the console that OpenID Connect is available', async () => {
    const res = await h.http.get('/v1/auth/methods').expect(200);
    expect(res.body).toMatchObject({ oidc: true, local: true });
  });

  it('signs in an operator of the county and lets them work in the console', async () => {
    const session = await exchange(await signIn('alice'));
    expect(session).toMatchObject({
      role: 'operator',
      countyId: h.seed.countyId,
      name: 'alice@kv-kusel.de',
    });
    await h.http
      .get('/v1/admin/vehicles')
      .set('Authorization', `Bearer ${session.accessToken}`)
      .expect(200);
  });

  it('hands the tokens out once for a sign-in code', async () => {
    const callback = await signIn('alice');
    await exchange(callback);
    const code = decodeURIComponent(callback.headers.location.split('#signin=')[1]);
    await h.http.post('/v1/auth/oidc/exchange').send({ code }).expect(401);
  });

  it('refuses an ID token issued for another client (wrong audience)', async () => {
    await idp.setMode('wrong_audience');
    const res = await signIn('alice');
    expect(res.status).toBe(401);
    expect(res.text).toMatch(/Anmeldung fehlgeschlagen/);
    expect(res.text).toMatch(/unexpected JWT claim value/);
  });

  it('refuses an expired ID token', async () => {
    await idp.setMode('expired');
    const res = await signIn('alice');
    expect(res.status).toBe(401);
    expect(res.text).toMatch(/timestamp claim value failed/);
  });

  it('refuses a user without the operator group with 403', async () => {
    const res = await signIn('bob');
    expect(res.status).toBe(403);
    expect(res.text).toMatch(/nicht für die Leitstelle freigeschaltet/);
  });

  it('refuses a callback that comes back to another browser (state cookie mismatch)', async () => {
    const res = await signIn('alice', { stateCookie: 'ridepool_oidc_state=someone-elses' });
    expect(res.status).toBe(401);
  });

  it('signs in an admin, who acts for the county it names', async () => {
    const session = await exchange(await signIn('carla'));
    expect(session.role).toBe('admin');
    await h.http
      .get('/v1/admin/vehicles')
      .set('Authorization', `Bearer ${session.accessToken}`)
      .set('X-County-Id', h.seed.countyId)
      .expect(200);
  });

  it('rotates the refresh token, detects its reuse, and signs out', async () => {
    const session = await exchange(await signIn('alice'));
    const next = await h.http
      .post('/v1/auth/refresh')
      .send({ refreshToken: session.refreshToken })
      .expect(200);
    const reuse = await h.http
      .post('/v1/auth/refresh')
      .send({ refreshToken: session.refreshToken })
      .expect(401);
    expect(reuse.body.code).toBe('refresh_token_reused');
    await h.http
      .post('/v1/auth/refresh')
      .send({ refreshToken: next.body.refreshToken })
      .expect(401);

    // A fresh sign-in, then sign-out: neither token works afterwards.
    const other = await exchange(await signIn('alice'));
    await h.http.post('/v1/auth/sign-out').send({ refreshToken: other.refreshToken }).expect(204);
    await h.http.post('/v1/auth/refresh').send({ refreshToken: other.refreshToken }).expect(401);
    await h.http
      .get('/v1/admin/vehicles')
      .set('Authorization', `Bearer ${other.accessToken}`)
      .expect(401);
  });
});
