import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedRouter } from './embedded-router';
import { deserializeGraph, loadRoadGraph, serializeGraph } from './graph-cache';

const DATA = join(__dirname, '../../../../data/osm');
// Building a graph with its contraction hierarchy takes seconds on a busy machine.
jest.setTimeout(60_000);

describe('graph cache', () => {
  let cacheDir: string;
  beforeEach(() => (cacheDir = mkdtempSync(join(tmpdir(), 'routing-cache-'))));
  afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('serves a second start from the cache file with the identical graph', async () => {
    const file = join(DATA, 'zweibruecken-roads.osm');
    const first = await loadRoadGraph(file, { cacheDir });
    const second = await loadRoadGraph(file, { cacheDir });
    expect(first.fromCache).toBe(false);
    expect(second.fromCache).toBe(true);
    expect(readdirSync(cacheDir)).toEqual([
      expect.stringMatching(/^zweibruecken-roads\.osm\.[0-9a-f]{16}\.graph\.bin$/),
    ]);
    expect(second.graph).toEqual(first.graph);
  });

  it('rebuilds when the cache file is damaged', async () => {
    const file = join(DATA, 'zweibruecken-roads.osm');
    const { cacheFile } = await loadRoadGraph(file, { cacheDir });
    writeFileSync(cacheFile as string, 'not a graph');
    const again = await loadRoadGraph(file, { cacheDir });
    expect(again.fromCache).toBe(false);
    expect(again.graph.nodeCount).toBeGreaterThan(1000);
  });

  it('round-trips through bytes', async () => {
    const { graph } = await loadRoadGraph(join(DATA, 'kusel-synthetic.osm'), { useCache: false });
    expect(deserializeGraph(serializeGraph(graph))).toEqual(graph);
  });
});

describe('OSM input formats', () => {
  it('reads gzipped OSM XML (Kaiserslautern) and routes across the city', async () => {
    const router = await EmbeddedRouter.fromOsmFile(join(DATA, 'kaiserslautern.osm.gz'), {
      useCache: false,
    });
    // Hauptbahnhof to Rathaus area, about 1.5 km apart.
    const r = router.route([
      { lat: 49.4361, lon: 7.7687 },
      { lat: 49.4445, lon: 7.7689 },
    ]);
    expect(r.distanceM).toBeGreaterThan(900);
    expect(r.distanceM).toBeLessThan(5000);
    expect(r.durationS).toBeGreaterThan(60);
    expect(r.durationS).toBeLessThan(900);
  });

  it('reads OSM PBF (Monaco) and routes from Monte Carlo to Fontvieille', async () => {
    const router = await EmbeddedRouter.fromOsmFile(join(DATA, 'monaco.osm.pbf'), {
      useCache: false,
    });
    expect(router.graph.nodeCount).toBeGreaterThan(5000);
    const r = router.route([
      { lat: 43.7396, lon: 7.4276 },
      { lat: 43.7305, lon: 7.4165 },
    ]);
    expect(r.distanceM).toBeGreaterThan(1300);
    expect(r.distanceM).toBeLessThan(6000);
    expect(r.durationS).toBeLessThan(20 * 60);
  });
});
