import { SmsSenderPort } from '@app/application';
import { RunningRouterServer, startRouterServer } from '@app/routing';
import { INestApplication } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createDispatchWorker } from '../../../apps/dispatch-worker/src/bootstrap';
import { createRealtimeGateway } from '../../../apps/realtime-gateway/src/bootstrap';
import { BookingApiHarness, startBookingApi } from '../../support/booking-api-harness';
import { holdPort } from '../../support/own-redis';

const ROOT = resolve(__dirname, '../../..');

export type WebApp = 'rider' | 'driver' | 'console';

export interface RiderDriverStack {
  h: BookingApiHarness;
  baseUrl: string;
  /** The last sign-in code sent to a number (digits in international form). */
  codeFor(digits: string): string;
  driver: { id: string; phone: string; vehicleId: string };
  close(): Promise<void>;
}

/** Builds the web apps (the rider and driver apps unless told) into a temp dir (Vite, production mode). */
function buildWebApps(apps: readonly WebApp[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'ridepool-web-'));
  for (const app of apps) {
    execFileSync(
      join(ROOT, 'node_modules/.bin/vite'),
      [
        'build',
        '--config',
        `apps/web-${app}/vite.config.ts`,
        '--outDir',
        join(dir, app),
        '--logLevel',
        'warn',
      ],
      {
        cwd: ROOT,
        stdio: 'inherit',
        env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
      },
    );
  }
  return dir;
}

/**
 * Booking API (serving the built apps), dispatch worker with the embedded router server, and
 * realtime gateway, all in-process; one vehicle with a driver on shift now is the whole fleet,
 * and the service runs around the clock so "as soon as possible" works whenever tests run.
 */
export async function startRiderDriverStack(
  overrides: Record<string, string> = {},
  apps: readonly WebApp[] = ['rider', 'driver'],
): Promise<RiderDriverStack> {
  const webDir = buildWebApps(apps);
  // What is started so far, closed in reverse if a later step fails: an app left running would
  // outlive this file and break the next one of its jest worker (its pools in a torn-down
  // environment), as rider-alternatives did when its gateway's port was taken.
  const started: Array<() => Promise<unknown>> = [];
  const closeAll = async () => {
    while (started.length) await started.pop()!().catch(() => undefined);
  };
  try {
    return await build(webDir, started, overrides, closeAll);
  } catch (e) {
    await closeAll();
    throw e;
  }
}

async function build(
  webDir: string,
  started: Array<() => Promise<unknown>>,
  overrides: Record<string, string>,
  closeAll: () => Promise<void>,
): Promise<RiderDriverStack> {
  const router: RunningRouterServer = await startRouterServer({
    osmFile: 'data/osm/kusel-synthetic.osm',
    port: 0,
    host: '127.0.0.1',
    maxTableSize: 1000,
  });
  started.push(() => router.close());
  const rt = await holdPort();
  started.push(() => rt.release());
  const rtPort = rt.port;
  const h = await startBookingApi({
    WEB_DIR: webDir,
    OSRM_URL: router.url,
    BOOKING_DECISION_WAIT_MS: '10000',
    PUBLIC_REALTIME_URL: `http://127.0.0.1:${rtPort}`,
    // The ride is booked "as soon as possible", 30 minutes' notice ahead: follow it at once.
    RIDER_TRACKING_LEAD_MIN: '60',
    ...overrides,
  });
  started.push(() => h.close());
  const sent = new Map<string, string>();
  jest
    .spyOn(h.app.get(SmsSenderPort), 'send')
    .mockImplementation(
      async (to: string, text: string) => void sent.set(to.slice(1), /\b(\d{6})\b/.exec(text)![1]),
    );
  await h.app.listen(0, '127.0.0.1');
  const baseUrl = (await h.app.getUrl()).replace('[::1]', '127.0.0.1');
  const worker: INestApplication = await createDispatchWorker(h.config);
  started.push(() => worker.close());
  await worker.init();
  const gateway = await createRealtimeGateway(h.config);
  started.push(() => gateway.close());
  await rt.release();
  await gateway.listen(rtPort, '127.0.0.1');

  await h.ds.query(`UPDATE vehicles SET active = false`);
  const allDay = Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [
      d,
      [{ start: '00:00', end: '24:00' }],
    ]),
  );
  await h.ds.query(`UPDATE service_areas SET operating_hours = $1`, [JSON.stringify(allDay)]);
  const [v] = await h.ds.query(
    `INSERT INTO vehicles (county_id, call_sign, seats, wheelchair_places, home_depot_stop_id)
     VALUES ($1, 'KUS-RB 7', 8, 1, $2) RETURNING id`,
    [h.seed.countyId, h.stop('eva-8003481')],
  );
  const phone = '0170 555 0707';
  const [d] = await h.ds.query(
    `INSERT INTO drivers (county_id, name, phone) VALUES ($1, 'Jürgen Becker', $2) RETURNING id`,
    [h.seed.countyId, phone],
  );
  await h.ds.query(
    `INSERT INTO shifts (vehicle_id, driver_id, starts_at, ends_at)
     VALUES ($1, $2, now() - interval '1 hour', now() + interval '7 hours')`,
    [v.id, d.id],
  );

  return {
    h,
    baseUrl,
    codeFor: (digits) => {
      const code = sent.get(digits);
      if (!code) throw new Error(`no code sent to ${digits}`);
      return code;
    },
    driver: { id: d.id, phone, vehicleId: v.id },
    close: closeAll,
  };
}
