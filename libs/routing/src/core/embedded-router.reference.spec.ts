import { join } from 'node:path';
import { haversineM, type LatLon } from '../geo';
import { EmbeddedRouter } from './embedded-router';
import { buildRoadGraph } from './graph-builder';
import { readOsmFile, type RawOsm } from './osm-reader';

/*
 * Checks the router's fastest paths on a real OSM network (Zweibrücken, © OpenStreetMap
 * contributors, ODbL) against a deliberately plain Dijkstra written here on the raw OSM ways,
 * sharing no code with the router's graph, snapping or search.
 */
const OSM_FILE = join(__dirname, '../../../../data/osm/zweibruecken-roads.osm');

/** Plain Dijkstra over OSM node ids; returns seconds to every reached node. */
function referenceDijkstra(raw: RawOsm, from: number): Map<number, number> {
  const adjacency = new Map<number, [number, number][]>();
  const coord = (id: number): LatLon => {
    const i = raw.nodeIndex.get(id) as number;
    return { lat: raw.lat[i], lon: raw.lon[i] };
  };
  for (const way of raw.ways) {
    for (let i = 1; i < way.refs.length; i++) {
      const a = way.refs[i - 1];
      const b = way.refs[i];
      if (!raw.nodeIndex.has(a) || !raw.nodeIndex.has(b) || a === b) continue;
      const m = haversineM(coord(a), coord(b));
      if (way.profile.forwardKmh > 0) {
        adjacency.set(a, [...(adjacency.get(a) ?? []), [b, m / (way.profile.forwardKmh / 3.6)]]);
      }
      if (way.profile.backwardKmh > 0) {
        adjacency.set(b, [...(adjacency.get(b) ?? []), [a, m / (way.profile.backwardKmh / 3.6)]]);
      }
    }
  }
  const dist = new Map<number, number>([[from, 0]]);
  const done = new Set<number>();
  // Sorted-array "heap": slow but obviously right, which is the point of a reference.
  const queue: [number, number][] = [[0, from]];
  while (queue.length > 0) {
    const [d, u] = queue.shift() as [number, number];
    if (done.has(u)) continue;
    done.add(u);
    for (const [v, w] of adjacency.get(u) ?? []) {
      if (d + w < (dist.get(v) ?? Infinity)) {
        dist.set(v, d + w);
        let lo = 0;
        let hi = queue.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (queue[mid][0] < d + w) lo = mid + 1;
          else hi = mid;
        }
        queue.splice(lo, 0, [d + w, v]);
      }
    }
  }
  return dist;
}

/** mulberry32, so the "random" pairs are the same on every run. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('EmbeddedRouter against a reference Dijkstra on Zweibrücken', () => {
  let raw: RawOsm;
  let router: EmbeddedRouter;
  let osmIdAt: Map<string, number>;

  beforeAll(async () => {
    raw = await readOsmFile(OSM_FILE);
    router = new EmbeddedRouter(buildRoadGraph(raw));
    osmIdAt = new Map();
    for (const [id, i] of raw.nodeIndex) osmIdAt.set(`${raw.lat[i]},${raw.lon[i]}`, id);
  });

  it('finds the same fastest travel times on 200 random node pairs', () => {
    const g = router.graph;
    const random = rng(42);
    const pick = (): LatLon => {
      const v = Math.floor(random() * g.nodeCount);
      return { lat: g.lat[v], lon: g.lon[v] };
    };
    const sources = Array.from({ length: 10 }, pick);
    const targets = Array.from({ length: 20 }, pick);
    const table = router.table(sources, targets);
    let compared = 0;
    sources.forEach((s, i) => {
      const ref = referenceDijkstra(raw, osmIdAt.get(`${s.lat},${s.lon}`) as number);
      targets.forEach((t, j) => {
        const expected = ref.get(osmIdAt.get(`${t.lat},${t.lon}`) as number);
        expect(expected).toBeDefined();
        expect(table.durationsS[i][j]).toBeCloseTo(expected as number, 6);
        compared++;
      });
    });
    expect(compared).toBe(200);
  });

  it('returns routes whose legs match the table and whose geometry joins the points', () => {
    const g = router.graph;
    const random = rng(7);
    for (let k = 0; k < 10; k++) {
      const [a, b] = [0, 1].map(() => {
        const v = Math.floor(random() * g.nodeCount);
        return { lat: g.lat[v], lon: g.lon[v] };
      });
      const route = router.route([a, b]);
      const t = router.table([a], [b]);
      expect(route.durationS).toBeCloseTo(t.durationsS[0][0] as number, 6);
      expect(route.distanceM).toBeCloseTo(t.distancesM[0][0] as number, 6);
      const coords = route.geometry.coordinates;
      expect(coords[0][0]).toBeCloseTo(a.lon, 5);
      expect(coords[0][1]).toBeCloseTo(a.lat, 5);
      expect(coords[coords.length - 1][1]).toBeCloseTo(b.lat, 5);
      // The line is at least as long as the straight line between its ends.
      let length = 0;
      for (let i = 1; i < coords.length; i++) {
        length += haversineM(
          { lon: coords[i - 1][0], lat: coords[i - 1][1] },
          { lon: coords[i][0], lat: coords[i][1] },
        );
      }
      expect(length).toBeCloseTo(route.distanceM, -1);
      expect(length).toBeGreaterThanOrEqual(haversineM(a, b) - 1);
    }
  });
});
