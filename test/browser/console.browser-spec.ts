import { importGtfsFeed } from '@app/application';
import { WsEvent } from '@app/contracts';
import { addDays, toLocalTime } from '@app/domain';
import { RunningRouterServer, startRouterServer } from '@app/routing';
import { INestApplication } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { createDispatchWorker } from '../../apps/dispatch-worker/src/bootstrap';
import { createRealtimeGateway } from '../../apps/realtime-gateway/src/bootstrap';
import {
  connect,
  position,
  TestClient,
  vehicleOnShift,
  VehicleOnShift,
} from '../realtime/realtime-harness';
import { BookingApiHarness, nextWeekdayAt, startBookingApi } from '../support/booking-api-harness';
import { holdPort } from '../support/own-redis';
import { launchBrowser, newPage, screenshot } from './support/browser';

describe('operator console', () => {
  let router: RunningRouterServer;
  let h: BookingApiHarness;
  let gateway: INestApplication;
  let worker: INestApplication;
  let driver: TestClient;
  let vehicle: VehicleOnShift;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    const webDir = mkdtempSync(join(tmpdir(), 'console-web-'));
    execFileSync(
      join(__dirname, '../../node_modules/.bin/vite'),
      [
        'build',
        '--logLevel',
        'error',
        '--config',
        'apps/web-console/vite.config.ts',
        '--outDir',
        join(webDir, 'console'),
        '--emptyOutDir',
      ],
      {
        cwd: join(__dirname, '../..'),
        env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
      },
    );
    router = await startRouterServer({
      osmFile: 'data/osm/kusel-synthetic.osm',
      port: 0,
      maxTableSize: 1000,
    });
    const rt = await holdPort();
    const rtPort = rt.port;
    h = await startBookingApi({
      OSRM_URL: router.url,
      WEB_DIR: webDir,
      PUBLIC_REALTIME_URL: `http://127.0.0.1:${rtPort}`,
      BOOKING_DECISION_WAIT_MS: '10000',
    });
    // Open all day, so the phone booking an hour ahead is in service whenever the test runs.
    const allDay = Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [
        d,
        [{ start: '00:00', end: '23:59' }],
      ]),
    );
    await h.ds.query(`UPDATE service_areas SET operating_hours = $1`, [JSON.stringify(allDay)]);
    await h.app.listen(0, '127.0.0.1');
    base = await h.app.getUrl();
    gateway = await createRealtimeGateway(h.config);
    await rt.release();
    await gateway.listen(rtPort, '127.0.0.1');
    worker = await createDispatchWorker(h.config);
    await worker.init();
    vehicle = await vehicleOnShift(h);
    driver = await connect(`http://127.0.0.1:${rtPort}`, vehicle.token);
    const ack = await driver.request(WsEvent.vehiclePosition, position(49.5383, 7.4103));
    expect(ack.ok).toBe(true);
    browser = await launchBrowser();
    page = (await newPage(browser, { viewport: { width: 1400, height: 900 } })).page;
    await page.goto(`${base}/console/`);
    await page.locator('#map[data-ready="yes"]').waitFor({ timeout: 30_000 });
  }, 110_000);

  afterAll(async () => {
    await browser?.close();
    driver?.close();
    await worker?.close();
    await gateway?.close();
    await h?.close();
    await router?.close();
  });

  it('shows the road network, stops and the vehicle on shift with its load', async () => {
    const marker = page.locator(`[data-vehicle="${vehicle.vehicleId}"]`);
    await marker.waitFor({ timeout: 15_000 });
    await expect(marker.textContent()).resolves.toMatch(/T-\w+ · 0\/8/);
    // The vehicle moves when the driver's phone reports a new position.
    const before = await marker.boundingBox();
    await driver.request(WsEvent.vehiclePosition, position(49.5164, 7.3307));
    let moved = false;
    for (let i = 0; i < 50 && !moved; i++) {
      await page.waitForTimeout(200);
      moved = (await marker.boundingBox())?.x !== before?.x;
    }
    expect(moved).toBe(true);
    await screenshot(page, 'console-map');
  }, 60_000);

  it('books for a villager who phoned in, and the ride shows in the list and on a trip', async () => {
    await page.getByRole('tab', { name: 'Buchungen' }).click();
    await page.locator('input[name=rider]').fill('Erna Anrufer');
    await page.locator('input[name=phone]').fill('+49 6381 4711');
    await page.locator('button[name=register]').click();
    await expect(page.getByTestId('rider').textContent()).resolves.toBe('Erna Anrufer');
    await page.locator('select[name=from]').selectOption({ label: 'Albessen, Ortsmitte' });
    await page.locator('select[name=to]').selectOption({ label: 'Kusel, Bahnhof' });
    await page.getByRole('button', { name: 'Buchen' }).click();
    await page.getByRole('status').filter({ hasText: 'Gebucht' }).waitFor({ timeout: 15_000 });
    await expect(page.getByRole('status').textContent()).resolves.toContain('confirmed');
    await page.getByTestId('bookings').getByText('Albessen, Ortsmitte').first().waitFor();
    await screenshot(page, 'console-phone-booking');

    // The confirmed ride is on some vehicle's trip list (drawn on the map when selected).
    await page.getByRole('tab', { name: 'Fahrzeuge' }).click();
    const buttons = page.locator('ul.vehicles button');
    await page.waitForTimeout(4500); // the fleet list refreshes every 4 s
    let found = false;
    for (let i = 0; i < (await buttons.count()) && !found; i++) {
      await buttons.nth(i).click();
      found =
        (await page.getByTestId('trip-list').count()) > 0 &&
        ((await page.getByTestId('trip-list').textContent()) ?? '').includes('Albessen');
    }
    expect(found).toBe(true);
    await screenshot(page, 'console-trip-list');
  }, 60_000);

  it('books a caller onto a train from the timetable', async () => {
    await importGtfsFeed(h.ds, join(__dirname, '../../data/gtfs/kusel-line-sample'), {
      name: 'sample',
    });
    await page.getByRole('tab', { name: 'Buchungen' }).click();
    if ((await page.getByTestId('rider').count()) === 0) {
      await page.locator('input[name=rider]').fill('Erna');
      await page.locator('button.pick').first().click();
    }
    await page.locator('select[name=from]').selectOption({ label: 'Albessen, Ortsmitte' });
    await page.locator('select[name=to]').selectOption({ label: 'Kusel, Bahnhof' });
    const tomorrow = addDays(toLocalTime(new Date(), 'Europe/Berlin').date, 1);
    await page.locator('input[name=time]').fill(`${tomorrow}T12:00`);
    await page.locator('select[name=kind]').selectOption('train');
    const trains = page.locator('select[name=train] option');
    for (let i = 0; i < 50 && (await trains.count()) < 2; i++) await page.waitForTimeout(200);
    const label = (await trains.nth(1).textContent()) ?? '';
    expect(label.replace(/\s+/g, ' ')).toMatch(/\d\d:\d\d RB ?→ Kaiserslautern Hbf/);
    await page.locator('select[name=train]').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Buchen' }).click();
    await page.getByRole('status').filter({ hasText: 'Gebucht' }).waitFor({ timeout: 15_000 });
    const [b] = await h.ds.query(
      `SELECT train_role, train_headsign, time_kind FROM bookings WHERE train_trip_id IS NOT NULL`,
    );
    expect(b).toEqual({
      train_role: 'catch',
      train_headsign: 'Kaiserslautern Hbf',
      time_kind: 'arrive_by',
    });
  }, 60_000);

  it('books a round trip for a caller and lists the two rides as a pair', async () => {
    await page.getByRole('tab', { name: 'Buchungen' }).click();
    if ((await page.getByTestId('rider').count()) > 0) {
      await page.getByTestId('rider').locator('xpath=..').getByRole('button').click();
    }
    await page.locator('input[name=rider]').fill('Otto Rundfahrt');
    await page.locator('button[name=register]').click();
    await expect(page.getByTestId('rider').textContent()).resolves.toBe('Otto Rundfahrt');
    const tomorrow = addDays(toLocalTime(new Date(), 'Europe/Berlin').date, 1);
    await page.locator('select[name=from]').selectOption({ label: 'Albessen, Ortsmitte' });
    await page.locator('select[name=to]').selectOption({ label: 'Kusel, Bahnhof' });
    await page.locator('select[name=kind]').selectOption('depart_at');
    await page.locator('input[name=time]').fill(`${tomorrow}T09:00`);
    await page.locator('input[name=returnTime]').fill(`${tomorrow}T15:30`);
    await page.getByRole('button', { name: 'Buchen' }).click();
    await page.getByRole('status').filter({ hasText: 'Rückfahrt' }).waitFor({ timeout: 15_000 });
    const [pair] = await h.ds.query(
      `SELECT o.id AS outbound, r.id AS back, r.from_stop_id = o.to_stop_id AS reversed,
              o.requested_time AS "outboundAt", r.requested_time AS "backAt"
         FROM bookings o JOIN bookings r ON r.id = o.linked_booking_id
        WHERE o.trip_leg = 'outbound' ORDER BY o.created_at DESC LIMIT 1`,
    );
    expect(pair.reversed).toBe(true);
    expect(pair.backAt.getTime() - pair.outboundAt.getTime()).toBe(6.5 * 3600_000);
    const hhmm = (d: Date) =>
      d.toLocaleTimeString('de-DE', {
        hour: '2-digit',
        minute: '2-digit',
        timeZone: 'Europe/Berlin',
      });
    // Each row names the other leg with its time.
    const outboundCell = page.locator(`tr[data-booking="${pair.outbound}"] td[data-pair]`);
    const backCell = page.locator(`tr[data-booking="${pair.back}"] td[data-pair]`);
    await backCell.waitFor({ timeout: 15_000 });
    await expect(outboundCell.getAttribute('data-pair')).resolves.toBe(pair.back);
    await expect(backCell.getAttribute('data-pair')).resolves.toBe(pair.outbound);
    await expect(outboundCell.textContent()).resolves.toContain(`↔ Rückfahrt ${hhmm(pair.backAt)}`);
    await expect(backCell.textContent()).resolves.toContain(`↔ Hinfahrt ${hhmm(pair.outboundAt)}`);
    await screenshot(page, 'console-round-trip');
  }, 60_000);

  it('saves a changed service area as a draft', async () => {
    await page.getByRole('tab', { name: 'Bediengebiet' }).click();
    await page.getByRole('button', { name: 'Als Entwurf bearbeiten' }).click();
    const vertex = page.locator('.vertex').first();
    await vertex.waitFor();
    const box = (await vertex.boundingBox())!;
    await page.mouse.move(box.x + 6, box.y + 6);
    await page.mouse.down();
    await page.mouse.move(box.x + 60, box.y + 40, { steps: 5 });
    await page.mouse.up();
    await page.locator('input[name=pickupWindowMin]').fill('20');
    await page.getByRole('button', { name: 'Entwurf speichern' }).click();
    await page.getByRole('status').filter({ hasText: 'Gespeichert' }).waitFor();
    await screenshot(page, 'console-area-draft');

    const op = await h.operatorToken();
    const res = await h.http.get('/v1/admin/service-areas').set('Authorization', `Bearer ${op}`);
    const draft = res.body.find((a: { status: string }) => a.status === 'draft');
    const live = res.body.find((a: { status: string }) => a.status === 'active');
    expect(draft.pickupWindowMin).toBe(20);
    expect(live.pickupWindowMin).toBe(15);
    expect(draft.geometry.coordinates).not.toEqual(live.geometry.coordinates);
  }, 60_000);

  it('shows bookings at risk above everything, and the office cancels one with a message', async () => {
    const op = await h.operatorToken();
    const { token } = await h.riderToken('Frieda Gefährdet');
    // A weekday morning, when the roster's shifts run (not now + a day, which may be night).
    const at = nextWeekdayAt('10:00');
    const booked = await h.http
      .post('/v1/bookings')
      .set('Authorization', `Bearer ${token}`)
      .send({
        fromStopId: h.stop('ags-07336002'),
        toStopId: h.stop('eva-8003481'),
        timeKind: 'depart_at',
        time: at.toISOString(),
        passengers: 1,
      })
      .expect(201);
    expect(booked.body.status).toBe('confirmed');
    // Its bus is the only one in service that day, and its shift is called off.
    await h.ds.query(`UPDATE vehicles SET active = (id = $1)`, [booked.body.vehicleId]);
    const [shift] = await h.ds.query(
      `SELECT id FROM shifts WHERE vehicle_id = $1 AND starts_at <= $2 AND ends_at > $2`,
      [booked.body.vehicleId, new Date(booked.body.promise.pickupFrom)],
    );
    await h.http
      .delete(`/v1/admin/shifts/${shift.id}`)
      .set('Authorization', `Bearer ${op}`)
      .expect(200);

    const panel = page.getByTestId('at-risk');
    const item = panel.locator(`li[data-booking="${booked.body.id}"]`);
    await item.waitFor({ timeout: 15_000 });
    await expect(item.textContent()).resolves.toContain('Frieda Gefährdet');
    // At the top: above the tabs.
    const panelBox = (await panel.boundingBox())!;
    const tabsBox = (await page.getByRole('tablist').boundingBox())!;
    expect(panelBox.y).toBeLessThan(tabsBox.y);
    await screenshot(page, 'console-at-risk');

    await item.locator('input').fill('Bitte nehmen Sie Bus 271 um 9:12.');
    await item.getByRole('button', { name: 'Mit Nachricht stornieren' }).click();
    // Other bookings of that shift may still be at risk; this one leaves the list.
    await item.waitFor({ state: 'detached', timeout: 15_000 });
    const [row] = await h.ds.query(`SELECT status, reason_text FROM bookings WHERE id = $1`, [
      booked.body.id,
    ]);
    expect(row).toEqual({ status: 'cancelled', reason_text: 'Bitte nehmen Sie Bus 271 um 9:12.' });
    await h.ds.query(`UPDATE vehicles SET active = true`);

    // The weekly roster is in its own tab.
    await page.getByRole('tab', { name: 'Dienstplan' }).click();
    await page.getByTestId('roster').locator('summary', { hasText: 'Montag (20)' }).waitFor();
    await screenshot(page, 'console-roster');
  }, 60_000);
});
