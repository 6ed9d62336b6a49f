import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createDataSource } from './data-source';
import { runMigrationsLocked } from './migrate';
import { DriverShiftsRepository } from './repositories/driver-shifts.repository';
import { VehicleSchedulesRepository } from './repositories/vehicle-schedules.repository';

export interface PersistenceOptions {
  databaseUrl: string;
  /** Apply pending migrations (under the advisory lock) before the app serves anything. */
  runMigrations: boolean;
  appName: string;
}

@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

/** Provides the TypeORM DataSource (PostgreSQL) and the shared repositories to the whole app. */
@Global()
@Module({})
export class PersistenceModule {
  static forRoot(options: PersistenceOptions): DynamicModule {
    return {
      module: PersistenceModule,
      providers: [
        {
          provide: DataSource,
          useFactory: async () => {
            process.env.APP_NAME ??= options.appName;
            const ds = createDataSource(options.databaseUrl);
            await ds.initialize();
            if (options.runMigrations) {
              const applied = await runMigrationsLocked(ds);
              if (applied.length) new Logger('Migrations').log(`applied ${applied.join(', ')}`);
            }
            return ds;
          },
        },
        DataSourceCloser,
        VehicleSchedulesRepository,
        DriverShiftsRepository,
      ],
      exports: [DataSource, VehicleSchedulesRepository, DriverShiftsRepository],
    };
  }
}
