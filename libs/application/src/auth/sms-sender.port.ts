/**
 * Sends a short text message to a phone: sign-in codes, and rider messages. Adapters (chosen
 * by `SMS_TRANSPORT`): {@link SmppSmsSender} (an aggregator's SMSC over SMPP 3.4),
 * {@link SipgateSmsSender} (sipgate's REST API), {@link LoggingSmsSender} (development only:
 * writes to the log, refused in production).
 */
export abstract class SmsSenderPort {
  /**
   * Resolves once the provider has accepted the message (not when it is delivered).
   * @param to the number in E.164, e.g. `+4915123456789`
   * @param text the message, German; keep it to one SMS (160 GSM characters) where possible
   * @throws SmsSendError when the provider refused it or could not be reached after retries
   */
  abstract send(to: string, text: string): Promise<void>;
}

/** The SMS was not accepted; `reason` says why in words an operator can act on. */
export class SmsSendError extends Error {
  constructor(
    readonly transport: string,
    readonly reason: string,
    /** Whether trying again later may help (throttled, unreachable) or not (bad credentials). */
    readonly transient: boolean,
  ) {
    super(`SMS via ${transport} not sent: ${reason}`);
    this.name = 'SmsSendError';
  }
}
