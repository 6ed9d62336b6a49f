import { AppConfig, APP_CONFIG } from '@app/config';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { SmsSenderPort } from './sms-sender.port';

/**
 * Development only (`SMS_TRANSPORT=log`): writes the message to the log instead of sending it,
 * so developers and testers can sign in with the code from the log. Configuration refuses this
 * transport with NODE_ENV=production; should it run there anyway, digits are masked.
 */
@Injectable()
export class LoggingSmsSender extends SmsSenderPort {
  private readonly log = new Logger('SMS');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async send(to: string, text: string): Promise<void> {
    const masked = `${to.slice(0, -4).replace(/\d/g, '•')}${to.slice(-4)}`;
    if (this.config.NODE_ENV === 'production') {
      this.log.warn(`no SMS transport configured: message to ${masked} NOT sent`);
    } else {
      this.log.log(`to ${masked}: ${text}`);
    }
  }
}
