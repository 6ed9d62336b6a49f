import { importGtfsFeed } from '@app/application';
import { addDays, toLocalTime, zonedToInstant } from '@app/domain';
import { join } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { newRideAlbessenToKusel } from './support/phone-apps';
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
       SELECT vehicle_id, driver_id, ends_at + n * interval '24 hours', ends_at + (n + 1) * interval '24 hours'
         FROM shifts, generate_series(0, 1) AS n WHERE vehicle_id = $1`,
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
    await newRideAlbessenToKusel(page);

    await page.getByRole('radio', { name: /Zum Zug/ }).check();
    const tomorrow = addDays(toLocalTime(new Date(), 'Europe/Berlin').date, 1);
    await page.locator('#train-date').fill(tomorrow);
    // Tomorrow's first departure as the API lists it; the picker shows it once it has reloaded.
    const midnight = zonedToInstant(tomorrow, '00:00', 'Europe/Berlin');
    const listed = await stack.h.http
      .get(`/v1/hubs/${stack.h.stop('eva-8003481')}/departures`)
      .query({
        from: midnight.toISOString(),
        to: new Date(midnight.getTime() + 24 * 3600_000).toISOString(),
      })
      .expect(200);
    const expected = new Date(listed.body.departures[0].departureAt).toLocaleTimeString('de-DE', {
      hour: '2-digit',
      minute: '2-digit',
      timeZone: 'Europe/Berlin',
    });
    const group = page.getByRole('radiogroup', { name: /Welchen Zug/ });
    const first = group.getByRole('radio').first();
    let label = '';
    // up to 30 s: the picker reloads after the date's change, slowly on a busy machine
    for (let i = 0; i < 300 && !label.startsWith(expected); i++) {
      label =
        (await group
          .locator('label')
          .first()
          .textContent()
          .catch(() => '')) ?? '';
      if (!label.startsWith(expected)) await page.waitForTimeout(100);
    }
    expect(label).toMatch(/^\d\d:\d\d RB → Kaiserslautern Hbf/);
    expect(label.slice(0, 5)).toBe(expected);
    await first.check();
    await screenshot(page, 'rider-train-1-pick');
    await page.getByRole('button', { name: 'Angebot ansehen' }).click();

    await page.getByRole('heading', { name: 'Ihr Angebot' }).waitFor({ timeout: 15_000 });
    const train = page.getByTestId('offer-train');
    await train.waitFor({ timeout: 15_000 });
    expect(await train.textContent()).toContain(`RB → Kaiserslautern Hbf, ab ${label.slice(0, 5)}`);
    await screenshot(page, 'rider-train-2-offer');
  });

  it('books there and back in one step, sees both in the offer, and cancels both', async () => {
    await page.goto(`${stack.baseUrl}/rider/`);
    await newRideAlbessenToKusel(page);
    await page.getByRole('radio', { name: 'Später' }).check();
    const tomorrow = addDays(toLocalTime(new Date(), 'Europe/Berlin').date, 1);
    await page.locator('#date').fill(tomorrow);
    await page.locator('#time').fill('10:00');
    await page.getByRole('checkbox', { name: /Rückfahrt gleich mitbuchen/ }).check();
    await page.locator('#return-time').fill('14:00');
    await page.getByRole('button', { name: 'Angebot ansehen' }).click();

    await page.getByRole('heading', { name: 'Ihr Angebot' }).waitFor({ timeout: 15_000 });
    const back = page.getByTestId('offer-return');
    await back.waitFor({ timeout: 15_000 });
    for (let i = 0; i < 50 && /Anfrage|wird/.test((await back.textContent()) ?? ''); i++)
      await page.waitForTimeout(200);
    expect(await back.textContent()).toMatch(
      /Rückfahrt: Kusel, Bahnhof → Albessen, Ortsmitte.*zwischen \d\d:\d\d und \d\d:\d\d/,
    );
    await screenshot(page, 'rider-round-trip-offer');
    await page.getByRole('button', { name: 'Fahrt verbindlich buchen' }).click();
    await page.waitForURL(/.*/);
    const pair = await stack.h.ds.query(
      `SELECT status, trip_leg FROM bookings WHERE trip_leg IS NOT NULL ORDER BY trip_leg`,
    );
    for (
      let i = 0;
      i < 50 && !pair.every((p: { status: string }) => p.status === 'confirmed');
      i++
    ) {
      await page.waitForTimeout(200);
      pair.splice(
        0,
        pair.length,
        ...(await stack.h.ds.query(
          `SELECT status, trip_leg FROM bookings WHERE trip_leg IS NOT NULL ORDER BY trip_leg`,
        )),
      );
    }
    expect(pair).toEqual([
      { status: 'confirmed', trip_leg: 'outbound' },
      { status: 'confirmed', trip_leg: 'return' },
    ]);

    // Cancelling the outbound ride asks whether the return goes too; yes cancels both.
    const asked: string[] = [];
    page.on('dialog', (d) => {
      asked.push(d.message());
      void d.accept();
    });
    await page.goto(`${stack.baseUrl}/rider/`);
    const card = page.locator('li.card').filter({ hasText: 'Hinfahrt' });
    await card.getByRole('button', { name: 'Fahrt stornieren' }).click();
    for (let i = 0; i < 50 && asked.length < 2; i++) await page.waitForTimeout(100);
    expect(asked[1]).toBe('Die Rückfahrt auch stornieren?');
    let statuses: string[] = [];
    for (let i = 0; i < 50; i++) {
      statuses = (
        await stack.h.ds.query(`SELECT status FROM bookings WHERE trip_leg IS NOT NULL`)
      ).map((r: { status: string }) => r.status);
      if (statuses.every((x) => x === 'cancelled')) break;
      await page.waitForTimeout(200);
    }
    expect(statuses).toEqual(['cancelled', 'cancelled']);
  });

  it('shows in the list of rides that the train of a ride is reported late', async () => {
    // As the GTFS-Realtime poller stores it (test/open-data/train-realtime.e2e-spec.ts runs the feed).
    await stack.h.ds.query(
      `UPDATE bookings SET train_delay_s = 720 WHERE train_trip_id IS NOT NULL AND trip_leg IS NULL`,
    );
    await page.goto(`${stack.baseUrl}/rider/`);
    const news = page.getByTestId('train-news').first();
    await news.waitFor({ timeout: 30_000 });
    expect(await news.textContent()).toContain('Zug RB hat ca. 12 Min. Verspätung');
    await screenshot(page, 'rider-train-late');
  });

  it('a ride to a train turned down for lack of room books an earlier time that keeps the train', async () => {
    const h = stack.h;
    // The bus gets one seat; other riders fill it for a train tomorrow morning until one is refused.
    await h.ds.query(`UPDATE vehicles SET seats = 1 WHERE id = $1`, [stack.driver.vehicleId]);
    const tomorrow = addDays(toLocalTime(new Date(), 'Europe/Berlin').date, 1);
    const nine = zonedToInstant(tomorrow, '09:00', 'Europe/Berlin');
    const listed = await h.http
      .get(`/v1/hubs/${h.stop('eva-8003481')}/departures`)
      .query({
        from: nine.toISOString(),
        to: new Date(nine.getTime() + 2 * 3600_000).toISOString(),
      })
      .expect(200);
    const call = listed.body.departures[0];
    const body = {
      fromStopId: h.stop('ags-07336002'),
      toStopId: h.stop('eva-8003481'),
      timeKind: 'arrive_by',
      train: { tripId: call.tripId, serviceDate: call.serviceDate },
      passengers: 1,
    };
    let full = false;
    for (let i = 0; i < 8 && !full; i++) {
      const { token } = await h.riderToken(`Pendler ${i}`);
      const res = await h.http
        .post('/v1/bookings')
        .set('Authorization', `Bearer ${token}`)
        .send(body)
        .expect(201);
      full = res.body.status === 'rejected';
    }
    expect(full).toBe(true);

    await page.goto(`${stack.baseUrl}/rider/`);
    await newRideAlbessenToKusel(page);
    await page.getByRole('radio', { name: /Zum Zug/ }).check();
    await page.locator('#train-date').fill(tomorrow);
    const hhmm = new Date(call.departureAt).toLocaleTimeString('de-DE', {
      hour: '2-digit',
      minute: '2-digit',
      timeZone: 'Europe/Berlin',
    });
    const choice = page
      .getByRole('radiogroup', { name: /Welchen Zug/ })
      .locator('label')
      .filter({ hasText: new RegExp(`^${hhmm} RB`) })
      .getByRole('radio');
    await choice.waitFor({ timeout: 15_000 });
    await choice.check();
    await page.getByRole('button', { name: 'Angebot ansehen' }).click();

    const alternatives = page.getByTestId('alternatives');
    await alternatives.waitFor({ timeout: 15_000 });
    const button = alternatives.getByRole('button', { name: /^Fahrt um \d\d:\d\d anfragen$/ });
    expect(await button.count()).toBe(1);
    await screenshot(page, 'rider-train-alternative-1-rejected');
    await button.click();
    await page.getByTestId('pickup-window').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Fahrt verbindlich buchen' }).click();

    // The new booking is confirmed at the earlier time and still tied to the train.
    let rows: Array<{ status: string; train_trip_id: string | null; requested_time: Date }> = [];
    for (let i = 0; i < 50; i++) {
      rows = await h.ds.query(
        `SELECT b.status, b.train_trip_id, b.requested_time FROM bookings b
           JOIN riders r ON r.id = b.rider_id
          WHERE r.phone = '+4915123450177' AND b.train_trip_id = $1 ORDER BY b.created_at`,
        [call.tripId],
      );
      if (rows.length === 2 && rows[1].status === 'confirmed') break;
      await page.waitForTimeout(200);
    }
    expect(rows.map((r) => [r.status, r.train_trip_id])).toEqual([
      ['rejected', call.tripId],
      ['confirmed', call.tripId],
    ]);
    expect(rows[1].requested_time.getTime()).toBeLessThan(rows[0].requested_time.getTime());
  });
});
