import { Module } from '@nestjs/common';
import { ApplicationModule } from '../application.module';
import { SmsModule } from '../auth/sms/sms.module';
import { RiderMessageDeliveryService, RiderMessageRelay } from './rider-message.delivery';

/**
 * Delivery of the rider-message outbox, for the dispatch worker (which consumes the delivery
 * jobs). The SMS transport is the `SmsSenderPort` chosen by `SMS_TRANSPORT`, as for sign-in.
 */
@Module({
  imports: [ApplicationModule, SmsModule],
  providers: [RiderMessageDeliveryService, RiderMessageRelay],
  exports: [RiderMessageDeliveryService, RiderMessageRelay],
})
export class RiderMessagesModule {}
