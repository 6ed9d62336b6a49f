import { join } from 'node:path';
import polyline from '@mapbox/polyline';
import { startRouterServer, type RunningRouterServer } from '@app/routing';

/*
 * The embedded router's HTTP server, checked against the reply fields the OSRM v5 API documents
 * (https://project-osrm.org/docs/v5.24.0/api/), on the synthetic Kusel network.
 */
const OSM_FILE = join(__dirname, '../../data/osm/kusel-synthetic.osm');
const KUSEL = '7.410329,49.538282';
const LAUTERECKEN = '7.590710,49.653709';
const ALTENGLAN = '7.461841,49.548643';

describe('OSRM-compatible router server', () => {
  let server: RunningRouterServer;
  const get = async (path: string): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await fetch(`${server.url}${path}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    server = await startRouterServer({ osmFile: OSM_FILE, port: 0, maxTableSize: 3 });
  });
  afterAll(() => server.close());

  it('answers /route with an encoded polyline, legs and waypoints', async () => {
    const { status, body } = await get(`/route/v1/driving/${KUSEL};${ALTENGLAN};${LAUTERECKEN}`);
    expect(status).toBe(200);
    expect(body.code).toBe('Ok');
    const [route] = body.routes as Record<string, unknown>[];
    expect(route).toEqual(
      expect.objectContaining({
        duration: expect.any(Number),
        distance: expect.any(Number),
        weight: expect.any(Number),
        weight_name: expect.any(String),
        geometry: expect.any(String),
      }),
    );
    const legs = route.legs as Record<string, unknown>[];
    expect(legs).toHaveLength(2);
    for (const leg of legs) {
      expect(leg).toEqual(
        expect.objectContaining({
          duration: expect.any(Number),
          distance: expect.any(Number),
          summary: expect.any(String),
          steps: [],
        }),
      );
    }
    expect((legs[0].duration as number) + (legs[1].duration as number)).toBeCloseTo(
      route.duration as number,
      0,
    );
    const line = polyline.decode(route.geometry as string, 5);
    expect(line[0][0]).toBeCloseTo(49.538282, 4); // polyline is lat,lon
    expect(line[line.length - 1][1]).toBeCloseTo(7.59071, 4);
    const waypoints = body.waypoints as Record<string, unknown>[];
    expect(waypoints).toHaveLength(3);
    expect(waypoints[0]).toEqual({
      hint: expect.any(String),
      distance: expect.any(Number),
      name: 'Bahnhofstraße',
      location: [7.410329, 49.538282], // lon,lat
    });
  });

  it('answers /route?steps=true with OSRM-shaped steps that osrm-text-instructions can read', async () => {
    const { status, body } = await get(
      `/route/v1/driving/${KUSEL};${ALTENGLAN}?steps=true&geometries=geojson&overview=full`,
    );
    expect(status).toBe(200);
    const [route] = body.routes as Record<string, unknown>[];
    const [leg] = route.legs as {
      steps: Record<string, unknown>[];
      duration: number;
      distance: number;
    }[];
    const steps = leg.steps;
    expect(steps.length).toBeGreaterThanOrEqual(2);
    for (const step of steps) {
      expect(step).toEqual(
        expect.objectContaining({
          geometry: expect.objectContaining({ type: 'LineString' }),
          maneuver: expect.objectContaining({
            type: expect.any(String),
            location: [expect.any(Number), expect.any(Number)],
            bearing_before: expect.any(Number),
            bearing_after: expect.any(Number),
          }),
          name: expect.any(String),
          mode: 'driving',
          distance: expect.any(Number),
          duration: expect.any(Number),
          weight: expect.any(Number),
          intersections: expect.any(Array),
        }),
      );
    }
    expect((steps[0].maneuver as Record<string, unknown>).type).toBe('depart');
    expect((steps[steps.length - 1].maneuver as Record<string, unknown>).type).toBe('arrive');
    const total = steps.reduce((sum, s) => sum + (s.distance as number), 0);
    expect(total).toBeCloseTo(leg.distance, -1);
    // Each step's geometry starts at its maneuver.
    for (const step of steps) {
      const coords = (step.geometry as { coordinates: number[][] }).coordinates;
      expect(coords[0]).toEqual((step.maneuver as Record<string, unknown>).location);
    }
    // The driver app turns them into sentences with osrm-text-instructions (German first).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const instructions = require('osrm-text-instructions')('v5') as {
      compile(language: string, step: unknown): string;
    };
    const german = steps.map((s) => instructions.compile('de', s));
    expect(german[0]).toMatch(/Bahnhofstraße|Fahren Sie/);
    expect(german[german.length - 1]).toMatch(/Sie haben Ihr/);
  });

  it('answers /route with GeoJSON when asked and leaves geometry out with overview=false', async () => {
    const geo = await get(
      `/route/v1/driving/${KUSEL};${ALTENGLAN}?geometries=geojson&overview=full`,
    );
    const geometry = (geo.body.routes as Record<string, unknown>[])[0].geometry as Record<
      string,
      unknown
    >;
    expect(geometry.type).toBe('LineString');
    expect((geometry.coordinates as number[][])[0]).toEqual([7.410329, 49.538282]);
    const none = await get(`/route/v1/driving/${KUSEL};${ALTENGLAN}?overview=false`);
    expect((none.body.routes as Record<string, unknown>[])[0].geometry).toBeUndefined();
  });

  it('answers /table with durations, distances and the snapped sources and destinations', async () => {
    const { body } = await get(
      `/table/v1/driving/${KUSEL};${ALTENGLAN};${LAUTERECKEN}?sources=0;2&destinations=1&annotations=duration,distance`,
    );
    expect(body.code).toBe('Ok');
    const durations = body.durations as number[][];
    const distances = body.distances as number[][];
    expect(durations).toHaveLength(2);
    expect(durations[0]).toHaveLength(1);
    expect(durations[0][0]).toBeGreaterThan(60);
    expect(distances[1][0]).toBeGreaterThan(10_000);
    expect(body.sources).toHaveLength(2);
    expect(body.destinations).toEqual([
      expect.objectContaining({ location: [7.461841, 49.548643] }),
    ]);
  });

  it('returns only durations by default, as OSRM does', async () => {
    const { body } = await get(`/table/v1/driving/${KUSEL};${ALTENGLAN}`);
    expect(body.durations).toBeDefined();
    expect(body.distances).toBeUndefined();
  });

  it('answers /nearest with the snapped waypoint', async () => {
    const { body } = await get(`/nearest/v1/driving/7.4105,49.5385.json?number=1`);
    expect(body.code).toBe('Ok');
    const [w] = body.waypoints as Record<string, unknown>[];
    expect(w.name).toBe('Bahnhofstraße');
    expect(w.distance as number).toBeLessThan(100);
    expect(w.location as number[]).toHaveLength(2);
  });

  it.each([
    ['an unparsable coordinate', `/route/v1/driving/abc;${KUSEL}`, 'InvalidUrl'],
    ['an unknown option', `/route/v1/driving/${KUSEL};${ALTENGLAN}?foo=1`, 'InvalidQuery'],
    [
      'a bad option value',
      `/route/v1/driving/${KUSEL};${ALTENGLAN}?geometries=wkt`,
      'InvalidQuery',
    ],
    ['an unknown service', `/match2/v1/driving/${KUSEL}`, 'InvalidService'],
    ['a single route point', `/route/v1/driving/${KUSEL}`, 'InvalidOptions'],
    ['a point in Paris', `/route/v1/driving/${KUSEL};2.35,48.85`, 'NoSegment'],
    [
      'a table over the size limit',
      `/table/v1/driving/${KUSEL};${KUSEL};${KUSEL};${KUSEL}`,
      'TooBig',
    ],
    [
      'an out-of-range source',
      `/table/v1/driving/${KUSEL};${ALTENGLAN}?sources=5`,
      'InvalidOptions',
    ],
  ])('rejects %s with HTTP 400 %s', async (_label, path, code) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(body.code).toBe(code);
    expect(body.message).toEqual(expect.any(String));
  });
});
