import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import * as smpp from 'smpp';
import { SmsSendError, SmsSenderPort } from '../sms-sender.port';

export interface SmppOptions {
  /** `smpp://host:port`, or `ssmpp://host:port` for SMPP over TLS. */
  url: string;
  systemId: string;
  password: string;
  /** Some SMSCs want a system_type at bind; empty for most. */
  systemType: string;
  /** Sender shown on the phone: up to 11 letters/digits (alphanumeric) or a number in E.164. */
  sourceAddr: string;
  /** Messages per second the account may submit (the SMSC throttles above it). */
  maxPerSecond: number;
  /** Tries per message (bind and submit), with a doubling pause starting at retryDelayMs. */
  attempts: number;
  retryDelayMs: number;
  /** How long to wait for any response PDU. */
  responseTimeoutMs: number;
}

/** Statuses after which trying again may help: throttling, full queues, system errors. */
const TRANSIENT = new Set<number>([
  smpp.ESME_RTHROTTLED,
  smpp.ESME_RMSGQFUL,
  smpp.errors.ESME_RSYSERR ?? 0x08,
  smpp.ESME_RBINDFAIL,
]);
/**
 * Whether a text fits one SMS in `short_message`: 160 septets of GSM 03.38 (sent one octet
 * each; an escaped character such as €, [ or ] takes two, so counting characters is not
 * enough), or 140 octets of Latin-1 or UCS-2.
 */
function fitsOneSms(text: string, encoding: string): boolean {
  const codec = smpp.encodings[encoding as 'ASCII' | 'LATIN1' | 'UCS2'] ?? smpp.encodings.UCS2;
  return codec.encode(text).length <= (encoding === 'ASCII' ? 160 : 140);
}

class PduError extends Error {
  constructor(
    readonly step: string,
    readonly status: number,
  ) {
    super(`${step} answered ${statusName(status)}`);
  }
}

/**
 * SMS over SMPP 3.4 (the protocol SMS aggregators and operators' SMSCs speak), as an ESME
 * transmitter: one bound session kept open (enquire_link every 30 s), re-bound when it drops.
 * Each message is a `submit_sm` to the E.164 number (TON international, NPI ISDN) with the
 * text; the `smpp` package picks GSM 03.38, Latin-1 or UCS-2 for it. A text longer than one
 * SMS goes in the `message_payload` TLV (SMPP 3.4 §5.3.2.32), which the SMSC splits.
 *
 * Submissions are spaced to `maxPerSecond`. A failed bind, a dropped connection, a timeout
 * and the statuses ESME_RTHROTTLED, ESME_RMSGQFUL, ESME_RSYSERR are retried with a doubling
 * pause; after the last try, or at once for a permanent refusal (wrong password, bad number),
 * the caller gets an SmsSendError naming the step and the SMPP status.
 */
@Injectable()
export class SmppSmsSender extends SmsSenderPort implements OnApplicationShutdown {
  private readonly log = new Logger('SMS/SMPP');
  private session: smpp.Session | null = null;
  private bound: Promise<smpp.Session> | null = null;
  /** Chain that spaces submissions to the account's throughput. */
  private pace: Promise<void> = Promise.resolve();
  private nextSlot = 0;
  private closing = false;

  constructor(private readonly options: SmppOptions) {
    super();
  }

