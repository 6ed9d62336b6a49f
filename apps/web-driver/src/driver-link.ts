import { keepSocketToken, socketAuth, TokenStore } from '@app/web-ui';
import { io, Socket } from 'socket.io-client';
import { serverNow } from './api';

// Payload shapes of the realtime gateway, from the contracts the gateway itself uses.
import type { StopEventInput, TripListMessage, TripPassenger, TripStop } from '@app/contracts';

export type { TripPassenger, TripStop };
export type TripList = TripListMessage;
export type StopEvent = StopEventInput;
export type Refusal = { code: string; reason: string };
type Ack = { ok: true; data: unknown } | { ok: false; error: Refusal };

const QUEUE_KEY = 'rufbus.driver.outbox';
/** Gateway error codes after which this sign-in is over: the driver signs in again. */
const SIGN_IN_AGAIN = ['shift_ended', 'shift_changed', 'unauthorized'];
const ACK_MS = 8000;

/**
 * The driver's live connection. socket.io reconnects by itself and the gateway replays the trip
 * list on every connect; stop events pressed while offline wait in an outbox (kept in
 * localStorage, so a reload keeps them) and are sent in order once the connection is back.
 */
export class DriverLink {
  private socket: Socket;
  private outbox: StopEvent[] = JSON.parse(localStorage.getItem(QUEUE_KEY) ?? '[]');
  private flushing = false;
  private lastPositionAt = 0;

  private readonly stopRenewing: () => void;

  /** `session` gives each (re)connection a fresh token and renews it on the open socket. */
  constructor(
    url: string,
    session: TokenStore,
    private readonly on: {
      tripList(t: TripList): void;
      online(online: boolean, pending: number): void;
      refused(event: StopEvent, error: Refusal): void;
      /** The sign-in is over; `why` is the gateway's error code when it said one. */
      signedOut?(why?: string): void;
    },
  ) {
    this.socket = io(url, {
      auth: socketAuth(session),
      transports: ['websocket'],
      reconnection: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 5000,
    });
    this.socket.on('trip-list', (t: TripList) => this.on.tripList(t));
    this.socket.on('session.ready', () => {
      this.report();
      void this.flush();
    });
    this.socket.on('disconnect', () => this.report());
    // The token's shift is over or was changed (or the token was refused): the gateway says
    // so and closes the connection for good.
    this.socket.on('error', (e: { code?: string } | undefined) => {
      if (e?.code && SIGN_IN_AGAIN.includes(e.code)) this.on.signedOut?.(e.code);
    });
    this.stopRenewing = keepSocketToken(this.socket, session, () => this.on.signedOut?.());
  }

  get pending(): number {
    return this.outbox.length;
  }

  /** Queues the event and sends everything queued, oldest first. */
  send(event: StopEvent): void {
    this.outbox.push(event);
    this.save();
    void this.flush();
  }

  /**
   * The phone's latest fix, at most about once a second. Stamped with the send time: the app
   * repeats the last fix every second while standing still, and it is still where the bus is.
   * Dropped (not queued) when offline: a stale position helps nobody.
   */
  position(p: GeolocationPosition): void {
    const now = Date.now();
    if (!this.socket.connected || now - this.lastPositionAt < 900) return;
    this.lastPositionAt = now;
    this.socket.emit(
      'vehicle.position',
      {
        lat: p.coords.latitude,
        lon: p.coords.longitude,
        heading: Number.isFinite(p.coords.heading) ? p.coords.heading : null,
        speed: Number.isFinite(p.coords.speed) ? p.coords.speed : null,
        accuracy: Math.min(p.coords.accuracy, 500),
        // The server's time: it refuses positions stamped far from its (maybe simulated) clock.
        time: serverNow().toISOString(),
      },
      () => undefined,
    );
  }

  close(): void {
    this.stopRenewing();
    this.socket.close();
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.outbox.length && this.socket.connected) {
        const event = this.outbox[0];
        let ack: Ack;
        try {
          ack = (await this.socket.timeout(ACK_MS).emitWithAck('stop.event', event)) as Ack;
        } catch {
          break; // no answer: keep it and try again on the next connect
        }
        this.outbox.shift();
        this.save();
        // Already done (e.g. sent twice around a reconnect) is fine; a shift that is over
        // ends the sign-in; anything else is shown.
        if (!ack.ok && SIGN_IN_AGAIN.includes(ack.error.code)) {
          this.on.signedOut?.(ack.error.code);
          break;
        }
        if (!ack.ok && ack.error.code !== 'illegal_status_transition')
          this.on.refused(event, ack.error);
      }
    } finally {
      this.flushing = false;
      this.report();
    }
  }

  private save(): void {
    localStorage.setItem(QUEUE_KEY, JSON.stringify(this.outbox));
  }

  private report(): void {
    this.on.online(this.socket.connected, this.outbox.length);
  }
}
