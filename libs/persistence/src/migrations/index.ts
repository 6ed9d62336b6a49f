import { InitialSchema1795237488260 } from './1795237488260-initial-schema';
import { IntegrityConstraints1795237500000 } from './1795237500000-integrity-constraints';
import { VehicleTrackPoints1795237640000 } from './1795237640000-vehicle-track-points';
import { BookingOffers1795238000000 } from './1795238000000-booking-offers';
import { OfficeSignIn1796100000000 } from './1796100000000-office-sign-in';
import { ServiceAreaBookingPhone1796200000000 } from './1796200000000-service-area-booking-phone';
import { FleetChanges1796300000000 } from './1796300000000-fleet-changes';
import { RiderMessages1796300001000 } from './1796300001000-rider-messages';
import { ShiftRoster1796300002000 } from './1796300002000-shift-roster';
import { Timetable1796900000000 } from './1796900000000-timetable';
import { BookingTrains1796900000001 } from './1796900000001-booking-trains';
import { ReturnTrips1796900000002 } from './1796900000002-return-trips';
import { DriverSessionShift1797000000010 } from './1797000000010-driver-session-shift';
import { TrainRealtime1797000014000 } from './1797000014000-train-realtime';
import { StopPopulation1797000014100 } from './1797000014100-stop-population';
import { CountyRoadFile1797000014200 } from './1797000014200-county-road-file';
import { RiderBookingLimits1797000016500 } from './1797000016500-rider-booking-limits';
import { BookingAlternatives1797000016600 } from './1797000016600-booking-alternatives';
import { TrainReports1797000016710 } from './1797000016710-train-reports';
import { BookingTrainSlack1797000016720 } from './1797000016720-booking-train-slack';
import { DriverPhoneUnique1797000016730 } from './1797000016730-driver-phone-unique';
import { RiderMessageStale1797000016740 } from './1797000016740-rider-message-stale';

/** Every migration, in order. A new one is generated, reviewed and added here. */
export const MIGRATIONS = [
  InitialSchema1795237488260,
  IntegrityConstraints1795237500000,
  VehicleTrackPoints1795237640000,
  BookingOffers1795238000000,
  OfficeSignIn1796100000000,
  ServiceAreaBookingPhone1796200000000,
  FleetChanges1796300000000,
  RiderMessages1796300001000,
  ShiftRoster1796300002000,
  Timetable1796900000000,
  BookingTrains1796900000001,
  ReturnTrips1796900000002,
  DriverSessionShift1797000000010,
  TrainRealtime1797000014000,
  StopPopulation1797000014100,
  CountyRoadFile1797000014200,
  RiderBookingLimits1797000016500,
  BookingAlternatives1797000016600,
  TrainReports1797000016710,
  BookingTrainSlack1797000016720,
  DriverPhoneUnique1797000016730,
  RiderMessageStale1797000016740,
];
