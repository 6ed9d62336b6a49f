import { BookingEtaMessage, VehiclePositionEvent, WsEvent } from '@app/contracts';
import { Clock } from '@app/domain';
import { RoutingPort } from '@app/routing';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { RealtimeBroadcaster } from '../events/realtime.broadcaster';
import { LatestPositionStore } from '../positions/latest-position.store';
import { REALTIME_OPTIONS, RealtimeOptions } from '../realtime.options';
import { Rooms } from '../rooms';
import { TripListService } from '../trips/trip-list.service';
import { bookingEtas, estimateStopArrivals, EtaStop } from './eta.calculator';

/**
 * Refreshes the pickup and arrival estimates of a vehicle's live bookings as its positions come
 * in, at most every `etaIntervalS` per vehicle: RoutingPort travel times from the position
 * through the remaining scheduled stops, or the plan plus current delay when routing fails or
 * is not configured. Runs in the process the driver is connected to and reaches the riders
 * wherever they are connected.
 */
@Injectable()
export class EtaService {
  private readonly log = new Logger(EtaService.name);
  private readonly lastRunMs = new Map<string, number>();

  constructor(
    private readonly trips: TripListService,
    private readonly store: LatestPositionStore,
    private readonly broadcaster: RealtimeBroadcaster,
    private readonly clock: Clock,
    @Inject(REALTIME_OPTIONS) private readonly options: RealtimeOptions,
    @Optional() private readonly routing?: RoutingPort,
  ) {}

  /** Fire and forget: never delays the driver's acknowledgement. */
  onPosition(position: VehiclePositionEvent): void {
    const now = this.clock.now().getTime();
    const last = this.lastRunMs.get(position.vehicleId);
    if (last !== undefined && now - last < this.options.etaIntervalS * 1000) return;
    this.lastRunMs.set(position.vehicleId, now);
    this.refresh(position).catch((e: Error) =>
      this.log.warn(`ETA for vehicle ${position.vehicleId} failed: ${e.message}`),
    );
  }

  /** The next position of this vehicle recomputes at once (its schedule or bookings changed). */
  expire(vehicleId: string): void {
    this.lastRunMs.delete(vehicleId);
  }

  async refresh(position: VehiclePositionEvent): Promise<BookingEtaMessage[]> {
    const trip = await this.trips.forVehicle(position.vehicleId);
    if (!trip) return [];
    const ahead = trip.message.stops.filter((s) => !s.departedAt && Number.isFinite(s.lat));
    if (!ahead.length) return [];
    const remaining: EtaStop[] = ahead.map((s) => ({
      stopId: s.stopId,
      plannedArrivalMs: Date.parse(s.plannedArrivalAt),
      plannedDepartureMs: Date.parse(s.plannedDepartureAt),
      pickups: s.boarding.map((p) => p.bookingId),
      dropoffs: s.alighting.map((p) => p.bookingId),
    }));
    const legsS = await this.legs(position, ahead);
    const now = this.clock.now();
    const { arrivalsMs, method } = estimateStopArrivals(remaining, now.getTime(), legsS);
    const etas = bookingEtas(remaining, arrivalsMs, (id) => trip.bookings.get(id)?.status);
    const messages = etas.map((e): BookingEtaMessage => ({
      bookingId: e.bookingId,
      vehicleId: position.vehicleId,
      pickupAt: e.pickupMs === null ? null : new Date(e.pickupMs).toISOString(),
      arrivalAt: new Date(e.arrivalMs).toISOString(),
      method,
      computedAt: now.toISOString(),
    }));
    for (const m of messages) {
      const riderId = trip.bookings.get(m.bookingId)?.riderId;
      const rooms = [Rooms.booking(m.bookingId), ...(riderId ? [Rooms.rider(riderId)] : [])];
      this.broadcaster.toRooms(rooms, WsEvent.eta, m);
    }
    await Promise.all(messages.map((m) => this.store.saveEta(m)));
    return messages;
  }

  private async legs(
    from: VehiclePositionEvent,
    stops: ReadonlyArray<{ lat: number; lon: number }>,
  ): Promise<number[] | null> {
    if (!this.routing) return null;
    // One matrix instead of a route: no geometry is needed, and it is a few times cheaper.
    // Leg i runs from point i (the vehicle, then each stop) to stop i: the matrix diagonal.
    const points = [
      { lat: from.lat, lon: from.lon },
      ...stops.map((s) => ({ lat: s.lat, lon: s.lon })),
    ];
    try {
      const { durationsS } = await this.routing.table(points.slice(0, -1), points.slice(1));
      const legs = durationsS.map((row, i) => row[i]);
      return legs.every((d): d is number => d !== null) ? legs : null;
    } catch (e) {
      this.log.debug(`routing unavailable, ETA from the schedule: ${(e as Error).message}`);
      return null;
    }
  }
}
