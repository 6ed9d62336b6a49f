import {
  ApplicationModule,
  ClientAppsModule,
  ConsoleModule,
  FleetChangesModule,
  OfficeAuthModule,
  OpenDataModule,
} from '@app/application';
import { AuthModule, JwtAuthGuard } from '@app/auth';
import { AppConfig, ConfigModule } from '@app/config';
import { LoggingModule, MetricsModule } from '@app/observability';
import { MessagingModule, RedisThrottlerStorage } from '@app/messaging';
import { PersistenceModule } from '@app/persistence';
import { WhatIfModule } from '@app/simulation';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { ConsoleController } from './admin/console.controller';
import { FleetChangesController } from './admin/fleet-changes.controller';
import { RosterController } from './admin/roster.controller';
import { FleetController } from './admin/fleet.controller';
import { RidersAdminController } from './admin/riders-admin.controller';
import { ServiceAreasController } from './admin/service-areas.controller';
import { StopsAdminController } from './admin/stops-admin.controller';
import { BookingsController } from './bookings/bookings.controller';
import { ClientConfigController } from './client-config/client-config.controller';
import { DevTokensController } from './dev/dev-tokens.controller';
import { OtpController } from './auth/otp.controller';
import { SessionController } from './auth/session.controller';
import { OidcController } from './auth/oidc.controller';
import { AuditController } from './audit/audit.controller';
import { AuditInterceptor } from './audit/audit.interceptor';
import { LocalSignInController } from './auth/local-sign-in.controller';
import { OperatorAccountsController } from './admin/operator-accounts.controller';
import { DriverRouteController } from './drivers/driver-route.controller';
import { DriverShiftController } from './drivers/driver-shift.controller';
import { RoadNetworkController } from './map/road-network.controller';
import { GtfsFlexController } from './open-data/gtfs-flex.controller';
import { HubsController } from './open-data/hubs.controller';

import { RidersController } from './riders/riders.controller';
import { StopsController } from './stops/stops.controller';
import { WriteThrottlerGuard } from './throttling/write-throttler.guard';
import { HealthController, HealthModule } from '@app/http';

@Module({})
export class BookingApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: BookingApiModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot({
          app: 'booking-api',
          level: config.LOG_LEVEL,
          revealCodes: config.NODE_ENV === 'development',
        }),
        MetricsModule.forRoot({ app: 'booking-api' }),
        PersistenceModule.forRoot({
          databaseUrl: config.DATABASE_URL,
          runMigrations: config.MIGRATIONS_RUN,
          appName: 'booking-api',
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
        ThrottlerModule.forRootAsync({
          inject: [RedisThrottlerStorage],
          useFactory: (storage: RedisThrottlerStorage) => ({
            throttlers: [{ name: 'writes', ttl: 60_000, limit: config.RATE_LIMIT_WRITES_PER_MIN }],
            storage,
          }),
        }),
        ApplicationModule,
        ClientAppsModule,
        OfficeAuthModule,
        OpenDataModule,
        ConsoleModule.forRoot({ osrmUrl: config.OSRM_URL, osmFile: config.ROUTER_OSM_FILE }),
        WhatIfModule,
        FleetChangesModule,
        HealthModule,
      ],
      controllers: [
        BookingsController,
        StopsController,
        RidersController,
        ServiceAreasController,
        StopsAdminController,
        FleetController,
        FleetChangesController,
        RosterController,
        RidersAdminController,
        ConsoleController,
        HealthController,
        ClientConfigController,
        OtpController,
        SessionController,
        OidcController,
        AuditController,
        LocalSignInController,
        OperatorAccountsController,
        DriverShiftController,
        DriverRouteController,
        RoadNetworkController,
        HubsController,
        GtfsFlexController,
        // Development conveniences exist only outside production.
        ...(config.DEV_TOKENS ? [DevTokensController] : []),
      ],
      providers: [
        { provide: APP_GUARD, useClass: WriteThrottlerGuard },
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
      ],
    };
  }
}
