// The `smpp` package ships no types; this declares the part we use (SMPP 3.4/5.0 PDUs by name).
declare module 'smpp' {
  import { EventEmitter } from 'node:events';

  export interface Pdu {
    command: string;
    command_status: number;
    sequence_number: number;
    [field: string]: unknown;
    isResponse(): boolean;
    response(options?: Record<string, unknown>): Pdu;
  }

  export class Session extends EventEmitter {
    socket: import('node:net').Socket;
    send(pdu: Pdu, responseCallback?: (pdu: Pdu) => void): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    pause(): void;
    resume(): void;
    bind_transmitter(options: Record<string, unknown>, cb: (pdu: Pdu) => void): boolean;
    submit_sm(options: Record<string, unknown>, cb: (pdu: Pdu) => void): boolean;
    unbind(options?: Record<string, unknown>, cb?: (pdu: Pdu) => void): boolean;
    enquire_link(options?: Record<string, unknown>, cb?: (pdu: Pdu) => void): boolean;
  }

  export class Server extends EventEmitter {
    listen(port: number, host: string, callback?: () => void): this;
    address(): import('node:net').AddressInfo;
    close(callback?: () => void): void;
  }

  export function connect(
    options: { url: string; auto_enquire_link_period?: number; connectTimeout?: number },
    listener?: () => void,
  ): Session;
  export function createServer(listener: (session: Session) => void): Server;

  export const errors: Record<string, number>;
  /** One of the encodings: a text as the octets sent in `short_message`. */
  export interface Encoding {
    encode(text: string): Buffer;
  }
  /**
   * Picks `ASCII` (GSM 03.38, one octet per septet, an escaped character such as € two),
   * `LATIN1` or `UCS2` for a text, and encodes it.
   */
  export const encodings: { detect(text: string): string } & Record<
    'ASCII' | 'LATIN1' | 'UCS2',
    Encoding
  >;
  export const ESME_ROK: number;
  export const ESME_RBINDFAIL: number;
  export const ESME_RINVPASWD: number;
  export const ESME_RINVSYSID: number;
  export const ESME_RTHROTTLED: number;
  export const ESME_RINVMSGLEN: number;
  export const ESME_RMSGQFUL: number;
}
