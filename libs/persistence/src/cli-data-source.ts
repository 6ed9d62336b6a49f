// Entry point for the TypeORM CLI (`npm run migration:generate`), reading DATABASE_URL.
import { createDataSource } from './data-source';

export default createDataSource(
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ridepool',
);
