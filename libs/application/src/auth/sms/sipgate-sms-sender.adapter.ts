import { Injectable, Logger } from '@nestjs/common';
import { SmsSendError, SmsSenderPort } from '../sms-sender.port';

export interface SipgateOptions {
  /** `https://api.sipgate.com/v2`; configurable so tests can use a local server. */
  baseUrl: string;
  /** Personal access token (scope `sessions:sms:write`): its id and secret. */
  tokenId: string;
  token: string;
  /** The Web SMS extension that sends, e.g. `s0`. */
  smsId: string;
  attempts: number;
  retryDelayMs: number;
  timeoutMs: number;
}

/** What sipgate's documented error statuses mean for the office (sipgateio-sendsms examples). */
const PERMANENT: Record<number, string> = {
  400: 'the request was refused as malformed (400)',
  401: 'the token id or token is wrong (401)',
  402: 'the sipgate account has no credit left (402)',
  403: 'the token may not use this SMS extension, or Web SMS is not booked (403)',
  404: 'wrong API address (404): check SIPGATE_BASE_URL',
  415: 'the request lacked the JSON content type (415)',
};

/**
 * SMS through sipgate's REST API (sipgate GmbH, Düsseldorf): `POST {baseUrl}/sessions/sms` with
 * HTTP Basic authentication by personal access token (token id as user, token as password)
 * and the JSON body `{ smsId, recipient, message }`, as sipgate documents at
 * https://api.sipgate.com/v2/doc and in its sipgateio-sendsms examples. Any 2xx (sipgate
 * answers 204) is accepted. A network failure, a timeout, 429 and 5xx are retried with a
 * doubling pause; other statuses fail at once with an SmsSendError saying what to fix.
 */
@Injectable()
export class SipgateSmsSender extends SmsSenderPort {
  private readonly log = new Logger('SMS/sipgate');

  constructor(private readonly options: SipgateOptions) {
    super();
  }

  async send(to: string, text: string): Promise<void> {
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}/sessions/sms`;
    const auth = Buffer.from(`${this.options.tokenId}:${this.options.token}`).toString('base64');
    let reason = 'unknown error';
    for (let attempt = 1; attempt <= this.options.attempts; attempt++) {
      let status: number | null = null;
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            Accept: 'application/json',
            'Content-Type': 'application/json',
            Authorization: `Basic ${auth}`,
          },
          body: JSON.stringify({ smsId: this.options.smsId, recipient: to, message: text }),
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        status = res.status;
        const body = await res.text().catch(() => '');
        if (res.ok) return;
        if (PERMANENT[status] ?? (status >= 400 && status < 500 && status !== 429)) {
          throw new SmsSendError(
            'sipgate',
            PERMANENT[status] ?? `sipgate answered ${status}: ${body.slice(0, 200)}`,
            false,
          );
        }
        reason = `sipgate answered ${status}${body ? `: ${body.slice(0, 200)}` : ''}`;
      } catch (e) {
        if (e instanceof SmsSendError) throw e;
        reason = `cannot reach sipgate at ${url}: ${(e as Error).message}`;
      }
      if (attempt < this.options.attempts) {
        this.log.warn(`try ${attempt} failed (${reason}); trying again`);
        await new Promise((r) => setTimeout(r, this.options.retryDelayMs * 2 ** (attempt - 1)));
      }
    }
    throw new SmsSendError('sipgate', `${reason} (after ${this.options.attempts} tries)`, true);
  }
}
