import { CountyRoadNetworksService } from './routing/county-road-networks.service';
import { Clock } from '@app/domain';
import { Module } from '@nestjs/common';
import { AuditService } from './audit/audit.service';
import { clockProvider } from './clock/clock.provider';
import { BookingLifecycleService } from './bookings/booking-lifecycle.service';
import { BookingQueriesService } from './bookings/booking-queries.service';
import { BookingRequestResolver } from './bookings/booking-request.resolver';
import { CreateBookingService } from './bookings/create-booking.service';
import { CountiesService } from './counties/counties.service';
import { FleetService } from './fleet/fleet.service';
import { RidersService } from './riders/riders.service';
import { ServiceAreaFactsLoader } from './service-areas/service-area-facts.loader';
import { ServiceAreasService } from './service-areas/service-areas.service';
import { StopsService } from './stops/stops.service';
import { DeparturesService } from './timetable/departures.service';
import { TrainReportsRepository } from './train-realtime/train-reports.repository';

const services = [
  AuditService,
  BookingLifecycleService,
  BookingQueriesService,
  BookingRequestResolver,
  CreateBookingService,
  CountiesService,
  FleetService,
  RidersService,
  ServiceAreaFactsLoader,
  ServiceAreasService,
  StopsService,
  DeparturesService,
  TrainReportsRepository,
  CountyRoadNetworksService,
];

/**
 * The application services every app shares; needs PersistenceModule and MessagingModule.
 * Clock is the configured one ({@link clockProvider}: the system clock, or in development the
 * simulated clock) unless a test overrides the provider.
 */
@Module({
  providers: [...services, clockProvider],
  exports: [...services, Clock],
})
export class ApplicationModule {}
