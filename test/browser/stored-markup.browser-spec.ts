import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newPage } from './support/browser';
import {
  eventually,
  newRideAlbessenToKusel,
  phoneAt,
  signInByPhone,
  visible,
} from './support/phone-apps';
import { RiderDriverStack, startRiderDriverStack } from './support/rider-driver-stack';

jest.setTimeout(60_000);

const ALBESSEN = { latitude: 49.5165, longitude: 7.3307 };
const ON_THE_WAY = { latitude: 49.525, longitude: 7.36 };

/**
 * What an office account may type as a stop's name (the API takes any 1-120 characters): markup
 * that, parsed as HTML, would put an element and a script of its own into riders' and drivers'
 * browsers.
 */
const NAME = 'Albessen <b data-injected="1">Ortsmitte</b><img data-injected="2" src="x">';

/** Elements the name would have made, and whether the name is shown as the text it is. */
async function injected(
  page: Page,
): Promise<{ labelled: boolean; elements: number; shownAsText: boolean }> {
  const tips = await page.locator('.leaflet-tooltip').allTextContents();
  return {
    labelled: tips.some((text) => text.includes('Albessen')),
    elements: await page.locator('[data-injected]').count(),
    shownAsText: tips.some((text) => text.includes(NAME)),
  };
}

describe('names typed by the office stay text in riders’ and drivers’ browsers', () => {
  let stack: RiderDriverStack;
  let browser: Browser;
  let riderCtx: BrowserContext;
  let driverCtx: BrowserContext;
  let rider: Page;
  let driver: Page;
  let stop: { id: string; lat: number; lon: number };

  beforeAll(async () => {
    stack = await startRiderDriverStack({}, ['rider', 'driver', 'console']);
    browser = await launchBrowser();
    ({ ctx: riderCtx, page: rider } = await phoneAt(browser, ALBESSEN));
    ({ ctx: driverCtx, page: driver } = await phoneAt(browser, ON_THE_WAY));
    // The office renames the stop through its API, as the console would.
    [stop] = await stack.h.ds.query(
      `SELECT id, lat, lon FROM stops WHERE name = 'Albessen, Ortsmitte'`,
    );
    const token = await stack.h.operatorToken();
    const res = await fetch(`${stack.baseUrl}/v1/admin/stops/${stop.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: NAME }),
    });
    expect(res.status).toBe(200);
  }, 110_000);

  afterAll(async () => {
    await riderCtx?.close();
    await driverCtx?.close();
    await browser?.close();
    await stack?.close();
  });

  it('the driver’s map labels the next stop with its name as text', async () => {
    await driver.goto(`${stack.baseUrl}/driver/`);
    await signInByPhone(driver, stack.driver.phone, () => stack.codeFor('491705550707'));
    await driver.getByRole('button', { name: 'Schicht beginnen' }).click();
    await visible(driver.getByText('Verbunden'), 10_000);

    await rider.goto(`${stack.baseUrl}/rider/`);
    await signInByPhone(rider, '0151 2345 0200', () => stack.codeFor('4915123450200'));
    await newRideAlbessenToKusel(rider);
    await rider.getByRole('button', { name: 'Angebot ansehen' }).click();
    await rider
      .getByRole('button', { name: 'Fahrt verbindlich buchen' })
      .click({ timeout: 15_000 });
    await eventually(
      'ride booked',
      async () => (await rider.getByTestId('ride-status').first().textContent()) === 'Gebucht',
      15_000,
    );

    await visible(driver.getByRole('heading', { name: /Albessen/ }), 15_000);
    await eventually(
      'next stop labelled on the map',
      async () => (await injected(driver)).labelled,
    );
    expect(await injected(driver)).toEqual({ labelled: true, elements: 0, shownAsText: true });
  });

  it('the rider’s live map labels the stops with their names as text', async () => {
    await rider
      .getByRole('button', { name: 'Zurück' })
      .first()
      .click()
      .catch(() => undefined);
    await rider.getByRole('button', { name: 'Fahrt verfolgen' }).first().click();
    await eventually('stops labelled on the map', async () => (await injected(rider)).labelled);
    expect(await injected(rider)).toEqual({ labelled: true, elements: 0, shownAsText: true });
  });

  it('the console’s map names the stop as text when the pointer rests on it', async () => {
    const { page } = await newPage(browser);
    await page.goto(`${stack.baseUrl}/console/`);
    const map = page.locator('#map[data-ready="yes"]');
    await map.waitFor({ timeout: 30_000 });
    // The console opens on Kusel (49.54, 7.46) at zoom 11 and keeps that view: where the stop is
    // on screen, by Web Mercator (256 px tiles).
    const box = (await map.boundingBox())!;
    const px = (lat: number, lon: number) => {
      const scale = 256 * 2 ** 11;
      const s = Math.sin((lat * Math.PI) / 180);
      return {
        x: ((lon + 180) / 360) * scale,
        y: (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * scale,
      };
    };
    const centre = px(49.54, 7.46);
    const at = px(Number(stop.lat), Number(stop.lon));
    await page.mouse.move(
      box.x + box.width / 2 + at.x - centre.x,
      box.y + box.height / 2 + at.y - centre.y,
    );
    await eventually('stop named on hover', async () => (await injected(page)).labelled);
    expect(await injected(page)).toEqual({ labelled: true, elements: 0, shownAsText: true });
    await page.context().close();
  });
});
