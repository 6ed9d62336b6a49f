// `npm run import:gtfs -- FEED.zip [--name NAME]`: imports the trains at our stations from a GTFS
// feed (zip or directory), replacing the feed of the same name (default: the file's base name).
// In production: `node dist/scripts/import-gtfs.js FEED.zip --name vrn`.
import { GtfsFeedError, importGtfsFeed } from '@app/application';
import { loadConfigOrExit } from '@app/config';
import { createDataSource, runMigrationsLocked } from '@app/persistence';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { name: { type: 'string' } },
  });
  if (positionals.length !== 1) {
    console.error('usage: npm run import:gtfs -- FEED.zip [--name NAME]');
    process.exit(2);
  }
  const path = positionals[0];
  const name = values.name ?? basename(path).replace(/\.zip$/i, '');
  const config = loadConfigOrExit();
  const ds = createDataSource(config.DATABASE_URL);
  await ds.initialize();
  try {
    await runMigrationsLocked(ds);
    const started = Date.now();
    const r = await importGtfsFeed(ds, path, { name });
    console.log(
      `GTFS feed "${name}" imported in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
        `${r.stationsLinked} of our stations linked, ${r.trips} trains, ${r.stopTimes} calls, ` +
        `${r.services} services, ${r.exceptions} calendar exceptions.`,
    );
    for (const [file, s] of Object.entries(r.skipped)) {
      console.warn(`  skipped ${s.count} rows of ${file}, e.g.: ${s.firstReason}`);
    }
  } finally {
    await ds.destroy();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof GtfsFeedError ? `import:gtfs: ${e.message}` : e);
  process.exit(1);
});
