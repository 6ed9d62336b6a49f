import { RunningRouterServer, startRouterServer } from '@app/routing';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createBookingApi } from '../../apps/booking-api/src/bootstrap';
import { createDispatchWorker } from '../../apps/dispatch-worker/src/bootstrap';
import { DispatchProcessor } from '../../apps/dispatch-worker/src/dispatch.processor';
import { createRealtimeGateway } from '../../apps/realtime-gateway/src/bootstrap';
import { BookingApiHarness, startBookingApi, testConfig } from '../support/booking-api-harness';
import { startOwnRedis } from '../support/own-redis';

/**
 * Liveness and readiness with terminus (issue 12), over real servers: PostgreSQL, Redis, the
 * embedded router served over the OSRM HTTP API, the three apps. Readiness names what is down;
 * liveness asks nothing but the process, so an outage never restarts a pod.
 */
describe('health: liveness and readiness', () => {
  let router: RunningRouterServer;
  let h: BookingApiHarness;
  let worker: INestApplication;
  let gateway: INestApplication;

  const startRouter = async (port = 0) => {
    router = await startRouterServer({
      osmFile: 'data/osm/kusel-synthetic.osm',
      port,
      host: '127.0.0.1',
    });
  };
  const get = (app: INestApplication, path: string) => request(app.getHttpServer()).get(path);

  beforeAll(async () => {
    await startRouter();
    h = await startBookingApi({ OSRM_URL: router.url });
    worker = await createDispatchWorker(h.config);
    await worker.init();
    gateway = await createRealtimeGateway(h.config);
    await gateway.init();
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
    await worker?.close();
    await h?.close();
    await router?.close();
  });

  it('is ready with PostgreSQL, Redis and the router up, on /health/ready and /health', async () => {
    for (const app of [h.app, worker, gateway]) {
      for (const path of ['/health/ready', '/health']) {
        const res = await get(app, path).expect(200);
        expect(res.body).toMatchObject({
          status: 'ok',
          error: {},
          info: {
            database: { status: 'up' },
            redis: { status: 'up' },
            routing: { status: 'up' },
          },
        });
      }
      const live = await get(app, '/health/live').expect(200);
      expect(live.body).toMatchObject({ status: 'ok', info: { event_loop: { status: 'up' } } });
      expect(Object.keys(live.body.details)).toEqual(['event_loop']);
    }
    const res = await get(worker, '/health/ready').expect(200);
    expect(res.body.info.dispatch_consumer).toEqual({ status: 'up', queue: 'dispatch' });
  });

  it('is not ready, naming routing, while the router is stopped; alive all the same', async () => {
    const port = router.port;
    await router.close();
    try {
      for (const app of [h.app, worker, gateway]) {
        for (const path of ['/health/ready', '/health']) {
          const res = await get(app, path).expect(503);
          expect(res.body.status).toBe('error');
          expect(Object.keys(res.body.error)).toEqual(['routing']);
          expect(res.body.error.routing.status).toBe('down');
          expect(res.body.info).toMatchObject({
            database: { status: 'up' },
            redis: { status: 'up' },
          });
        }
        await get(app, '/health/live').expect(200);
      }
    } finally {
      await startRouter(port);
    }
    await get(h.app, '/health/ready').expect(200);
  });

  it("is not ready, naming the worker's queue consumer, once the consumer is closed", async () => {
    await get(worker, '/health/ready').expect(200);
    await worker.get(DispatchProcessor).onApplicationShutdown();
    const res = await get(worker, '/health/ready').expect(503);
    expect(Object.keys(res.body.error)).toEqual(['dispatch_consumer']);
    expect(res.body.error.dispatch_consumer).toEqual({
      status: 'down',
      message: 'the dispatch queue consumer is closed',
    });
    await get(worker, '/health/live').expect(200);
  });

  it('stays alive while its Redis is down, and is not ready, naming redis', async () => {
    const redis = await startOwnRedis();
    const api = await createBookingApi(
      testConfig({ OSRM_URL: router.url, REDIS_URL: redis.url, MIGRATIONS_RUN: 'false' }),
    );
    try {
      await api.init();
      await get(api, '/health/ready').expect(200);
      await redis.stop();
      const res = await get(api, '/health/ready').expect(503);
      expect(Object.keys(res.body.error)).toEqual(['redis']);
      expect(res.body.info).toMatchObject({
        database: { status: 'up' },
        routing: { status: 'up' },
      });
      const live = await get(api, '/health/live').expect(200);
      expect(live.body.status).toBe('ok');
    } finally {
      await redis.stop();
      await api.close();
    }
  });
});
