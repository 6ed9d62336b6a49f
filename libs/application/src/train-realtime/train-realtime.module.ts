import { Module } from '@nestjs/common';
import { ApplicationModule } from '../application.module';
import { TrainDisruptionsService } from './train-disruptions.service';
import { TrainRidesMatcher } from './train-rides.matcher';
import { TrainUpdatesPoller } from './train-updates.poller';

const services = [TrainRidesMatcher, TrainDisruptionsService, TrainUpdatesPoller];

/**
 * Late and cancelled trains from GTFS-Realtime, for the dispatch worker (which also provides
 * the TrainUpdatesScheduler). Needs the (global)
 * RoutingModule for the stop matrix, as the fleet changes do.
 */
@Module({
  imports: [ApplicationModule],
  providers: services,
  exports: services,
})
export class TrainRealtimeModule {}
