import { totpOf } from '@app/application';
import { TokenService } from '@app/auth';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as OTPAuth from 'otpauth';
import { BookingApiHarness, startBookingApi } from '../support/booking-api-harness';

const run = promisify(execFile);
const ROOT = join(__dirname, '../..');

/** Local office accounts (argon2id + TOTP) for counties without an identity provider. */
describe('local operator accounts', () => {
  let h: BookingApiHarness;
  let admin: string;

  beforeAll(async () => {
    h = await startBookingApi({
      LOCAL_SIGNIN_MAX_FAILURES: '5',
      LOCAL_SIGNIN_MAX_PER_ADDRESS: '30',
    });
    admin = h.app.get(TokenService).sign({ sub: 'admin-1', role: 'admin', name: 'IT' });
  });
  afterAll(() => h?.close());

  const secretOf = (uri: string) => (OTPAuth.URI.parse(uri) as OTPAuth.TOTP).secret.base32;
  const codeNow = (email: string, secret: string) => totpOf(email, secret).generate();
  const otherCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  async function createViaApi(email: string) {
    const res = await h.http
      .post('/v1/admin/operators')
      .set('Authorization', `Bearer ${admin}`)
      .send({ email, role: 'operator', countyCode: '07336' })
      .expect(201);
    return { password: res.body.password as string, secret: secretOf(res.body.otpauthUri) };
  }

  it('creates an account with npm run operator:create and signs in with password and TOTP', async () => {
    const { stdout } = await run(
      join(ROOT, 'node_modules/.bin/tsx'),
      ['scripts/operator-create.ts', '--email', 'Leitstelle@KV-Kusel.de', '--county', '07336'],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: h.config.DATABASE_URL } },
    );
    const password = /Initial password \(shown once\): (\S+)/.exec(stdout)![1];
    const uri = /(otpauth:\/\/totp\/\S+)/.exec(stdout)![1];
    const stored = await h.ds.query(
      `SELECT password_hash, role, county_id FROM operator_accounts WHERE email = $1`,
      ['leitstelle@kv-kusel.de'],
    );
    expect(stored[0].password_hash).toMatch(/^\$argon2id\$/);
    expect(stored[0].password_hash).not.toContain(password);
    expect(stored[0].county_id).toBe(h.seed.countyId);

    const res = await h.http
      .post('/v1/auth/local')
      .send({
        email: 'leitstelle@kv-kusel.de',
        password,
        totp: codeNow('leitstelle@kv-kusel.de', secretOf(uri)),
      })
      .expect(200);
    expect(res.body).toMatchObject({ role: 'operator', countyId: h.seed.countyId });
    await h.http
      .get('/v1/admin/vehicles')
      .set('Authorization', `Bearer ${res.body.accessToken}`)
      .expect(200);
    // An operator may not manage accounts.
    await h.http
      .get('/v1/admin/operators')
      .set('Authorization', `Bearer ${res.body.accessToken}`)
      .expect(403);
  });

  it('refuses a wrong TOTP code, a wrong password and a TOTP code used before', async () => {
    const email = 'b@kv-kusel.de';
    const { password, secret } = await createViaApi(email);
    const code = codeNow(email, secret);
    const wrongTotp = await h.http
      .post('/v1/auth/local')
      .send({ email, password, totp: otherCode(code) })
      .expect(401);
    expect(wrongTotp.body.code).toBe('invalid_credentials');
    await h.http.post('/v1/auth/local').send({ email, password: 'nope', totp: code }).expect(401);
    await h.http.post('/v1/auth/local').send({ email, password, totp: code }).expect(200);
    await h.http.post('/v1/auth/local').send({ email, password, totp: code }).expect(401);
  });

  it('checks at most the allowed number of parallel guesses per account, then 429', async () => {
    const email = 'c@kv-kusel.de';
    const { password, secret } = await createViaApi(email);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        h.http.post('/v1/auth/local').send({ email, password: 'guess', totp: '000000' }),
      ),
    );
    expect(results.filter((r) => r.status === 401)).toHaveLength(5);
    expect(results.filter((r) => r.status === 429)).toHaveLength(15);
    // Now even the right credentials wait for the window to pass.
    const locked = await h.http
      .post('/v1/auth/local')
      .send({ email, password, totp: codeNow(email, secret) })
      .expect(429);
    expect(locked.body.code).toBe('too_many_attempts');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits attempts per address across accounts', async () => {
    await h.redis.flushdb();
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      const res = await h.http
        .post('/v1/auth/local')
        .send({ email: `nobody${i}@kv-kusel.de`, password: 'x', totp: '000000' });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
  });

  it('switching an account off ends its sessions', async () => {
    await h.redis.flushdb();
    const email = 'd@kv-kusel.de';
    const { password, secret } = await createViaApi(email);
    const signedIn = await h.http
      .post('/v1/auth/local')
      .send({ email, password, totp: codeNow(email, secret) })
      .expect(200);
    const [{ id }] = await h.ds.query(`SELECT id FROM operator_accounts WHERE email = $1`, [email]);
    await h.http
      .patch(`/v1/admin/operators/${id}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ active: false })
      .expect(200);
    await h.http
      .get('/v1/admin/vehicles')
      .set('Authorization', `Bearer ${signedIn.body.accessToken}`)
      .expect(401);
    await h.http
      .post('/v1/auth/refresh')
      .send({ refreshToken: signedIn.body.refreshToken })
      .expect(401);
  });

  it('names the field of a malformed sign-in and refuses a duplicate account', async () => {
    const bad = await h.http
      .post('/v1/auth/local')
      .send({ email: 'x@kv-kusel.de', password: 'p', totp: '12' })
      .expect(400);
    expect(JSON.stringify(bad.body.errors)).toMatch(/totp/);
    await createViaApi('e@kv-kusel.de');
    await h.http
      .post('/v1/admin/operators')
      .set('Authorization', `Bearer ${admin}`)
      .send({ email: 'E@kv-kusel.de', role: 'operator', countyCode: '07336' })
      .expect(409);
  });
});
