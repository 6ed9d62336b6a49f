// `npm run export:gtfs-flex -- --out DIR [--county 07336]`: writes the on-demand service as a
// GTFS-Flex v2 feed (the text files and gtfs-flex.zip) for DELFI and journey planners.
import { CountiesService, GtfsFlexExportService, zipFiles } from '@app/application';
import { loadConfigOrExit } from '@app/config';
import { createDataSource } from '@app/persistence';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, county: { type: 'string' } },
  });
  if (!values.out) {
    console.error('usage: npm run export:gtfs-flex -- --out DIR [--county AGS]');
    process.exit(2);
  }
  const config = loadConfigOrExit();
  const ds = createDataSource(config.DATABASE_URL);
  await ds.initialize();
  try {
    const { county, files } = await new GtfsFlexExportService(ds, new CountiesService(ds)).files({
      countyCode: values.county,
      publicBaseUrl: config.PUBLIC_BASE_URL ?? null,
      phone: config.OFFICE_PHONE ?? null,
      now: new Date(),
    });
    mkdirSync(values.out, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(values.out, name), text);
    writeFileSync(join(values.out, `gtfs-flex-${county.code}.zip`), await zipFiles(files));
    console.log(`GTFS-Flex feed of ${county.name} written to ${values.out}`);
  } finally {
    await ds.destroy();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? `export:gtfs-flex: ${e.message}` : e);
  process.exit(1);
});
