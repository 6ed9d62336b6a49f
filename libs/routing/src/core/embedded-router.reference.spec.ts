import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haversineM, type LatLon } from '../geo';
import { EmbeddedRouter } from './embedded-router';
import { loadRoadGraph } from './graph-cache';

/*
 * The contraction hierarchy never changes an answer: its 100 x 100 table on real OSM data
 * (Kaiserslautern, © OpenStreetMap contributors, ODbL) equals one plain Dijkstra per source over
 * the same turn-aware graph, and routes agree with the table. The built graph (with its
 * hierarchy) is cached on disk between runs, keyed by the input file and format version.
 */
const OSM_FILE = join(__dirname, '../../../../data/osm/kaiserslautern.osm.gz');

/** mulberry32, so every run checks the same points. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('EmbeddedRouter: contraction hierarchy against a plain Dijkstra on Kaiserslautern', () => {
  let router: EmbeddedRouter;
  let points: LatLon[];

  beforeAll(async () => {
    const { graph } = await loadRoadGraph(OSM_FILE, {
      cacheDir: join(tmpdir(), 'ridepool-routing-spec-cache'),
    });
    router = new EmbeddedRouter(graph);
    const random = rng(1);
    // Random points near roads (up to ~30 m off), as stops are.
    points = Array.from({ length: 100 }, () => {
      const v = Math.floor(random() * graph.nodeCount);
      return {
        lat: graph.lat[v] + (random() - 0.5) * 0.0005,
        lon: graph.lon[v] + (random() - 0.5) * 0.0007,
      };
    });
  }, 120_000);

  it('gives the same 100 x 100 durations and distances (up to rounding)', () => {
    const phantoms = router.snapAll([...points, ...points]).slice(0, 100);
    const endpoints = phantoms.map((p) => router.endpoint(p));
    const fast = router.tableCh(endpoints, endpoints);
    const plain = router.tableDijkstra(endpoints, endpoints);
    let reachable = 0;
    for (let i = 0; i < 100; i++) {
      for (let j = 0; j < 100; j++) {
        const d = plain.durationsS[i][j];
        if (d === null) {
          expect(fast.durationsS[i][j]).toBeNull();
          continue;
        }
        reachable++;
        expect(fast.durationsS[i][j]).toBeCloseTo(d, 3);
        expect(fast.distancesM[i][j]).toBeCloseTo(plain.distancesM[i][j] as number, 2);
      }
    }
    expect(reachable).toBeGreaterThan(9000);
  });

  it('returns routes whose legs match the table and whose geometry joins the points', () => {
    const random = rng(7);
    for (let k = 0; k < 20; k++) {
      const a = points[Math.floor(random() * 100)];
      const b = points[Math.floor(random() * 100)];
      const route = router.route([a, b]);
      const t = router.table([a], [b]);
      expect(route.durationS).toBeCloseTo(t.durationsS[0][0] as number, 6);
      expect(route.distanceM).toBeCloseTo(t.distancesM[0][0] as number, 6);
      const coords = route.geometry.coordinates;
      let length = 0;
      for (let i = 1; i < coords.length; i++) {
        length += haversineM(
          { lon: coords[i - 1][0], lat: coords[i - 1][1] },
          { lon: coords[i][0], lat: coords[i][1] },
        );
      }
      // The drawn line is the driven path: as long as the reported distance.
      expect(length).toBeCloseTo(route.distanceM, -1);
    }
  });
});
