// `npm run seed [-- --demo-fleet]`: applies migrations, then loads Landkreis Kusel's reference
// data (stops, service area; idempotent). The demo fleet (vehicles, drivers, shifts) only with
// --demo-fleet or SEED_DEMO_FLEET=true: production enters its real fleet.
import { loadConfigOrExit } from '@app/config';
import { seedKusel } from '@app/kusel-data';
import { createDataSource, runMigrationsLocked } from '@app/persistence';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const ds = createDataSource(config.DATABASE_URL);
  await ds.initialize();
  try {
    await runMigrationsLocked(ds);
    const demoFleet =
      process.argv.includes('--demo-fleet') || /^(1|true)$/.test(process.env.SEED_DEMO_FLEET ?? '');
    const s = await seedKusel(ds, { demoFleet });
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
