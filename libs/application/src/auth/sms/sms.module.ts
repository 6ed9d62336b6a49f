import { AppConfig, APP_CONFIG } from '@app/config';
import { Module } from '@nestjs/common';
import { LoggingSmsSender } from '../logging-sms-sender.adapter';
import { SmsSenderPort } from '../sms-sender.port';
import { SipgateSmsSender } from './sipgate-sms-sender.adapter';
import { SmppSmsSender } from './smpp-sms-sender.adapter';

/** The adapter behind SmsSenderPort named by SMS_TRANSPORT (config validation checked its settings). */
export function createSmsSender(config: AppConfig): SmsSenderPort {
  const retries = { attempts: config.SMS_SEND_ATTEMPTS, retryDelayMs: config.SMS_RETRY_DELAY_MS };
  switch (config.SMS_TRANSPORT) {
    case 'smpp':
      return new SmppSmsSender({
        url: config.SMPP_URL!,
        systemId: config.SMPP_SYSTEM_ID!,
        password: config.SMPP_PASSWORD ?? '',
        systemType: config.SMPP_SYSTEM_TYPE,
        sourceAddr: config.SMPP_SOURCE_ADDR,
        maxPerSecond: config.SMPP_MAX_PER_S,
        responseTimeoutMs: 10_000,
        ...retries,
      });
    case 'sipgate':
      return new SipgateSmsSender({
        baseUrl: config.SIPGATE_BASE_URL,
        tokenId: config.SIPGATE_TOKEN_ID!,
        token: config.SIPGATE_TOKEN!,
        smsId: config.SIPGATE_SMS_ID!,
        timeoutMs: 10_000,
        ...retries,
      });
    case 'log':
      return new LoggingSmsSender(config);
  }
}

/**
 * Provides SmsSenderPort for any app that sends SMS (sign-in codes, rider messages). Needs
 * ConfigModule (APP_CONFIG). One sender per process: the SMPP adapter keeps one bound session.
 */
@Module({
  providers: [{ provide: SmsSenderPort, inject: [APP_CONFIG], useFactory: createSmsSender }],
  exports: [SmsSenderPort],
})
export class SmsModule {}
