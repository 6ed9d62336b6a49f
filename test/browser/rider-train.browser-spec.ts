import { importGtfsFeed } from '@app/application';
import { addDays, toLocalTime } from '@app/domain';
import { join } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser';
import { RiderDriverStack, startRiderDriverStack } from './support/rider-driver-stack';

const SAMPLE = join(__dirname, '..', '..', 'data', 'gtfs', 'kusel-line-sample');

jest.setTimeout(60_000);

describe('rider app: a ride to catch a train', () => {
  let stack: RiderDriverStack;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    stack = await startRiderDriverStack();
    await importGtfsFeed(stack.h.ds, SAMPLE, { name: 'sample' });
    // The stack's bus runs for the next hours; give it tomorrow too, when the trains are picked.
    await stack.h.ds.query(
      `INSERT INTO shifts (vehicle_id, driver_id, starts_at, ends_at)
       SELECT vehicle_id, driver_id, ends_at, ends_at + interval '24 hours' FROM shifts
        WHERE vehicle_id = $1`,
      [stack.driver.vehicleId],
    );
    browser = await launchBrowser();
    ctx = await browser.newContext({
      locale: 'de-DE',
      timezoneId: 'Europe/Berlin',
      viewport: { width: 412, height: 915 },
    });
    page = await ctx.newPage();
  }, 110_000);

  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
    await stack?.close();
  });

  it('picks a departure at Bahnhof Kusel and sees the train in the offer', async () => {
    await page.goto(`${stack.baseUrl}/rider/`);
    await page.getByLabel(/Telefonnummer/).fill('0151 2345 0177');
    await page.getByRole('button', { name: 'Code senden' }).click();
    await page.getByLabel(/Code/).first().waitFor();
    await page.getByLabel(/Code/).first().fill(stack.codeFor('4915123450177'));
    await page.getByRole('button', { name: 'Anmelden' }).click();
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

    await page.getByRole('radio', { name: /Zum Zug/ }).check();
    const tomorrow = addDays(toLocalTime(new Date(), 'Europe/Berlin').date, 1);
    await page.locator('#train-date').fill(tomorrow);
    const first = page
      .getByRole('radiogroup', { name: /Welchen Zug/ })
      .getByRole('radio')
      .first();
    await first.waitFor({ state: 'visible', timeout: 10_000 });
    const label =
      (await page
        .getByRole('radiogroup', { name: /Welchen Zug/ })
        .locator('label')
        .first()
        .textContent()) ?? '';
    expect(label).toMatch(/^\d\d:\d\d RB → Kaiserslautern Hbf/);
    await first.check();
    await screenshot(page, 'rider-train-1-pick');
    await page.getByRole('button', { name: 'Angebot ansehen' }).click();

    await page.getByRole('heading', { name: 'Ihr Angebot' }).waitFor({ timeout: 15_000 });
    const train = page.getByTestId('offer-train');
    await train.waitFor({ timeout: 15_000 });
    expect(await train.textContent()).toContain(`RB → Kaiserslautern Hbf, ab ${label.slice(0, 5)}`);
    await screenshot(page, 'rider-train-2-offer');
  });
});
