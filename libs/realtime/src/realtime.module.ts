import { ApplicationModule, FleetChangesModule } from '@app/application';
import { DriverStopEventsService } from '@app/application';
import { DynamicModule, Module } from '@nestjs/common';
import { DriverShiftResolver } from './access/driver-shift.resolver';
import { EtaService } from './eta/eta.service';
import { ChangeEventsSubscriber } from './events/change-events.subscriber';
import { RealtimeBroadcaster } from './events/realtime.broadcaster';
import { LatestPositionStore } from './positions/latest-position.store';
import { TrackHistoryWriter } from './positions/track-history.writer';
import { VehiclePositionService } from './positions/vehicle-position.service';
import { DEFAULT_REALTIME_OPTIONS, REALTIME_OPTIONS, RealtimeOptions } from './realtime.options';
import { SessionService } from './sessions/session.service';
import { SocketAuthService } from './sessions/socket-auth.service';
import { StopEventsService } from './stop-events/stop-events.service';
import { VehicleBreakdownService } from './breakdowns/vehicle-breakdown.service';
import { TripListService } from './trips/trip-list.service';

const exported = [
  RealtimeBroadcaster,
  SessionService,
  SocketAuthService,
  VehiclePositionService,
  StopEventsService,
  VehicleBreakdownService,
  TrackHistoryWriter,
  LatestPositionStore,
  TripListService,
  EtaService,
];

/**
 * The realtime gateway's services; needs PersistenceModule and MessagingModule, and uses
 * RoutingPort for ETAs when a RoutingModule is loaded (else ETAs come from the schedule).
 */
@Module({})
export class RealtimeModule {
  static forRoot(
    options: Pick<RealtimeOptions, 'redisUrl' | 'redisPrefix'> & Partial<RealtimeOptions>,
  ): DynamicModule {
    return {
      module: RealtimeModule,
      imports: [ApplicationModule, FleetChangesModule],
      providers: [
        { provide: REALTIME_OPTIONS, useValue: { ...DEFAULT_REALTIME_OPTIONS, ...options } },
        ...exported,
        DriverShiftResolver,
        DriverStopEventsService,
        ChangeEventsSubscriber,
      ],
      exports: exported,
    };
  }
}
