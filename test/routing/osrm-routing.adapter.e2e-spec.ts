import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import polyline from '@mapbox/polyline';
import {
  EmbeddedRouter,
  OsrmRoutingAdapter,
  RoutingError,
  startRouterServer,
  type LatLon,
  type RunningRouterServer,
} from '@app/routing';
import { readKuselPlaces } from '@app/routing/synthetic/kusel-places';

/*
 * The production OSRM adapter against the embedded router's OSRM-compatible server, started
 * in-process, plus misbehaving servers for the retry and validation paths.
 */
const ROOT = join(__dirname, '../..');
const places = readKuselPlaces(
  join(ROOT, 'data/kusel/municipalities.csv'),
  join(ROOT, 'data/kusel/rail_stations.csv'),
);
const KUSEL: LatLon = { lat: 49.538282, lon: 7.410329 };
const LAUTERECKEN: LatLon = { lat: 49.653709, lon: 7.59071 };

async function listen(handler: RequestListener): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function rejection(promise: Promise<unknown>): Promise<RoutingError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RoutingError);
  return err as RoutingError;
}

describe('OsrmRoutingAdapter', () => {
  let router: EmbeddedRouter;
  let osrm: RunningRouterServer;
  let requests = 0;
  const extra: Server[] = [];

  beforeAll(async () => {
    router = await EmbeddedRouter.fromOsmFile(join(ROOT, 'data/osm/kusel-synthetic.osm'));
    osrm = await startRouterServer({ router, port: 0, maxTableSize: 4 });
    osrm.server.on('request', () => requests++);
  });
  afterAll(async () => {
    await osrm.close();
    for (const s of extra) {
      s.closeAllConnections();
      s.close();
    }
  });

  it('splits a table above maxTableSize into blocks and reassembles the same matrix', async () => {
    const adapter = new OsrmRoutingAdapter({ baseUrl: osrm.url, maxTableSize: 4 });
    const sources = places.slice(0, 9);
    const destinations = places.slice(50, 57);
    const before = requests;
    const table = await adapter.table(sources, destinations);
    expect(requests - before).toBe(3 * 2); // ceil(9/4) x ceil(7/4) blocks
    const direct = router.table(sources, destinations);
    sources.forEach((_, i) =>
      destinations.forEach((_, j) => {
        expect(table.durationsS[i][j]).toBeCloseTo(direct.durationsS[i][j] as number, 0);
        expect(table.distancesM[i][j]).toBeCloseTo(direct.distancesM[i][j] as number, 0);
      }),
    );
  });

  it('gets a route with GeoJSON and polyline geometry and per-leg figures', async () => {
    const adapter = new OsrmRoutingAdapter({ baseUrl: osrm.url });
    const route = await adapter.route([KUSEL, LAUTERECKEN]);
    expect(route.durationS).toBeGreaterThan(15 * 60);
    expect(route.legs).toHaveLength(1);
    expect(route.legs[0].distanceM).toBeCloseTo(route.distanceM, 0);
    expect(route.geometry.coordinates[0]).toEqual([KUSEL.lon, KUSEL.lat]);
    expect(polyline.decode(route.polyline, 5)[0]).toEqual([49.53828, 7.41033]);
  });

  it('snaps a point with nearest', async () => {
    const adapter = new OsrmRoutingAdapter({ baseUrl: osrm.url });
    const near = await adapter.nearest({ lat: 49.5385, lon: 7.4105 });
    expect(near.name).toBe('Bahnhofstraße');
    expect(near.distanceM).toBeLessThan(100);
  });

  it('turns OSRM error replies into typed errors without retrying them', async () => {
    const adapter = new OsrmRoutingAdapter({ baseUrl: osrm.url, retries: 3, backoffMs: 1 });
    const before = requests;
    const err = await rejection(adapter.route([KUSEL, { lat: 48.85, lon: 2.35 }]));
    expect(err.code).toBe('NoSegment');
    expect(requests - before).toBe(1);
    const tooBig = new OsrmRoutingAdapter({ baseUrl: osrm.url, maxTableSize: 10 });
    expect((await rejection(tooBig.table(places.slice(0, 5), places.slice(0, 5)))).code).toBe(
      'TooBig',
    );
  });

  it('retries when the server drops connections, then succeeds', async () => {
    let seen = 0;
    const flaky = await listen((req, res) => {
      if (++seen <= 2) {
        req.socket.destroy();
        return;
      }
      void fetch(`${osrm.url}${req.url}`).then(async (r) => {
        res.writeHead(r.status, { 'content-type': 'application/json' });
        res.end(await r.text());
      });
    });
    extra.push(flaky.server);
    const adapter = new OsrmRoutingAdapter({ baseUrl: flaky.url, retries: 3, backoffMs: 5 });
    const near = await adapter.nearest(KUSEL);
    expect(near.distanceM).toBeLessThan(1);
    expect(seen).toBe(3);
  });

  it('gives up with Unavailable after retrying 5xx replies', async () => {
    let seen = 0;
    const down = await listen((_req, res) => {
      seen++;
      res.writeHead(503).end('busy');
    });
    extra.push(down.server);
    const adapter = new OsrmRoutingAdapter({ baseUrl: down.url, retries: 2, backoffMs: 5 });
    expect((await rejection(adapter.nearest(KUSEL))).code).toBe('Unavailable');
    expect(seen).toBe(3);
  });

  it('rejects a malformed reply instead of passing garbage on', async () => {
    const liar = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 'Ok', durations: [[1, 'x']], distances: [[1, 2]] }));
    });
    extra.push(liar.server);
    const adapter = new OsrmRoutingAdapter({ baseUrl: liar.url });
    const err = await rejection(adapter.table([KUSEL], [KUSEL, LAUTERECKEN]));
    expect(err.code).toBe('InvalidResponse');
  });

  it('times out a hanging server', async () => {
    const hang = await listen(() => undefined);
    extra.push(hang.server);
    const adapter = new OsrmRoutingAdapter({
      baseUrl: hang.url,
      timeoutMs: 50,
      retries: 1,
      backoffMs: 1,
    });
    expect((await rejection(adapter.nearest(KUSEL))).code).toBe('Unavailable');
  });
});
