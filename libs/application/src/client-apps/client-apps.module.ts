import { Module } from '@nestjs/common';
import { ApplicationModule } from '../application.module';
import { LoggingSmsSender } from '../auth/logging-sms-sender.adapter';
import { OtpSignInService } from '../auth/otp-sign-in.service';
import { SmsSenderPort } from '../auth/sms-sender.port';
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
  imports: [ApplicationModule],
  providers: [
    ...services,
    OfferExpirySweeper,
    { provide: SmsSenderPort, useClass: LoggingSmsSender },
  ],
  exports: [...services, OfferExpirySweeper, SmsSenderPort],
})
export class ClientAppsModule {}
