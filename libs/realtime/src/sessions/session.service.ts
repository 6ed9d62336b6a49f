import {
  BookingChangedEvent,
  BookingStatusMessage,
  SessionReady,
  SubscribeResult,
  WsEvent,
} from '@app/contracts';
import { BookingQueriesService } from '@app/application';
import { isLive, NotFoundError, Principal, RuleViolationError } from '@app/domain';
import { Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { DataSource } from 'typeorm';
import { DriverShiftResolver } from '../access/driver-shift.resolver';
import { RealtimeBroadcaster } from '../events/realtime.broadcaster';
import { LatestPositionStore } from '../positions/latest-position.store';
import { NotAllowedError } from '../realtime.errors';
import { Rooms } from '../rooms';
import { TripListService } from '../trips/trip-list.service';

/** What the gateway keeps on each connection (`socket.data`). */
export interface SessionData {
  principal: Principal;
  /** A rider's live bookings on this connection: booking id -> vehicle id. */
  live?: Record<string, string>;
}

/**
 * Who hears what: puts each connection in its rooms at connect time and sends it the current
 * state (so a reconnecting client is up to date at once), lets riders and the office subscribe
 * to single bookings, and moves riders in and out of their vehicle's position stream as their
 * bookings become live or end.
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly ds: DataSource,
    private readonly queries: BookingQueriesService,
    private readonly shifts: DriverShiftResolver,
    private readonly trips: TripListService,
    private readonly store: LatestPositionStore,
    private readonly broadcaster: RealtimeBroadcaster,
  ) {}

  /**
   * Joins the connection's rooms, sends its current state, then `session.ready`.
   * @throws NotAllowedError for an operator token without a county.
   */
  async open(socket: Socket): Promise<SessionReady> {
    const principal = (socket.data as SessionData).principal;
    const ready: SessionReady = {
      role: principal.role,
      subject: principal.sub,
      vehicleId: null,
      bookingIds: [],
    };
    if (principal.role === 'rider') {
      await socket.join(Rooms.rider(principal.sub));
      const rows = (await this.ds.query(
        `SELECT id, status, vehicle_id, updated_at FROM bookings
          WHERE rider_id::text = $1 AND status IN ('confirmed', 'picked_up') AND vehicle_id IS NOT NULL
          ORDER BY requested_time`,
        [principal.sub],
      )) as Array<{ id: string; status: 'confirmed'; vehicle_id: string; updated_at: Date }>;
      for (const b of rows) {
        await this.setLive(socket, b.id, b.vehicle_id);
        socket.emit(WsEvent.bookingStatus, {
          bookingId: b.id,
          status: b.status,
          previousStatus: null,
          vehicleId: b.vehicle_id,
          at: new Date(b.updated_at).toISOString(),
        } satisfies BookingStatusMessage);
        const eta = await this.store.getEta(b.id);
        if (eta) socket.emit(WsEvent.eta, eta);
      }
      for (const vehicleId of new Set(rows.map((b) => b.vehicle_id))) {
        const position = await this.store.get(vehicleId);
        if (position) socket.emit(WsEvent.vehiclePosition, position);
      }
      ready.bookingIds = rows.map((b) => b.id);
    } else if (principal.role === 'driver') {
      const shift = await this.shifts.current(principal.sub);
      if (shift) {
        await socket.join(Rooms.vehicle(shift.vehicleId));
        ready.vehicleId = shift.vehicleId;
        const trip = await this.trips.forVehicle(shift.vehicleId);
        if (trip) socket.emit(WsEvent.tripList, trip.message);
        const position = await this.store.get(shift.vehicleId);
        if (position) socket.emit(WsEvent.vehiclePosition, position);
      }
    } else {
      if (!principal.countyId) throw new NotAllowedError('an office token needs a county');
      const areas = (await this.ds.query(`SELECT id FROM service_areas WHERE county_id = $1`, [
        principal.countyId,
      ])) as Array<{ id: string }>;
      await socket.join([Rooms.county(principal.countyId), ...areas.map((a) => Rooms.area(a.id))]);
      for (const position of await this.store.forCounty(principal.countyId))
        socket.emit(WsEvent.vehiclePosition, position);
    }
    socket.emit(WsEvent.sessionReady, ready);
    return ready;
  }

  /**
   * A rider follows one of their bookings, the office any booking of its county.
   * @throws NotFoundError also for another rider's booking, so ids cannot be probed.
   */
  async subscribe(socket: Socket, input: unknown): Promise<SubscribeResult> {
    const principal = (socket.data as SessionData).principal;
    if (principal.role === 'driver')
      throw new NotAllowedError('drivers receive their trip list, not bookings');
    const bookingId = (input as { bookingId?: unknown } | null)?.bookingId;
    if (typeof bookingId !== 'string' || !bookingId)
      throw new RuleViolationError([
        { field: 'bookingId', code: 'required', reason: 'bookingId is required' },
      ]);
    const b = await this.queries.findVisible(principal, bookingId);
    if (!b) throw new NotFoundError('booking', bookingId);
    await socket.join(Rooms.booking(b.id));
    const live = isLive(b.status) && b.vehicleId !== null;
    if (live && principal.role === 'rider') await this.setLive(socket, b.id, b.vehicleId!);
    return {
      booking: {
        bookingId: b.id,
        status: b.status,
        previousStatus: null,
        vehicleId: b.vehicleId,
        at: b.updatedAt.toISOString(),
      },
      position: live ? await this.store.get(b.vehicleId!) : null,
      eta: live ? await this.store.getEta(b.id) : null,
    };
  }

  /**
   * A booking changed (heard by every gateway process from Redis): tell this process's
   * connections of its rider, its subscribers and its area's office, and start or stop the
   * rider's position stream.
   */
  async applyBookingChange(e: BookingChangedEvent): Promise<void> {
    const message: BookingStatusMessage = {
      bookingId: e.bookingId,
      status: e.status,
      previousStatus: e.previousStatus,
      vehicleId: e.vehicleId,
      at: e.at,
    };
    this.broadcaster.toLocalRooms(
      [Rooms.booking(e.bookingId), Rooms.rider(e.riderId), Rooms.area(e.serviceAreaId)],
      WsEvent.bookingStatus,
      message,
    );
    for (const socket of this.broadcaster.localSockets(Rooms.rider(e.riderId))) {
      if (isLive(e.status) && e.vehicleId) await this.setLive(socket, e.bookingId, e.vehicleId);
      else await this.clearLive(socket, e.bookingId);
    }
  }

  private async setLive(socket: Socket, bookingId: string, vehicleId: string): Promise<void> {
    const data = socket.data as SessionData;
    const previous = data.live?.[bookingId];
    data.live = { ...data.live, [bookingId]: vehicleId };
    if (previous && previous !== vehicleId) await this.leaveIfUnused(socket, previous);
    await socket.join([Rooms.booking(bookingId), Rooms.vehicleRiders(vehicleId)]);
  }

  private async clearLive(socket: Socket, bookingId: string): Promise<void> {
    const data = socket.data as SessionData;
    const vehicleId = data.live?.[bookingId];
    if (!vehicleId) return;
    delete data.live![bookingId];
    await this.leaveIfUnused(socket, vehicleId);
  }

  /** A rider with two live bookings on one vehicle keeps its stream until both end. */
  private async leaveIfUnused(socket: Socket, vehicleId: string): Promise<void> {
    const live = (socket.data as SessionData).live ?? {};
    if (!Object.values(live).includes(vehicleId))
      await socket.leave(Rooms.vehicleRiders(vehicleId));
  }
}
