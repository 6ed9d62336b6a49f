import { writeBenchmarkSection } from '../shared/benchmarks-file';
/**
 * Routing benchmark: graph build, cache load, 100x100 matrix and single routes on the synthetic
 * Kusel network and real Kaiserslautern OSM data. Prints the figures and replaces the Routing
 * section of BENCHMARKS.md (between the bench:routing markers).
 *
 *   npm run bench:routing
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedRouter, loadRoadGraph, type LatLon } from '@app/routing';

const ROOT = join(__dirname, '../..');

/** mulberry32, so every run measures the same points. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ms = (since: bigint): number => Number(process.hrtime.bigint() - since) / 1e6;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(label: string, file: string): Promise<string[]> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'bench-routing-'));
  try {
    let t = process.hrtime.bigint();
    const built = await loadRoadGraph(file, { cacheDir });
    const buildMs = ms(t);
    t = process.hrtime.bigint();
    const cached = await loadRoadGraph(file, { cacheDir });
    const loadMs = ms(t);
    if (!cached.fromCache) throw new Error('cache was not used');
    t = process.hrtime.bigint();
    const router = new EmbeddedRouter(cached.graph);
    const indexMs = ms(t);

    const g = built.graph;
    const random = rng(1);
    const points: LatLon[] = Array.from({ length: 100 }, () => {
      const v = Math.floor(random() * g.nodeCount);
      return { lat: g.lat[v], lon: g.lon[v] };
    });
    router.table(points.slice(0, 10), points.slice(0, 10)); // warm-up (JIT)
    const tableTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      t = process.hrtime.bigint();
      router.table(points, points);
      tableTimes.push(ms(t));
    }
    const routeTimes: number[] = [];
    for (let i = 0; i < 50; i++) {
      t = process.hrtime.bigint();
      router.route([points[i], points[99 - i]]);
      routeTimes.push(ms(t));
    }
    const row = [
      label,
      `${g.nodeCount.toLocaleString('en')} / ${g.edgeHead.length.toLocaleString('en')}`,
      buildMs.toFixed(0),
      loadMs.toFixed(1),
      indexMs.toFixed(1),
      median(tableTimes).toFixed(0),
      median(routeTimes).toFixed(2),
    ];
    console.log(row.join(' | '));
    return row;
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const rows = [
    await measure('Kusel (synthetic)', join(ROOT, 'data/osm/kusel-synthetic.osm')),
    await measure('Kaiserslautern (OSM)', join(ROOT, 'data/osm/kaiserslautern.osm.gz')),
    await measure('Zweibrücken (OSM)', join(ROOT, 'data/osm/zweibruecken-roads.osm')),
  ];
  const section = [
    '## Routing',
    '',
    `Embedded router (\`npm run bench:routing\`), Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}.`,
    'Build = parse OSM + car graph + largest SCC + write cache; load = read the binary cache;',
    'index = flatbush over segments; table = 100 × 100 one-to-many Dijkstra (median of 3);',
    'route = one route with geometry between random nodes (median of 50).',
    '',
    '| network | nodes / edges | build ms | cache load ms | index ms | table 100×100 ms | route ms |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
  const file = join(ROOT, 'BENCHMARKS.md');
  writeBenchmarkSection(file, 'routing', section);
  console.log(`updated ${file}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
