import { AppConfig, APP_CONFIG } from '@app/config';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { SmsSenderPort } from './sms-sender.port';

/**
 * Writes the message to the log instead of sending it. Outside production the code is shown, so
 * developers and testers can sign in; in production the code is masked and NO SMS is sent:
 * a real SMS gateway adapter is still to be written.
 */
@Injectable()
export class LoggingSmsSender extends SmsSenderPort {
  private readonly log = new Logger('SMS');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async send(phoneDigits: string, text: string, secret: string): Promise<void> {
    const to = `+${phoneDigits.slice(0, -4).replace(/\d/g, '•')}${phoneDigits.slice(-4)}`;
    if (this.config.NODE_ENV === 'production') {
      this.log.warn(`no SMS gateway configured: message to ${to} NOT sent`);
    } else {
      // Development only: the code in the log is how testers sign in.
      this.log.log(`to ${to}: ${text} [sign-in code ${secret}]`);
    }
  }
}
