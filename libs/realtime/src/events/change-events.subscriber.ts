import {
  BookingChangedEvent,
  EventChannel,
  RiderMessageEvent,
  ScheduleChangedEvent,
  ShiftChangedEvent,
  WsEvent,
} from '@app/contracts';
import { createRedis } from '@app/messaging';
import { Clock } from '@app/domain';
import { RealtimeMetrics, runWithRequestId } from '@app/observability';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import type Redis from 'ioredis';
import { EtaService } from '../eta/eta.service';
import { REALTIME_OPTIONS, RealtimeOptions } from '../realtime.options';
import { Rooms } from '../rooms';
import { SessionService } from '../sessions/session.service';
import { TripListService } from '../trips/trip-list.service';
import { RealtimeBroadcaster } from './realtime.broadcaster';

/**
 * Listens to the change announcements on Redis pub/sub (`events.booking-changed` from the
 * booking API, the dispatch worker and this gateway; `events.schedule-changed` from the dispatch
 * worker; `events.shift-changed` from the office's fleet changes) and delivers them to this process's clients. Every gateway process hears every
 * announcement, so each delivers to its own connections only.
 */
@Injectable()
export class ChangeEventsSubscriber implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(ChangeEventsSubscriber.name);
  private sub?: Redis;
  private readonly channels: Record<string, (payload: unknown) => Promise<void>>;

  constructor(
    @Inject(REALTIME_OPTIONS) private readonly options: RealtimeOptions,
    private readonly sessions: SessionService,
    private readonly trips: TripListService,
    private readonly eta: EtaService,
    private readonly broadcaster: RealtimeBroadcaster,
    private readonly metrics: RealtimeMetrics,
    private readonly clock: Clock,
  ) {
    const p = options.redisPrefix;
    this.channels = {
      [`${p}:${EventChannel.bookingChanged}`]: (e) =>
        this.timed('booking-changed', e, () => this.bookingChanged(e as BookingChangedEvent)),
      [`${p}:${EventChannel.scheduleChanged}`]: (e) =>
        this.timed('schedule-changed', e, () => this.scheduleChanged(e as ScheduleChangedEvent)),
      [`${p}:${EventChannel.riderMessage}`]: (e) =>
        this.timed('rider-message', e, () => this.riderMessage(e as RiderMessageEvent)),
      [`${p}:${EventChannel.shiftChanged}`]: (e) =>
        this.timed('shift-changed', e, () =>
          this.sessions.applyShiftChange(e as ShiftChangedEvent),
        ),
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    this.sub = createRedis(this.options.redisUrl, `${this.options.redisPrefix}-rt-events`);
    this.sub.on('message', (channel: string, raw: string) => {
      const handle = this.channels[channel];
      if (!handle) return;
      let payload: unknown;
      try {
        payload = JSON.parse(raw);
      } catch {
        this.log.warn(`ignored a malformed message on ${channel}`);
        return;
      }
      // Delivered under the request id that caused the change (issue 12: traceable end to end).
      const requestId = (payload as { requestId?: unknown } | null)?.requestId;
      runWithRequestId(typeof requestId === 'string' ? requestId : undefined, () => {
        this.log.debug(`delivering ${channel}`);
        handle(payload).catch((e: Error) => this.log.warn(`${channel}: ${e.message}`));
      });
    });
    await this.sub.subscribe(...Object.keys(this.channels));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sub?.quit().catch(() => this.sub?.disconnect());
  }

  /**
   * Delivers one event and observes its delay (`ridepool_realtime_delivery_delay_seconds`): from
   * the event's time (`at`, set where the change was made) to the end of its delivery here.
   */
  private async timed(
    event: string,
    payload: unknown,
    deliver: () => Promise<void>,
  ): Promise<void> {
    await deliver();
    const at = Date.parse(String((payload as { at?: unknown } | null)?.at));
    if (Number.isFinite(at)) {
      const delayS = Math.max(0, (this.clock.now().getTime() - at) / 1000);
      this.metrics.deliveryDelay.observe({ event }, delayS);
    }
  }

  async bookingChanged(e: BookingChangedEvent): Promise<void> {
    await this.sessions.applyBookingChange(e);
    // Passenger statuses show in the trip list and decide whose ETA is refreshed.
    if (e.vehicleId) await this.refreshTrip(e.vehicleId);
  }

  async scheduleChanged(e: ScheduleChangedEvent): Promise<void> {
    await this.refreshTrip(e.vehicleId);
  }

  /** A message from the outbox, shown to every connection of the rider. */
  async riderMessage(e: RiderMessageEvent): Promise<void> {
    const room = Rooms.rider(e.riderId);
    if (this.broadcaster.hasLocal(room))
      this.broadcaster.toLocalRooms([room], WsEvent.riderMessage, e);
  }

  private async refreshTrip(vehicleId: string): Promise<void> {
    this.trips.invalidate(vehicleId);
    this.eta.expire(vehicleId);
    const room = Rooms.vehicle(vehicleId);
    if (!this.broadcaster.hasLocal(room)) return;
    const trip = await this.trips.forVehicle(vehicleId);
    if (trip) this.broadcaster.toLocalRooms([room], WsEvent.tripList, trip.message);
  }
}
