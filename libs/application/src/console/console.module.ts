import { RoutingModule } from '@app/routing';
import { DynamicModule, Module } from '@nestjs/common';
import { ApplicationModule } from '../application.module';
import { ConsoleStatsService } from './console-stats.service';
import { LiveFleetService } from './live-fleet.service';

const services = [ConsoleStatsService, LiveFleetService];

/**
 * What the operator console needs beyond the admin API: service figures, the live fleet with trip lists (the what-if
 * replay is libs/simulation's WhatIfModule). Brings the routing port (OSRM when
 * `osrmUrl` is set, else the embedded router over `osmFile`).
 */
@Module({})
export class ConsoleModule {
  static forRoot(routing: { osrmUrl?: string; osmFile: string }): DynamicModule {
    return {
      module: ConsoleModule,
      imports: [ApplicationModule, RoutingModule.forRoot(routing)],
      providers: services,
      exports: services,
    };
  }
}
