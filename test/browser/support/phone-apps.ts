import { Browser, BrowserContext, Locator, Page } from 'playwright-core';

/** Helpers for the rider and driver apps, which sign in by phone code and update from pushes. */

export const visible = (l: Locator, timeout = 10_000) =>
  l.first().waitFor({ state: 'visible', timeout });

/** Polls until the check holds (the UI updates from pushes, at its own pace). */
export async function eventually(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > until) throw new Error(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Signs in with the number and the code the test's SMS sender caught for it. */
export async function signInByPhone(page: Page, phone: string, code: () => string): Promise<void> {
  await page.getByLabel(/Telefonnummer/).fill(phone);
  await page.getByRole('button', { name: 'Code senden' }).click();
  await page.getByLabel(/Code/).first().waitFor();
  await page.getByLabel(/Code/).first().fill(code());
  await page.getByRole('button', { name: 'Anmelden' }).click();
}

/** A phone in Kusel (German, Berlin time, a phone's screen) standing at `where`, [lat, lon]. */
export async function phoneAt(
  browser: Browser,
  where: { latitude: number; longitude: number },
): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
    viewport: { width: 412, height: 915 },
    geolocation: where,
    permissions: ['geolocation'],
  });
  return { ctx, page: await ctx.newPage() };
}

/** A new ride from Albessen (found by name) to Bahnhof Kusel, in the rider app's form. */
export async function newRideAlbessenToKusel(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Neue Fahrt buchen' }).click();
  await page.getByLabel('Ort oder Haltestelle suchen').first().fill('Albessen');
  await page.getByRole('button', { name: 'Suchen', exact: true }).first().click();
  await page
    .getByRole('radio', { name: /Albessen/ })
    .first()
    .check();
  await page
    .getByRole('radio', { name: /Bahnhof Kusel|Kusel, Bahnhof|Kusel Bahnhof/ })
    .first()
    .check();
}
