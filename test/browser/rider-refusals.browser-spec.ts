import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser';
import { newRideAlbessenToKusel, phoneAt, signInByPhone, visible } from './support/phone-apps';
import { RiderDriverStack, startRiderDriverStack } from './support/rider-driver-stack';

jest.setTimeout(60_000);

const ALBESSEN = { latitude: 49.5165, longitude: 7.3307 };

/**
 * A booking the API refuses is explained to the rider, not answered with "try again": here the
 * office retires the stop the rider has just chosen (`unknown_stop`), and trying again would
 * fail again.
 */
describe('the rider app explains a refused booking', () => {
  let stack: RiderDriverStack;
  let browser: Browser;
  let ctx: BrowserContext;
  let rider: Page;

  beforeAll(async () => {
    stack = await startRiderDriverStack();
    browser = await launchBrowser();
    ({ ctx, page: rider } = await phoneAt(browser, ALBESSEN));
  }, 110_000);

  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
    await stack?.close();
  });

  it('a stop retired while the form is open: the rider is told to choose another', async () => {
    await rider.goto(`${stack.baseUrl}/rider/`);
    await signInByPhone(rider, '0151 2345 0300', () => stack.codeFor('4915123450300'));
    await visible(rider.getByRole('heading', { name: 'Meine Fahrten' }));
    await newRideAlbessenToKusel(rider);

    const [stop] = await stack.h.ds.query(
      `SELECT id FROM stops WHERE name = 'Albessen, Ortsmitte'`,
    );
    const res = await fetch(`${stack.baseUrl}/v1/admin/stops/${stop.id}`, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${await stack.h.operatorToken()}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ active: false }),
    });
    expect(res.status).toBe(200);

    await rider.getByRole('button', { name: 'Angebot ansehen' }).click();
    const alert = rider.getByRole('alert');
    await visible(alert, 15_000);
    await screenshot(rider, 'rider-refused-unknown-stop');
    expect(await alert.first().textContent()).toBe(
      'Diese Haltestelle wird nicht mehr bedient. Bitte wählen Sie eine andere.',
    );
  });

  it('a wheelchair ride no bus can carry: the rider is told why, not "no seat at that time"', async () => {
    // The only bus on shift has no wheelchair place; both stops are step-free.
    await stack.h.ds.query(`UPDATE stops SET active = true, wheelchair_accessible = true`);
    await stack.h.ds.query(`UPDATE vehicles SET wheelchair_places = 0 WHERE id = $1`, [
      stack.driver.vehicleId,
    ]);
    await rider.goto(`${stack.baseUrl}/rider/`);
    await visible(rider.getByRole('heading', { name: 'Meine Fahrten' }));
    await newRideAlbessenToKusel(rider);
    await rider.getByRole('checkbox', { name: /Rollstuhl/ }).check();
    await rider.getByRole('button', { name: 'Angebot ansehen' }).click();
    const alert = rider.getByRole('alert');
    await visible(alert, 15_000);
    expect(await alert.first().textContent()).toBe(
      'Kein Bus hat zu dieser Zeit genug Plätze für Ihre Gruppe oder einen Rollstuhlplatz. Bitte rufen Sie das Verkehrsbüro an.',
    );
  });
});