  async send(to: string, text: string): Promise<void> {
    const destination = to.replace(/^\+/, '');
    let last: Error | null = null;
    for (let attempt = 1; attempt <= this.options.attempts; attempt++) {
      try {
        const session = await this.bind();
        await this.slot();
        await this.submit(session, destination, text);
        return;
      } catch (e) {
        last = e as Error;
        const transient = !(e instanceof PduError) || TRANSIENT.has(e.status);
        if (e instanceof PduError && e.step === 'bind_transmitter') this.drop();
        if (!(e instanceof PduError)) this.drop();
        if (!transient) break;
        if (attempt < this.options.attempts) {
          this.log.warn(`try ${attempt} failed (${last.message}); trying again`);
          await sleep(this.options.retryDelayMs * 2 ** (attempt - 1));
        }
      }
    }
    const status = last instanceof PduError ? last.status : null;
    throw new SmsSendError(
      'smpp',
      `${last?.message ?? 'unknown error'}${status !== null && TRANSIENT.has(status) ? ` (after ${this.options.attempts} tries)` : ''}`,
      status === null || TRANSIENT.has(status),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    const session = this.session;
    if (!session) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => session.destroy(() => resolve()), 1000);
      session.unbind({}, () => {
        clearTimeout(timer);
        session.close(() => resolve());
      });
    }).catch(() => undefined);
    this.session = null;
    this.bound = null;
  }

  private bind(): Promise<smpp.Session> {
    if (this.closing) return Promise.reject(new Error('shutting down'));
    this.bound ??= this.connectAndBind().catch((e: Error) => {
      this.bound = null;
      throw e;
    });
    return this.bound;
  }

  private connectAndBind(): Promise<smpp.Session> {
    return new Promise<smpp.Session>((resolve, reject) => {
      const session = smpp.connect({ url: this.options.url, auto_enquire_link_period: 30_000 });
      this.session = session;
      let settled = false;
      const fail = (e: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        session.destroy();
        reject(e);
      };
      const timer = setTimeout(
        () => fail(new Error(`no bind response within ${this.options.responseTimeoutMs} ms`)),
        this.options.responseTimeoutMs,
      );
      session.on('error', (e: Error) => {
        if (!settled) fail(new Error(`cannot reach the SMSC at ${this.options.url}: ${e.message}`));
        else this.log.warn(`SMPP session error: ${e.message}`);
      });
      session.on('close', () => {
        if (this.session === session) {
          this.session = null;
          this.bound = null;
        }
        fail(new Error('the SMSC closed the connection'));
      });
      // The SMSC may check we are alive, or end the session itself.
      session.on('enquire_link', (pdu: smpp.Pdu) => session.send(pdu.response()));
      session.on('unbind', (pdu: smpp.Pdu) => {
        session.send(pdu.response());
        session.close();
      });
      const connectEvent = this.options.url.startsWith('ssmpp:') ? 'secureConnect' : 'connect';
      session.once(connectEvent, () => {
        session.bind_transmitter(
          {
            system_id: this.options.systemId,
            password: this.options.password,
            system_type: this.options.systemType,
            interface_version: 0x34,
          },
          (pdu) => {
            if (pdu.command_status !== smpp.ESME_ROK)
              return fail(new PduError('bind_transmitter', pdu.command_status));
            settled = true;
            clearTimeout(timer);
            resolve(session);
          },
        );
      });
    });
  }

  private submit(session: smpp.Session, destination: string, text: string): Promise<void> {
    const alphanumeric = /[a-z]/i.test(this.options.sourceAddr);
    const encoding = smpp.encodings.detect(text);
    const singleSms = fitsOneSms(text, encoding);
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`no submit_sm response within ${this.options.responseTimeoutMs} ms`)),
        this.options.responseTimeoutMs,
      );
      const sent = session.submit_sm(
        {
          source_addr_ton: alphanumeric ? 0x05 : 0x01,
          source_addr_npi: alphanumeric ? 0x00 : 0x01,
          source_addr: this.options.sourceAddr.replace(/^\+/, ''),
          dest_addr_ton: 0x01,
          dest_addr_npi: 0x01,
          destination_addr: destination,
          registered_delivery: 0,
          ...(singleSms ? { short_message: text } : { message_payload: text }),
        },
        (pdu) => {
          clearTimeout(timer);
          if (pdu.command_status !== smpp.ESME_ROK)
            reject(new PduError('submit_sm', pdu.command_status));
          else resolve();
        },
      );
      if (!sent) {
        clearTimeout(timer);
        reject(new Error('the SMPP connection is not writable'));
      }
    });
  }

  /** Waits for the next free submission slot (maxPerSecond, shared by concurrent sends). */
  private slot(): Promise<void> {
    const gapMs = 1000 / this.options.maxPerSecond;
    const next = this.pace.then(async () => {
      const wait = this.nextSlot - Date.now();
      if (wait > 0) await sleep(wait);
      this.nextSlot = Date.now() + gapMs;
    });
    this.pace = next.catch(() => undefined);
    return next;
  }

  private drop(): void {
    const session = this.session;
    this.session = null;
    this.bound = null;
    session?.destroy();
  }
}

function statusName(status: number): string {
  const name = Object.entries(smpp.errors).find(([, v]) => v === status)?.[0];
  return `${name ?? 'status'} (0x${status.toString(16).padStart(8, '0')})`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
