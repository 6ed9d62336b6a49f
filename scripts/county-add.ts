// `npm run county:add -- --ags 07335 --municipalities FILE.csv --stations FILE.csv
//   [--name "Landkreis Kaiserslautern"] [--hub EVA] [--time-zone Europe/Berlin] [--osm FILE]`
// (production: `node dist/scripts/county-add.js ...`): onboards a county from reference data
// files in the format of data/kusel/. Idempotent: a re-run updates the county in place. Its road
// data comes from the shared router (OSRM on the state's extract), or with --osm from its own
// OSM file, which the embedded router (no OSRM_URL) routes the county's requests on.
import { loadConfigOrExit } from '@app/config';
import { addCounty, CountyDataError } from '@app/kusel-data';
import { createDataSource, runMigrationsLocked } from '@app/persistence';
import { parseArgs } from 'node:util';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      ags: { type: 'string' },
      name: { type: 'string' },
      municipalities: { type: 'string' },
      stations: { type: 'string' },
      hub: { type: 'string' },
      'time-zone': { type: 'string' },
      osm: { type: 'string' },
    },
  });
  if (!values.ags || !values.municipalities || !values.stations) {
    console.error(
      'usage: npm run county:add -- --ags AGS --municipalities FILE.csv --stations FILE.csv ' +
        '[--name NAME] [--hub EVA] [--time-zone TZ] [--osm FILE]',
    );
    process.exit(2);
  }
  const config = loadConfigOrExit();
  const ds = createDataSource(config.DATABASE_URL);
  await ds.initialize();
  try {
    await runMigrationsLocked(ds);
    const r = await addCounty(ds, {
      ags: values.ags,
      name: values.name,
      municipalitiesFile: values.municipalities,
      stationsFile: values.stations,
      hubEvaId: values.hub,
      timeZone: values['time-zone'],
      osmFile: values.osm,
    });
    console.log(
      `County ${values.ags} loaded: ${r.villages} village stops, ${r.stations} rail stations ` +
        `(service area ${r.serviceAreaId}). Dispatch workers pick it up without a restart.`,
    );
  } finally {
    await ds.destroy();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof CountyDataError ? `county:add: ${e.message}` : e);
  process.exit(1);
});
