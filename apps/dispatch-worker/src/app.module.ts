import {
  ApplicationModule,
  DispatchApplicationModule,
  ImprovementScheduler,
  RequestedBookingsSweeper,
  RiderMessagesModule,
  FleetChangesModule,
  RosterScheduler,
  DataRetentionService,
  PromiseCheckService,
  TrainRealtimeModule,
  TrainUpdatesScheduler,
} from '@app/application';
import { AppConfig, ConfigModule } from '@app/config';
import { LoggingModule, MetricsModule } from '@app/observability';
import { HealthController, HealthModule, ReadinessCheck } from '@app/http';
import { MessagingModule } from '@app/messaging';
import { PersistenceModule } from '@app/persistence';
import { RoutingModule } from '@app/routing';
import { DynamicModule, Module } from '@nestjs/common';
import { DispatchConsumerReadiness } from './dispatch-consumer.readiness';
import { DispatchProcessor } from './dispatch.processor';

/** The dispatch worker: consumes the dispatch queue and plans rides with the pooling engine. */
@Module({})
export class DispatchWorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DispatchWorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot({
          app: 'dispatch-worker',
          level: config.LOG_LEVEL,
          revealCodes: config.NODE_ENV === 'development',
        }),
        MetricsModule.forRoot({ app: 'dispatch-worker' }),
        // The booking API owns migrations; workers never race it for the schema.
        PersistenceModule.forRoot({
          databaseUrl: config.DATABASE_URL,
          runMigrations: false,
          appName: 'dispatch-worker',
        }),
        MessagingModule.forRoot({
          redisUrl: config.REDIS_URL,
          prefix: config.REDIS_PREFIX,
          dispatchRetries: {
            attempts: config.DISPATCH_JOB_ATTEMPTS,
            backoffMs: config.DISPATCH_JOB_BACKOFF_MS,
          },
        }),
        // Real OSRM when OSRM_URL is set, else the embedded router over ROUTER_OSM_FILE.
        RoutingModule.forRoot({ osrmUrl: config.OSRM_URL, osmFile: config.ROUTER_OSM_FILE }),
        ApplicationModule,
        DispatchApplicationModule,
        RiderMessagesModule,
        FleetChangesModule,
        HealthModule,
        TrainRealtimeModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: ReadinessCheck, useClass: DispatchConsumerReadiness },
        RequestedBookingsSweeper,
        DispatchProcessor,
        ImprovementScheduler,
        RosterScheduler,
        TrainUpdatesScheduler,
        DataRetentionService,
        PromiseCheckService,
      ],
    };
  }
}
