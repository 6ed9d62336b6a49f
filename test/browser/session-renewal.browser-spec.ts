import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser';
import { eventually, phoneAt, signInByPhone, visible } from './support/phone-apps';
import { RiderDriverStack, startRiderDriverStack } from './support/rider-driver-stack';

/** Albessen, where the rider stands, and a point on the road where the bus is, [lat, lon]. */
const ALBESSEN = { latitude: 49.5165, longitude: 7.3307 };
const ON_THE_WAY = { latitude: 49.525, longitude: 7.36 };

jest.setTimeout(90_000);

/** The access token an app keeps, and when it expires (epoch ms, from its `exp`). */
async function storedToken(page: Page, key: string): Promise<{ token: string; expMs: number }> {
  const token = await page.evaluate(
    (k) =>
      (
        globalThis as unknown as { localStorage: { getItem(k: string): string | null } }
      ).localStorage.getItem(k),
    key,
  );
  if (!token) throw new Error(`no token under ${key}`);
  const { exp } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as {
    exp: number;
  };
  return { token, expMs: exp * 1000 };
}

/** Waits until the token has expired: from then on only a refresh lets the app go on. */
async function untilExpired(token: { expMs: number }): Promise<void> {
  await eventually('the access token expired', async () => Date.now() > token.expMs + 1000, 60_000);
}

/**
 * Sessions in the rider and driver apps with access tokens of 30 s (configured, so the test
 * does not wait a quarter of an hour): an expired token is renewed through the rotating refresh
 * token while the user goes on, and a driver whose shift the office takes away is sent back to
 * the sign-in page with a plain German (or English) reason.
 */
describe('rider and driver apps: sessions that renew, and a driver’s that ends with the shift', () => {
  let stack: RiderDriverStack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  const open = async (where: { latitude: number; longitude: number }) => {
    const { ctx, page } = await phoneAt(browser, where);
    contexts.push(ctx);
    return page;
  };
  const usedRefreshTokens = async (subject: string): Promise<number> =>
    (
      await stack.h.ds.query(
        `SELECT count(*)::int AS n FROM refresh_tokens WHERE subject = $1 AND used_at IS NOT NULL`,
        [subject],
      )
    )[0].n;

  beforeAll(async () => {
    stack = await startRiderDriverStack({ ACCESS_TOKEN_TTL_S: '30' });
    browser = await launchBrowser();
  }, 110_000);

  afterAll(async () => {
    for (const ctx of contexts) await ctx.close();
    await browser?.close();
    await stack?.close();
  });

  it('a rider’s half-filled booking goes through after the access token expired', async () => {
    const rider = await open(ALBESSEN);
    await rider.goto(`${stack.baseUrl}/rider/`);
    await signInByPhone(rider, '0151 2345 0110', () => stack.codeFor('4915123450110'));
    await visible(rider.getByRole('heading', { name: 'Meine Fahrten' }));
    const first = await storedToken(rider, 'rufbus.rider.token');
    const riderId = (
      await stack.h.ds.query(`SELECT id FROM riders WHERE phone = '+4915123450110'`)
    )[0].id as string;

    // Half the form, then the token runs out while the rider looks for the station.
    await rider.getByRole('button', { name: 'Neue Fahrt buchen' }).click();
    await rider.getByRole('button', { name: /in meiner Nähe/ }).click();
    await eventually('nearest stop chosen', () =>
      rider.getByRole('radio', { name: /Albessen/ }).isChecked(),
    );
    await untilExpired(first);
    await rider
      .getByRole('radio', { name: /Bahnhof Kusel|Kusel, Bahnhof|Kusel Bahnhof/ })
      .first()
      .check();
    expect(await rider.getByRole('radio', { name: /Albessen/ }).isChecked()).toBe(true);
    await rider.getByRole('button', { name: 'Angebot ansehen' }).click();

    // The offer comes, with no sign-in in between: the refresh rotated the pair.
    await visible(rider.getByRole('heading', { name: 'Ihr Angebot' }), 20_000);
    expect(await rider.getByRole('heading', { name: 'Anmelden' }).count()).toBe(0);
    const renewed = await storedToken(rider, 'rufbus.rider.token');
    expect(renewed.token).not.toBe(first.token);
    expect(renewed.expMs).toBeGreaterThan(first.expMs);
    expect(await usedRefreshTokens(riderId)).toBeGreaterThan(0);
    await screenshot(rider, 'session-rider-offer-after-expiry');
  });

  it('a driver stays connected through token renewals, and is signed out when the office removes the shift', async () => {
    const driver = await open(ON_THE_WAY);
    await driver.goto(`${stack.baseUrl}/driver/`);
    await signInByPhone(driver, stack.driver.phone, () => stack.codeFor('491705550707'));
    await visible(driver.getByText('KUS-RB 7'));
    await driver.getByRole('button', { name: 'Schicht beginnen' }).click();
    await visible(driver.getByText('Verbunden'));
    const first = await storedToken(driver, 'rufbus.driver.token');

    // The token expires; the app renews it over the socket and stays connected.
    await untilExpired(first);
    await eventually(
      'the driver token renewed',
      async () => (await storedToken(driver, 'rufbus.driver.token')).token !== first.token,
    );
    await visible(driver.getByText('Verbunden'));
    expect(await usedRefreshTokens(stack.driver.id)).toBeGreaterThan(0);

    // The office removes the shift; it carried the rider's ride, so it ends now (the rides
    // are re-planned). The driver is sent to sign in again, and told why.
    const [shift] = await stack.h.ds.query(`SELECT id FROM shifts WHERE driver_id = $1`, [
      stack.driver.id,
    ]);
    const removed = await stack.h.http
      .delete(`/v1/admin/shifts/${shift.id}`)
      .set('Authorization', `Bearer ${await stack.h.operatorToken()}`)
      .expect(200);
    expect(removed.body.shift.state).toBe('ended');
    await visible(driver.getByRole('heading', { name: 'Anmelden' }), 45_000);
    await visible(
      driver.getByText('Ihre Schicht ist zu Ende. Für die nächste Schicht bitte neu anmelden.'),
    );
    await screenshot(driver, 'session-driver-shift-ended');
    await driver.getByRole('button', { name: 'Switch to English' }).click();
    await visible(
      driver.getByText('Your shift has ended. Please sign in again for your next shift.'),
    );
    await driver.getByRole('button', { name: 'Auf Deutsch umschalten' }).click();

    // With no shift now or soon, signing in is refused in plain words.
    await signInByPhone(driver, stack.driver.phone, () => stack.codeFor('491705550707'));
    await visible(driver.getByText(/Sie haben jetzt keine Schicht, und keine beginnt in Kürze/));
    expect(await driver.getByText('KUS-RB 7').count()).toBe(0);
  });
});
