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

jest.setTimeout(60_000);

const ALBESSEN = { latitude: 49.5165, longitude: 7.3307 };

/** What has the keyboard (and a screen reader's) focus: its tag and text, `BODY` for none. */
const focused = async (page: Page): Promise<string> => {
  const el = page.locator(':focus');
  if (!(await el.count())) return 'BODY';
  const [tag, text] = await Promise.all([
    el.first().evaluate((e) => e.tagName),
    el.first().textContent(),
  ]);
  return `${tag} ${text ?? ''}`.trim();
};

/**
 * After cancelling a ride, its cancel button is gone (the ride moves to past rides); focus must
 * not fall back to the start of the page, where a keyboard or screen-reader user would have to
 * find the list again.
 */
describe('the rider app keeps the focus after an action', () => {
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

  it('after cancelling a ride, focus is on the list of rides', async () => {
    await rider.goto(`${stack.baseUrl}/rider/`);
    await signInByPhone(rider, '0151 2345 0400', () => stack.codeFor('4915123450400'));
    await newRideAlbessenToKusel(rider);
    await rider.getByRole('button', { name: 'Angebot ansehen' }).click();
    await rider
      .getByRole('button', { name: 'Fahrt verbindlich buchen' })
      .click({ timeout: 15_000 });
    await visible(rider.getByRole('button', { name: /Zurück/ }));
    await rider.getByRole('button', { name: /Zurück/ }).click();

    rider.once('dialog', (d) => void d.accept());
    await rider.getByRole('button', { name: 'Fahrt stornieren' }).focus();
    await rider.keyboard.press('Enter');
    await visible(rider.getByText('Die Fahrt wurde storniert.'));
    await eventually('the ride moved to past rides', async () =>
      rider.getByRole('heading', { name: 'Vergangene Fahrten' }).isVisible(),
    );
    expect(await focused(rider)).toBe('H2 Meine Fahrten');
  });
});
