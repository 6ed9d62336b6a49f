import { Module } from '@nestjs/common';
import { ApplicationModule } from '../application.module';
import { AssignBookingService } from './assign-booking.service';
import { ReplanService } from './replan.service';

/** Planning services for the dispatch worker; needs RoutingModule (for the stop matrix) too. */
@Module({
  imports: [ApplicationModule],
  providers: [AssignBookingService, ReplanService],
  exports: [AssignBookingService, ReplanService],
})
export class DispatchApplicationModule {}
