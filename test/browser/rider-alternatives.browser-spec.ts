import { toLocalTime } from '@app/domain';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser';
import { newRideAlbessenToKusel, phoneAt, signInByPhone } from './support/phone-apps';
import { RiderDriverStack, startRiderDriverStack } from './support/rider-driver-stack';

const ALBESSEN = { latitude: 49.5165, longitude: 7.3307 };

jest.setTimeout(60_000);

/** Issue 16: a rejected ride shows the nearest times that fit, and one tap books one of them. */
describe('rider app: another time instead of a plain no', () => {
  let stack: RiderDriverStack;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    stack = await startRiderDriverStack();
    // The stack's one bus gets one seat: a few rides at the same time fill it.
    await stack.h.ds.query(`UPDATE vehicles SET seats = 1 WHERE id = $1`, [stack.driver.vehicleId]);
    browser = await launchBrowser();
    ({ ctx, page } = await phoneAt(browser, ALBESSEN));
  }, 110_000);

  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
    await stack?.close();
  });

  it('says which times are possible and books one as a new offer', async () => {
    const h = stack.h;
    // Two hours ahead, on the ten minutes.
    const at = new Date(Math.ceil((Date.now() + 2 * 3600_000) / 600_000) * 600_000);
    const body = {
      fromStopId: h.stop('ags-07336002'),
      toStopId: h.stop('eva-8003481'),
      timeKind: 'depart_at',
      time: at.toISOString(),
      passengers: 1,
    };
    // Other riders fill the bus at that time until it refuses one.
    let full = false;
    for (let i = 0; i < 8 && !full; i++) {
      const { token } = await h.riderToken(`Nachbar ${i}`);
      const res = await h.http
        .post('/v1/bookings')
        .set('Authorization', `Bearer ${token}`)
        .send(body)
        .expect(201);
      full = res.body.status === 'rejected';
    }
    expect(full).toBe(true);

    await page.goto(`${stack.baseUrl}/rider/`);
    await signInByPhone(page, '0151 2345 0216', () => stack.codeFor('4915123450216'));
    await newRideAlbessenToKusel(page);
    await page.getByRole('radio', { name: 'Später' }).check();
    const local = toLocalTime(at, 'Europe/Berlin');
    const hhmm = at.toLocaleTimeString('de-DE', {
      hour: '2-digit',
      minute: '2-digit',
      timeZone: 'Europe/Berlin',
    });
    await page.locator('#date').fill(local.date);
    await page.locator('#time').fill(hhmm);
    await page.getByRole('button', { name: 'Angebot ansehen' }).click();

    const alternatives = page.getByTestId('alternatives');
    await alternatives.waitFor({ timeout: 15_000 });
    expect(await alternatives.textContent()).toContain(`Um ${hhmm} ist kein Platz frei. Möglich:`);
    const choice = alternatives.getByRole('button', { name: /^Fahrt um \d\d:\d\d anfragen$/ });
    expect(await choice.count()).toBeGreaterThan(0);
    const label = (await choice.first().getAttribute('aria-label'))!;
    const time = /(\d\d:\d\d)/.exec(label)![1];
    await screenshot(page, 'rider-alternatives-1-rejected');

    await choice.first().click();
    const window = page.getByTestId('pickup-window');
    await window.waitFor({ timeout: 15_000 });
    await screenshot(page, 'rider-alternatives-2-offer');
    await page.getByRole('button', { name: 'Fahrt verbindlich buchen' }).click();
    // The new booking is the one at the chosen time, and it is confirmed.
    let rows: Array<{ status: string; requested_time: Date }> = [];
    for (let i = 0; i < 50; i++) {
      rows = await h.ds.query(
        `SELECT b.status, b.requested_time FROM bookings b JOIN riders r ON r.id = b.rider_id
          WHERE r.phone = '+4915123450216' ORDER BY b.created_at`,
      );
      if (rows.length === 2 && rows[1].status === 'confirmed') break;
      await page.waitForTimeout(200);
    }
    expect(rows.map((r) => r.status)).toEqual(['rejected', 'confirmed']);
    expect(
      rows[1].requested_time.toLocaleTimeString('de-DE', {
        hour: '2-digit',
        minute: '2-digit',
        timeZone: 'Europe/Berlin',
      }),
    ).toBe(time);
  });
});
