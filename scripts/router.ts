/**
 * OSRM-compatible routing server over the embedded router, for development without Docker:
 *
 *   npm run router -- data/osm/kusel-synthetic.osm [--port 5000] [--host 0.0.0.0] [--max-table-size 100]
 *
 * Then point ROUTING/OSRM URLs at http://localhost:5000 as for osrm-routed.
 */
import { startRouterServer } from '@app/routing';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const osmFile = process.argv
    .slice(2)
    .find((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
  if (!osmFile) {
    console.error(
      'usage: npm run router -- <file.osm|.osm.gz|.osm.pbf> [--port 5000] [--host 127.0.0.1]',
    );
    process.exit(2);
  }
  const started = Date.now();
  const server = await startRouterServer({
    osmFile,
    port: Number(arg('port') ?? 5000),
    host: arg('host') ?? '127.0.0.1',
    maxTableSize: Number(arg('max-table-size') ?? 100),
  });
  console.log(
    `routing ${osmFile} (${server.router.graph.nodeCount} nodes) on ${server.url} after ${Date.now() - started} ms`,
  );
  const stop = (): void => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
