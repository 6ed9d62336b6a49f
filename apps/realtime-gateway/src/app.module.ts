import { AuthModule } from '@app/auth';
import { AppConfig, ConfigModule } from '@app/config';
import { LoggingModule, MetricsModule } from '@app/observability';
import { HealthController, HealthModule } from '@app/http';
import { MessagingModule } from '@app/messaging';
import { PersistenceModule } from '@app/persistence';
import { RealtimeModule } from '@app/realtime';
import { RoutingModule } from '@app/routing';
import { DynamicModule, Module } from '@nestjs/common';
import { RealtimeGateway } from './realtime.gateway';

@Module({})
export class RealtimeGatewayModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: RealtimeGatewayModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot({
          app: 'realtime-gateway',
          level: config.LOG_LEVEL,
          revealCodes: config.NODE_ENV === 'development',
        }),
        MetricsModule.forRoot({ app: 'realtime-gateway' }),
        PersistenceModule.forRoot({
          databaseUrl: config.DATABASE_URL,
          runMigrations: false,
          appName: 'realtime-gateway',
        }),
        MessagingModule.forRoot({
          redisUrl: config.REDIS_URL,
          prefix: config.REDIS_PREFIX,
          dispatchRetries: {
            attempts: config.DISPATCH_JOB_ATTEMPTS,
            backoffMs: config.DISPATCH_JOB_BACKOFF_MS,
          },
        }),
        AuthModule.fromConfig(config),
        // ETAs: real OSRM when OSRM_URL is set, else the embedded router over ROUTER_OSM_FILE
        // and the counties' own road files (CountyRoadNetworksService, in ApplicationModule).
        RoutingModule.forRoot({ osrmUrl: config.OSRM_URL, osmFile: config.ROUTER_OSM_FILE }),
        RealtimeModule.forRoot({
          redisUrl: config.REDIS_URL,
          redisPrefix: config.REDIS_PREFIX,
          trackingLeadMin: config.RIDER_TRACKING_LEAD_MIN,
          reauthGraceS: config.SOCKET_REAUTH_GRACE_S,
        }),
        HealthModule,
      ],
      controllers: [HealthController],
      providers: [RealtimeGateway],
    };
  }
}
