import { RunningRouterServer, startRouterServer } from '@app/routing';
import { INestApplication } from '@nestjs/common';
import { createDispatchWorker } from '../../apps/dispatch-worker/src/bootstrap';
import { BookingApiHarness, startBookingApi } from './booking-api-harness';

/** The embedded routing server over the synthetic Kusel roads, on a free local port. */
export function startKuselRouter(): Promise<RunningRouterServer> {
  return startRouterServer({
    osmFile: 'data/osm/kusel-synthetic.osm',
    port: 0,
    host: '127.0.0.1',
    maxTableSize: 1000,
  });
}

/** The routing server, the booking API routed by it and one dispatch worker, as a suite runs them. */
export interface DispatchStack {
  router: RunningRouterServer;
  h: BookingApiHarness;
  worker: INestApplication;
  /** Stops the worker alone (once; `close` does not stop it again). */
  stopWorker(): Promise<void>;
  /** Closes the worker, the API and the router, in that order. */
  close(): Promise<void>;
}

/**
 * Starts the Kusel routing server, the booking API on it (`OSRM_URL` set, `env` on top) and a
 * dispatch worker with the API's configuration. What started is closed again when a later part
 * fails, so a failed `beforeAll` leaves nothing running.
 */
export async function startDispatchStack(env: Record<string, string> = {}): Promise<DispatchStack> {
  const router = await startKuselRouter();
  let h: BookingApiHarness | undefined;
  try {
    h = await startBookingApi({ OSRM_URL: router.url, ...env });
    const worker = await createDispatchWorker(h.config);
    await worker.init();
    const api = h;
    let stopped: Promise<void> | undefined;
    const stopWorker = () => (stopped ??= worker.close());
    return {
      router,
      h: api,
      worker,
      stopWorker,
      close: async () => {
        await stopWorker();
        await api.close();
        await router.close();
      },
    };
  } catch (e) {
    await h?.close();
    await router.close();
    throw e;
  }
}
