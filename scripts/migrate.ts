// `npm run migrate`: applies pending migrations under the advisory lock and exits.
import { loadConfigOrExit } from '@app/config';
import { createDataSource, runMigrationsLocked } from '@app/persistence';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const ds = createDataSource(config.DATABASE_URL);
  await ds.initialize();
  try {
    const applied = await runMigrationsLocked(ds);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
  } finally {
    await ds.destroy();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
