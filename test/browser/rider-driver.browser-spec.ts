import AxeBuilder from '@axe-core/playwright';
import { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser';
import { eventually, phoneAt, signInByPhone, visible } from './support/phone-apps';
import { RiderDriverStack, startRiderDriverStack } from './support/rider-driver-stack';

/** Albessen (village centre) and a point on the way to it from Kusel, [lat, lon]. */
const ALBESSEN = { latitude: 49.5165, longitude: 7.3307 };
const ON_THE_WAY = { latitude: 49.525, longitude: 7.36 };
const FURTHER = { latitude: 49.521, longitude: 7.345 };
/** Bahnhof Kusel: far off the way to Albessen. */
const OFF_THE_WAY = { latitude: 49.538282, longitude: 7.410329 };

jest.setTimeout(60_000);

const textOf = async (l: Locator) => (await l.first().textContent()) ?? '';

/** No serious or critical accessibility violation on the page as it is now. */
async function expectAccessible(page: Page, name: string): Promise<void> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect({
    page: name,
    violations: bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`),
  }).toEqual({
    page: name,
    violations: [],
  });
}

describe('rider and driver apps in the browser', () => {
  let stack: RiderDriverStack;
  let browser: Browser;
  let riderCtx: BrowserContext;
  let driverCtx: BrowserContext;
  let rider: Page;
  let driver: Page;

  beforeAll(async () => {
    stack = await startRiderDriverStack();
    browser = await launchBrowser();
    ({ ctx: riderCtx, page: rider } = await phoneAt(browser, ALBESSEN));
    ({ ctx: driverCtx, page: driver } = await phoneAt(browser, ON_THE_WAY));
    // Record what the driver app reads aloud instead of speaking it.
    await driverCtx.addInitScript(() => {
      const w = globalThis as unknown as { spoken: { text: string; lang: string }[] };
      w.spoken = [];
      Object.defineProperty(globalThis, 'speechSynthesis', {
        configurable: true,
        value: {
          cancel: () => undefined,
          speak: (u: { text: string; lang: string }) =>
            w.spoken.push({ text: u.text, lang: u.lang }),
        },
      });
    });
  }, 110_000);

  afterAll(async () => {
    await riderCtx?.close();
    await driverCtx?.close();
    await browser?.close();
    await stack?.close();
  });

  it('a driver signs in, starts the shift and shares the phone position', async () => {
    await driver.goto(`${stack.baseUrl}/driver/`);
    await expectAccessible(driver, 'driver sign-in');
    await driver.getByRole('button', { name: 'Switch to English' }).click();
    await visible(driver.getByRole('heading', { name: 'Sign in' }));
    await driver.getByRole('button', { name: 'Auf Deutsch umschalten' }).click();
    await signInByPhone(driver, stack.driver.phone, () => stack.codeFor('491705550707'));
    await visible(driver.getByText('KUS-RB 7'));
    await expectAccessible(driver, 'driver shift');
    await driver.getByRole('button', { name: 'Schicht beginnen' }).click();
    await visible(driver.getByText('Verbunden'), 10_000);
    await visible(driver.getByText('Keine Halte geplant.'));
  });

  it('a rider signs in, books from the nearest stop to Bahnhof Kusel, sees the offer and confirms', async () => {
    await stack.h.ds.query(`UPDATE service_areas SET booking_phone = '+496381424123'`);
    await rider.goto(`${stack.baseUrl}/rider/`);
    await expectAccessible(rider, 'rider sign-in');
    await screenshot(rider, 'rider-1-sign-in');
    // A landline cannot get the code: said plainly, with the office's number to book by phone.
    await rider.getByLabel(/Telefonnummer/).fill('06381 555 0100');
    await rider.getByRole('button', { name: 'Code senden' }).click();
    await visible(
      rider.getByText(/Festnetzanschluss.*telefonisch beim Verkehrsbüro: 06381 424123/),
    );
    expect(await rider.getByTestId('office-phone').locator('a').getAttribute('href')).toBe(
      'tel:+496381424123',
    );
    await screenshot(rider, 'rider-1b-landline');
    await signInByPhone(rider, '0151 2345 0100', () => stack.codeFor('4915123450100'));
    await visible(rider.getByRole('heading', { name: 'Meine Fahrten' }));
    await expectAccessible(rider, 'rider rides');

    await rider.getByRole('button', { name: 'Neue Fahrt buchen' }).click();
    await rider.getByRole('button', { name: /in meiner Nähe/ }).click();
    await eventually('nearest stop chosen', () =>
      rider.getByRole('radio', { name: /Albessen/ }).isChecked(),
    );
    await rider
      .getByRole('radio', { name: /Bahnhof Kusel|Kusel, Bahnhof|Kusel Bahnhof/ })
      .first()
      .check();
    await expectAccessible(rider, 'rider booking form');
    await screenshot(rider, 'rider-2-book');
    await rider.getByRole('button', { name: 'Angebot ansehen' }).click();

    await visible(rider.getByRole('heading', { name: 'Ihr Angebot' }), 15_000);
    expect(await textOf(rider.getByTestId('pickup-window'))).toMatch(
      /zwischen \d\d:\d\d und \d\d:\d\d/,
    );
    expect(await textOf(rider.getByTestId('latest-arrival'))).toMatch(/^\d\d:\d\d$/);
    await expectAccessible(rider, 'rider offer');
    await screenshot(rider, 'rider-3-offer');
    await rider.getByRole('button', { name: 'Fahrt verbindlich buchen' }).click();
    await eventually(
      'ride booked',
      async () => (await textOf(rider.getByTestId('ride-status'))) === 'Gebucht',
    );
  });

  it('the driver sees the new stop appear with the rider, live', async () => {
    await visible(driver.getByRole('heading', { name: /Albessen/ }), 15_000);
    await visible(driver.getByRole('button', { name: 'Eingestiegen: Fahrgast' }));
    // the way there follows the roads, not a straight line
    const map = driver.locator('.map');
    await eventually(
      'route along the roads',
      async () =>
        (await map.getAttribute('data-route')) === 'road' &&
        Number(await map.getAttribute('data-route-points')) > 2,
    );
    // the roads of the tests are invented, and the map says so (real roads: OpenStreetMap's credit)
    await visible(driver.locator('.leaflet-control-attribution', { hasText: 'erfundenes Netz' }));
    await expectAccessible(driver, 'driver trip list');
    await screenshot(driver, 'driver-1-trip-list');
  });

  it('the driver is told the next turn in German, hears it on request, and gets a new route off the way', async () => {
    const instruction = driver.getByTestId('instruction');
    await visible(instruction, 15_000);
    const text = await textOf(instruction);
    // osrm-text-instructions' German, after the distance to the maneuver
    expect(text).toMatch(/^In [\d,.]+\sk?m: \S/);
    expect(text).not.toMatch(/undefined/);
    await driver.getByRole('button', { name: /Vorlesen/ }).click();
    const spoken = () =>
      driver.evaluate(
        () => (globalThis as unknown as { spoken: { text: string; lang: string }[] }).spoken,
      );
    await eventually('read aloud', async () => (await spoken()).length > 0);
    expect((await spoken())[0]).toEqual({ text, lang: 'de-DE' });
    // English on the switch, phrased by the same library
    await driver.getByRole('button', { name: 'Switch to English' }).click();
    await eventually('English instruction', async () =>
      /^In [\d,.]+\sk?m: (Head|Turn|Continue|Go|Make|Take|Enter|You|At|Drive|Keep|Exit)/.test(
        await textOf(instruction),
      ),
    );
    await driver.getByRole('button', { name: 'Auf Deutsch umschalten' }).click();
    await screenshot(driver, 'driver-1b-instruction');
    // The bus leaves the route: a new one is asked for, from where the bus is now.
    const map = driver.locator('.map');
    const asked = Number(await map.getAttribute('data-route-requests'));
    await driverCtx.setGeolocation(OFF_THE_WAY);
    await eventually(
      'a new route',
      async () => Number(await map.getAttribute('data-route-requests')) > asked,
    );
    await eventually(
      'guided again on the new route',
      async () => /^In [\d,.]+\sk?m: /.test(await textOf(instruction)),
      15_000,
    );
    await driverCtx.setGeolocation(ON_THE_WAY);
  });

  it('the rider sees the vehicle on the map, and it moves', async () => {
    const marker = rider.getByTestId('vehicle-marker');
    await visible(marker, 15_000);
    const before = await marker.getAttribute('data-position');
    await driverCtx.setGeolocation(FURTHER);
    await eventually(
      'vehicle moved',
      async () => (await marker.getAttribute('data-position')) !== before,
    );
    await visible(rider.locator('.leaflet-control-attribution', { hasText: 'erfundenes Netz' }));
    await expectAccessible(rider, 'rider live ride');
    await screenshot(rider, 'rider-4-live');
  });

  it('the driver marks the rider boarded, and the rider is told', async () => {
    await driver.getByRole('button', { name: 'Angekommen' }).click();
    await driver.getByRole('button', { name: 'Eingestiegen: Fahrgast' }).click();
    await visible(driver.getByText('✔ Eingestiegen'));
    await eventually('rider sees boarded', async () =>
      /eingestiegen/.test(await textOf(rider.getByTestId('ride-status'))),
    );
    await eventually('rider is told', async () =>
      /Neuer Stand/.test(await textOf(rider.locator('.announce'))),
    );
    await screenshot(driver, 'driver-2-boarded');
    await screenshot(rider, 'rider-5-on-board');
  });

  it('the driver app keeps stop events while offline and sends them on reconnect', async () => {
    await driverCtx.setOffline(true);
    await visible(driver.getByText(/Keine Verbindung/), 15_000);
    await driver.getByRole('button', { name: 'Abfahren' }).click();
    await visible(driver.getByText(/1 Meldungen gespeichert/));
    await screenshot(driver, 'driver-3-offline');
    await driverCtx.setOffline(false);
    await visible(driver.getByText(/^Verbunden$/), 20_000);
    // the departure reached the gateway: Albessen is behind, the hub is next
    await visible(driver.getByRole('heading', { name: /Kusel/ }), 10_000);
  });
});
