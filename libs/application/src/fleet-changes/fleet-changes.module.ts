import { Module } from '@nestjs/common';
import { ApplicationModule } from '../application.module';
import { AtRiskBookingsService } from './at-risk-bookings.service';
import { FleetChangeService } from './fleet-change.service';
import { ShiftRosterService } from '../roster/shift-roster.service';

const services = [FleetChangeService, AtRiskBookingsService, ShiftRosterService];

/**
 * Fleet changes that touch promises and the office's handling of bookings at risk. Needs the
 * (global) RoutingModule for the stop matrix, as the dispatch services do.
 */
@Module({
  imports: [ApplicationModule],
  providers: services,
  exports: services,
})
export class FleetChangesModule {}
