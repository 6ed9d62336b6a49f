import { Module } from '@nestjs/common';
import { ApplicationModule } from '../application.module';
import { OtpSignInService } from '../auth/otp-sign-in.service';
import { SmsModule } from '../auth/sms/sms.module';
import { OfferExpirySweeper } from '../bookings/offer-expiry.sweeper';
import { DriverRouteService } from '../drivers/driver-route.service';
import { DriverShiftService } from '../drivers/driver-shift.service';
import { RoadMapService } from '../map/road-map.service';
import { BookingOptionsService } from './booking-options.service';

const services = [
  OtpSignInService,
  DriverShiftService,
  DriverRouteService,
  RoadMapService,
  BookingOptionsService,
];

/**
 * What the booking API adds for the rider and driver web apps: sign-in by phone code, the
 * driver's current shift and route to the next stop (needs the RoutingPort, which
 * ConsoleModule's global RoutingModule provides), the road network for maps, booking options, and the sweep that
 * expires offers not accepted in time. Needs AuthModule, MessagingModule and PersistenceModule.
 */
@Module({
  imports: [ApplicationModule, SmsModule],
  providers: [...services, OfferExpirySweeper],
  exports: [...services, OfferExpirySweeper, SmsModule],
})
export class ClientAppsModule {}
