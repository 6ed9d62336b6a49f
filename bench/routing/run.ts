import { writeBenchmarkSection } from '../shared/benchmarks-file';
/**
 * Routing benchmark: graph build (parse OSM, turn-aware graph, contraction hierarchy), cache
 * load, 100x100 tables and single routes, in-process and over the embedded OSRM-compatible HTTP
 * server, on the synthetic Kusel network and real OSM data. Prints the figures and replaces the
 * Routing section of BENCHMARKS.md (between the bench:routing markers).
 *
 *   npm run bench:routing            (run it when the machine is quiet: it measures wall time)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EDGE_FLAG,
  EmbeddedRouter,
  loadRoadGraph,
  startRouterServer,
  type LatLon,
} from '@app/routing';

const ROOT = join(__dirname, '../..');
const REPEAT_TABLE = 21;
const REPEAT_ROUTE = 200;

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

async function timeAsync(n: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await fn(i);
    times.push(ms(t));
  }
  return median(times);
}

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
    // Random road nodes of the main network (not tiny pieces, which clipped extracts have).
    const points: LatLon[] = [];
    while (points.length < 100) {
      const e = Math.floor(random() * g.edgeHead.length);
      if (g.edgeFlags[e] & EDGE_FLAG.tiny) continue;
      const v = g.edgeTail[e];
      points.push({ lat: g.lat[v], lon: g.lon[v] });
    }
    for (let i = 0; i < 5; i++) router.table(points, points); // warm-up (JIT)
    const tableMs = await timeAsync(REPEAT_TABLE, async () => router.table(points, points));
    for (let i = 0; i < 50; i++) router.route([points[i], points[99 - i]]);
    const routeMs = await timeAsync(REPEAT_ROUTE, async (i) =>
      router.route([points[i % 100], points[99 - (i % 100)]]),
    );

    const server = await startRouterServer({ router, port: 0 });
    try {
      const coords = points.map((p) => `${p.lon.toFixed(6)},${p.lat.toFixed(6)}`);
      const tableUrl = `${server.url}/table/v1/driving/${coords.join(';')}?annotations=duration,distance`;
      const get = async (url: string): Promise<void> => {
        const res = await fetch(url);
        const body = (await res.json()) as { code: string };
        if (body.code !== 'Ok') throw new Error(`${url}: ${body.code}`);
      };
      for (let i = 0; i < 5; i++) await get(tableUrl);
      const httpTableMs = await timeAsync(REPEAT_TABLE, () => get(tableUrl));
      const routeUrl = (i: number): string =>
        `${server.url}/route/v1/driving/${coords[i % 100]};${coords[99 - (i % 100)]}`;
      for (let i = 0; i < 50; i++) await get(routeUrl(i));
      const httpRouteMs = await timeAsync(REPEAT_ROUTE, (i) => get(routeUrl(i)));
      const row = [
        label,
        `${g.nodeCount.toLocaleString('en')} / ${g.edgeHead.length.toLocaleString('en')} / ${g.turnTo.length.toLocaleString('en')} / ${(g.chUpTo.length + g.chDownFrom.length).toLocaleString('en')}`,
        buildMs.toFixed(0),
        loadMs.toFixed(1),
        indexMs.toFixed(1),
        tableMs.toFixed(1),
        httpTableMs.toFixed(1),
        routeMs.toFixed(2),
        httpRouteMs.toFixed(2),
      ];
      console.log(row.join(' | '));
      return row;
    } finally {
      await server.close();
    }
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
    `Embedded router (\`npm run bench:routing\`), Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, load average ${loadavg()[0].toFixed(1)} at the end of the run.`,
    'Car model after OSRM v26.4.1 car.lua on a turn-aware (edge-based) graph; tables by bucket-based',
    'many-to-many on a contraction hierarchy (Geisberger et al. 2008; Knopp et al. 2007), routes by the',
    'bidirectional CH search with shortcut unpacking.',
    'Build = parse OSM + car graph + turns + components + contraction + write cache (the one-off',
    'preprocessing); load = read the binary cache; index = flatbush over segments and query buffers;',
    `table = 100 × 100 durations and distances (median of ${REPEAT_TABLE}); route = one route with`,
    `geometry between random nodes (median of ${REPEAT_ROUTE}); "HTTP" = the same through the embedded`,
    'OSRM-compatible server on localhost (keep-alive fetch, JSON parsed). Targets (issue 15): HTTP table',
    '≤ 45 ms, route ≤ 1.5 ms on Kaiserslautern. Shared machine: figures vary with other load.',
    '',
    '| network | nodes / edges / turns / CH arcs | build ms | cache load ms | index ms | table ms | table HTTP ms | route ms | route HTTP ms |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
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
