import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './support/browser';
import {
  eventually,
  newRideAlbessenToKusel,
  phoneAt,
  signInByPhone,
  visible,
} from './support/phone-apps';
import { RiderDriverStack, startRiderDriverStack } from './support/rider-driver-stack';

jest.setTimeout(120_000);

const ALBESSEN = { latitude: 49.5165, longitude: 7.3307 };

/**
 * The messages about a rider's rides (by SMS, and live in the app) are written in the rider's
 * language as the server knows it: a rider who switches the app to English hears of the ride in
 * English too.
 */
describe('the rider’s language reaches the messages', () => {
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

  it('a rider who reads English is told of the confirmed ride in English', async () => {
    await rider.goto(`${stack.baseUrl}/rider/`);
    await signInByPhone(rider, '0151 2345 0600', () => stack.codeFor('4915123450600'));
    await newRideAlbessenToKusel(rider);
    await rider.getByRole('button', { name: 'Switch to English' }).click();
    await rider.getByRole('button', { name: 'See the offer' }).click();
    await visible(rider.getByRole('heading', { name: 'Your offer' }), 15_000);
    await rider.getByRole('button', { name: 'Book this ride' }).click();

    const announced = rider.locator('.announce');
    await eventually(
      'the confirmation is announced',
      async () => /confirm|bestätigt/i.test((await announced.textContent()) ?? ''),
      // booking, worker, outbox relay (every 2 s), delivery job, gateway: on a loaded CI
      // machine this took more than 15 s once
      60_000,
    );
    expect(await announced.textContent()).toMatch(/^Ride confirmed: /);
    const [r] = await stack.h.ds.query(
      `SELECT language FROM riders WHERE phone = '+4915123450600'`,
    );
    expect(r.language).toBe('en');
  });
});
