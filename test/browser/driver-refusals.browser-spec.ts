import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser';
import { eventually, phoneAt, signInByPhone, visible } from './support/phone-apps';
import { RiderDriverStack, startRiderDriverStack } from './support/rider-driver-stack';

jest.setTimeout(90_000);

const ON_THE_WAY = { latitude: 49.525, longitude: 7.36 };

/**
 * A report the gateway refuses is explained to the driver in the app's language, never with the
 * gateway's English reason: here a boarding reported offline for a ride the rider cancelled
 * meanwhile, which is no longer on the driver's trip when the report arrives (`not_found`).
 */
describe('the driver app explains a refused report in German and English', () => {
  let stack: RiderDriverStack;
  let browser: Browser;
  let ctx: BrowserContext;
  let driver: Page;

  beforeAll(async () => {
    stack = await startRiderDriverStack();
    browser = await launchBrowser();
    ({ ctx, page: driver } = await phoneAt(browser, ON_THE_WAY));
  }, 110_000);

  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
    await stack?.close();
  });

  it('a landline at sign-in, and a boarding for a ride cancelled meanwhile, are explained in plain German', async () => {
    const { h } = stack;
    await driver.goto(`${stack.baseUrl}/driver/`);
    // A landline cannot get the code: said so, not "did not work".
    await driver.getByLabel(/Telefonnummer/).fill('06381 555 0100');
    await driver.getByRole('button', { name: 'Code senden' }).click();
    await visible(driver.getByRole('alert'));
    expect(await driver.getByRole('alert').first().textContent()).toBe(
      'Das ist eine Festnetznummer. Der Code kommt per SMS: Bitte geben Sie Ihre Handynummer ein.',
    );
    await signInByPhone(driver, stack.driver.phone, () => stack.codeFor('491705550707'));
    await driver.getByRole('button', { name: 'Schicht beginnen' }).click();
    await visible(driver.getByText('Verbunden'), 10_000);

    const { token } = await h.riderToken('Erna Storno');
    const [albessen] = await h.ds.query(`SELECT id FROM stops WHERE name = 'Albessen, Ortsmitte'`);
    const booked = await h.http
      .post('/v1/bookings')
      .set('Authorization', `Bearer ${token}`)
      .send({
        fromStopId: albessen.id,
        toStopId: h.stop('eva-8003481'),
        timeKind: 'depart_at',
        time: new Date(Date.now() + 40 * 60_000).toISOString(),
        passengers: 1,
      })
      .expect(201);
    expect(booked.body.status).toBe('confirmed');
    const board = driver.getByRole('button', { name: 'Eingestiegen: Erna Storno' });
    await visible(board, 15_000);

    await ctx.setOffline(true);
    await visible(driver.getByText(/Keine Verbindung/), 15_000);
    await board.click();
    await h.http
      .post(`/v1/bookings/${booked.body.id}/cancel`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    await eventually(
      'the cancelled ride left the schedule',
      async () =>
        !(
          await h.ds.query(`SELECT 1 FROM vehicle_schedules WHERE stops::text LIKE $1`, [
            `%${booked.body.id}%`,
          ])
        ).length,
      15_000,
    );
    await ctx.setOffline(false);

    const message = driver.locator('p.msg');
    await eventually(
      'the refusal is shown',
      async () => /abgelehnt/.test((await message.first().textContent()) ?? ''),
      15_000,
    );
    const text = (await message.first().textContent()) ?? '';
    await screenshot(driver, 'driver-refused-not-found');
    expect(text).toBe(
      'Meldung „Einstieg“ abgelehnt: Diese Fahrt gehört nicht mehr zu Ihrer Tour (storniert oder einem anderen Fahrzeug gegeben). Die Liste wird aktualisiert.',
    );
  });
});
