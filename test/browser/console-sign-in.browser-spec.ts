import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { BookingApiHarness, startBookingApi, waitUntil } from '../support/booking-api-harness';
import { OidcTestProvider, startOidcProvider } from '../support/oidc-test-provider';
import { holdPort } from '../support/own-redis';
import { launchBrowser, newPage, screenshot } from './support/browser';

/**
 * Signing in to the console through the county's identity provider (a real oidc-provider),
 * surviving an expired access token silently and an ended session without losing a
 * half-filled phone booking, and signing out.
 */
describe('console sign-in through OpenID Connect', () => {
  let idp: OidcTestProvider;
  let h: BookingApiHarness;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    const webDir = mkdtempSync(join(tmpdir(), 'console-signin-web-'));
    execFileSync(
      join(__dirname, '../../node_modules/.bin/vite'),
      [
        'build',
        '--logLevel',
        'error',
        '--config',
        'apps/web-console/vite.config.ts',
        '--outDir',
        join(webDir, 'console'),
        '--emptyOutDir',
      ],
      {
        cwd: join(__dirname, '../..'),
        env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
      },
    );
    const held = await holdPort();
    const port = held.port;
    base = `http://127.0.0.1:${port}`;
    idp = await startOidcProvider({
      clientId: 'ridepool-console',
      clientSecret: 'test-client-secret-0123456789',
      redirectUris: [`${base}/v1/auth/oidc/callback`],
      accounts: {
        alice: { groups: ['ridepool-operator'], county: '07336', email: 'alice@kv-kusel.de' },
      },
    });
    h = await startBookingApi({
      WEB_DIR: webDir,
      OIDC_ISSUER_URL: idp.issuer,
      OIDC_CLIENT_ID: 'ridepool-console',
      OIDC_CLIENT_SECRET: 'test-client-secret-0123456789',
      OIDC_REDIRECT_URI: `${base}/v1/auth/oidc/callback`,
      OIDC_COUNTY_CLAIM: 'county',
      // Short access tokens, so the console has to refresh while the test watches.
      ACCESS_TOKEN_TTL_S: '30',
    });
    await held.release();
    await h.app.listen(port, '127.0.0.1');
    browser = await launchBrowser();
    page = (await newPage(browser, { viewport: { width: 1400, height: 900 } })).page;
  }, 110_000);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
    await idp?.stop();
  });

  async function signInAtProvider(): Promise<void> {
    await page.getByRole('button', { name: 'Mit dem Konto des Landkreises anmelden' }).click();
    const login = page.locator('input[name=login]');
    const ready = page.locator('#map[data-ready="yes"]');
    // The provider asks only the first time; later its own session signs the user in at once.
    await Promise.race([
      login.waitFor({ timeout: 30_000 }).catch(() => {}),
      ready.waitFor({ timeout: 30_000 }).catch(() => {}),
    ]);
    if (await login.isVisible()) {
      await login.fill('alice');
      await page.getByRole('button', { name: 'Anmelden' }).click();
    }
    await ready.waitFor({ timeout: 30_000 });
  }

  it('signs in through the identity provider', async () => {
    await page.goto(`${base}/console/`);
    await page.getByRole('heading', { name: 'Anmeldung', exact: true }).waitFor();
    await screenshot(page, 'console-sign-in');
    await signInAtProvider();
    await expect(page.getByTestId('user').textContent()).resolves.toContain('alice@kv-kusel.de');
  }, 60_000);

  it('keeps a half-filled phone booking through a silent refresh and a new sign-in', async () => {
    await page.getByRole('tab', { name: 'Buchungen' }).click();
    await page.locator('input[name=rider]').fill('Erna Anruferin');
    await page.locator('select[name=from]').selectOption({ label: 'Albessen, Ortsmitte' });
    const from = await page.locator('select[name=from]').inputValue();

    // The access token expires (30 s); the console's next call refreshes it silently.
    const accessToken = () =>
      page.evaluate(() => {
        const storage = (
          globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }
        ).sessionStorage;
        return (JSON.parse(storage.getItem('console.session') ?? '{}') as { accessToken?: string })
          .accessToken;
      });
    const before = await accessToken();
    const refreshed = async () =>
      (
        await h.ds.query(`SELECT count(*)::int AS n FROM refresh_tokens WHERE used_at IS NOT NULL`)
      )[0].n > 0;
    for (let i = 0; i < 120 && !(await refreshed()); i++) await page.waitForTimeout(500);
    expect(await refreshed()).toBe(true);
    await page.getByRole('tab', { name: 'Buchungen' }).click();
    await page.getByTestId('bookings').waitFor();
    expect(await page.getByRole('heading', { name: 'Anmeldung', exact: true }).count()).toBe(0);
    // Nothing the operator typed is lost, and the pair was rotated: a new access token.
    await expect(page.locator('input[name=rider]').inputValue()).resolves.toBe('Erna Anruferin');
    await expect(page.locator('select[name=from]').inputValue()).resolves.toBe(from);
    expect(await accessToken()).not.toBe(before);

    // The session ends (revoked elsewhere): the console asks to sign in, and keeps the form.
    await h.ds.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE revoked_at IS NULL`);
    await page
      .getByRole('heading', { name: 'Anmeldung', exact: true })
      .waitFor({ timeout: 30_000 });
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Sitzung');
    await signInAtProvider();
    await page.getByRole('tab', { name: 'Buchungen' }).click();
    await expect(page.locator('input[name=rider]').inputValue()).resolves.toBe('Erna Anruferin');
    await expect(page.locator('select[name=from]').inputValue()).resolves.toBe(from);
    await screenshot(page, 'console-form-restored');
  }, 110_000);

  it('signs out', async () => {
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.getByRole('heading', { name: 'Anmeldung', exact: true }).waitFor();
    // The console forgets the session at once and tells the server after: wait for the revoke
    // (a busy machine can take a moment) instead of reading the table the instant it shows.
    const open = async () =>
      (
        await h.ds.query(`SELECT count(*)::int AS n FROM refresh_tokens WHERE revoked_at IS NULL`)
      )[0].n as number;
    await waitUntil(async () => (await open()) === 0, 10_000).catch(() => undefined);
    expect(await open()).toBe(0);
  }, 30_000);
});
