// `npm run seed`: applies migrations, then loads Landkreis Kusel (idempotent).
import { loadConfigOrExit } from '@app/config';
import { seedKusel } from '@app/kusel-data';
import { createDataSource, runMigrationsLocked } from '@app/persistence';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const ds = createDataSource(config.DATABASE_URL);
  await ds.initialize();
  try {
    await runMigrationsLocked(ds);
    const s = await seedKusel(ds);
    console.log(
      `Landkreis Kusel loaded: ${s.villages} village stops, ${s.stations} rail stations, ` +
        `${s.vehicles} vehicles, ${s.drivers} drivers, ${s.shifts} new shifts (service area ${s.serviceAreaId}).`,
    );
  } finally {
    await ds.destroy();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
