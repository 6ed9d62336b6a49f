import {
  BookingChangedEvent,
  ShiftChangedEvent,
  BookingStatusMessage,
  SessionReady,
  ShiftEndedMessage,
  SubscribeResult,
  WsEvent,
} from '@app/contracts';
import { BookingQueriesService } from '@app/application';
import { Clock, isLive, NotFoundError, Principal, RuleViolationError } from '@app/domain';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { DataSource } from 'typeorm';
import { CurrentShift, DriverShiftResolver } from '../access/driver-shift.resolver';
import { RealtimeBroadcaster } from '../events/realtime.broadcaster';
import { LatestPositionStore } from '../positions/latest-position.store';
import { NotAllowedError, ShiftRefusedError } from '../realtime.errors';
import { REALTIME_OPTIONS, RealtimeOptions } from '../realtime.options';
import { Rooms } from '../rooms';
import { TripListService } from '../trips/trip-list.service';
import { toWsError } from '../ws-error.mapper';

/** What the gateway keeps on each connection (`socket.data`). */
export interface SessionData {
  principal: Principal;
  /** A rider's live bookings on this connection: booking id -> vehicle id. */
  live?: Record<string, string>;
  /** The token expired and was not refreshed yet: nothing is processed or sent. */
  expired?: boolean;
  /** A driver's connection: the shift it is bound to (null: none was running at connect). */
  shiftId?: string | null;
}

/** A rider's booking as far as following its vehicle goes. */
interface TrackableBooking {
  id: string;
  status: string;
  vehicleId: string | null;
  /** When the rider starts hearing the vehicle: the pickup window's opening less the lead. */
  pickupFrom: Date | null;
}

/** Timers longer than this are not set; the rider's next connection sets them again. */
const MAX_WAIT_MS = 24 * 3600_000;
const TRACKABLE_SQL = `SELECT id, status, vehicle_id, promised_pickup_from, requested_time, updated_at
  FROM bookings`;

/**
 * Who hears what: puts each connection in its rooms at connect time and sends it the current
 * state (so a reconnecting client is up to date at once), lets riders and the office subscribe
 * to single bookings, and moves riders in and out of their vehicle's position stream as their
 * bookings become live or end. A booking is live for its rider from `trackingLeadMin` before
 * its pickup window opens until it ends (picked up included): a booking days ahead never lets
 * its rider follow the vehicle today. Until then a timer per booking waits on the connection.
 */
@Injectable()
export class SessionService {
  private readonly log = new Logger(SessionService.name);
  /** Pending starts of position streams, per connection and booking. */
  private readonly pending = new WeakMap<Socket, Map<string, NodeJS.Timeout>>();
  /** When a driver connection's shift ends. */
  private readonly shiftTimers = new WeakMap<Socket, NodeJS.Timeout>();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(REALTIME_OPTIONS) private readonly options: RealtimeOptions,
    private readonly queries: BookingQueriesService,
    private readonly shifts: DriverShiftResolver,
    private readonly trips: TripListService,
    private readonly store: LatestPositionStore,
    private readonly broadcaster: RealtimeBroadcaster,
  ) {}

  /**
   * Joins the connection's rooms, sends its current state, then `session.ready`.
   * @throws NotAllowedError for an operator token without a county.
   * @throws ShiftRefusedError for a driver token whose shift has ended or was changed.
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
      const candidates = (await this.ds.query(
        `${TRACKABLE_SQL}
          WHERE rider_id::text = $1 AND status IN ('confirmed', 'picked_up') AND vehicle_id IS NOT NULL
          ORDER BY requested_time`,
        [principal.sub],
      )) as Array<TrackableRow & { updated_at: Date }>;
      const rows: Array<TrackableRow & { updated_at: Date; vehicle_id: string }> = [];
      for (const row of candidates) {
        if (await this.track(socket, trackable(row)))
          rows.push({ ...row, vehicle_id: row.vehicle_id! });
      }
      for (const b of rows) {
        socket.emit(WsEvent.bookingStatus, {
          bookingId: b.id,
          status: b.status as BookingStatusMessage['status'],
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
      // Afresh, not cached: a token whose shift was deleted or ended gets no trip list.
      const shift = await this.shifts.forPrincipal(principal);
      this.bindShift(socket, shift);
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
    let live = isLive(b.status) && b.vehicleId !== null;
    if (principal.role === 'rider') {
      const [row] = (await this.ds.query(`${TRACKABLE_SQL} WHERE id = $1`, [
        b.id,
      ])) as TrackableRow[];
      live = row ? await this.track(socket, trackable(row)) : false;
    }
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
      ...(e.alternatives ? { alternatives: e.alternatives } : {}),
    };
    // Rooms first, then the news: a rider told "dropped off" no longer hears the vehicle.
    try {
      await this.retrack(e);
    } finally {
      this.broadcaster.toLocalRooms(
        [Rooms.booking(e.bookingId), Rooms.rider(e.riderId), Rooms.area(e.serviceAreaId)],
        WsEvent.bookingStatus,
        message,
      );
    }
  }

  private async retrack(e: BookingChangedEvent): Promise<void> {
    const sockets = this.broadcaster.localSockets(Rooms.rider(e.riderId));
    if (sockets.length === 0) return;
    if (!isLive(e.status) || !e.vehicleId) {
      for (const socket of sockets) {
        this.cancelPending(socket, e.bookingId);
        await this.clearLive(socket, e.bookingId);
      }
      return;
    }
    // Live again or still: the promise may have moved too, so read the booking as it is now.
    const [row] = (await this.ds.query(`${TRACKABLE_SQL} WHERE id = $1`, [
      e.bookingId,
    ])) as TrackableRow[];
    for (const socket of sockets) {
      if (row) await this.track(socket, trackable(row));
      else await this.clearLive(socket, e.bookingId);
    }
  }

  /** Forgets a closed connection's pending timers. */
  close(socket: Socket): void {
    for (const timer of this.pending.get(socket)?.values() ?? []) clearTimeout(timer);
    this.pending.delete(socket);
    clearTimeout(this.shiftTimers.get(socket));
    this.shiftTimers.delete(socket);
  }

  /**
   * A driver's connection follows the shift running now: before a driver's request, a shift
   * that has ended or begun since the connection was bound rebinds it (the same as at the
   * shift's end, see bindShift).
   * @throws ShiftRefusedError when the rebinding refused the token (the connection is closed):
   * nothing of the request may be processed.
   */
  async ensureDriverShift(socket: Socket): Promise<void> {
    const data = socket.data as SessionData;
    if (data.principal.role !== 'driver') return;
    const shift = await this.shifts.current(data.principal.sub);
    if ((shift?.shiftId ?? null) === (data.shiftId ?? null)) return;
    const refused = await this.rebindDriver(socket);
    if (refused) throw refused;
  }

  /**
   * The office changed a driver's shift (deleted, ended, moved): the cached answer is dropped, so
   * the next position is checked against the shift as it now is, and the driver's connections
   * here follow at once: rebound when the shift is no longer theirs, else timed to its new end.
   */
  async applyShiftChange(e: ShiftChangedEvent): Promise<void> {
    this.shifts.forget(e.driverId);
    const sockets = this.broadcaster
      .localSockets(Rooms.vehicle(e.vehicleId))
      .filter((s) => (s.data as SessionData).principal?.sub === e.driverId);
    if (sockets.length === 0) return;
    const shift = await this.shifts.current(e.driverId);
    for (const socket of sockets) {
      if ((shift?.shiftId ?? null) !== ((socket.data as SessionData).shiftId ?? null))
        await this.rebindDriver(socket);
      else this.bindShift(socket, shift);
    }
  }

  /** Binds a driver's connection to a shift and sets the timer for the shift's end. */
  private bindShift(socket: Socket, shift: CurrentShift | null): void {
    (socket.data as SessionData).shiftId = shift?.shiftId ?? null;
    clearTimeout(this.shiftTimers.get(socket));
    if (!shift) return;
    const waitMs = Math.max(0, shift.endsAt.getTime() - this.clock.now().getTime());
    if (waitMs > MAX_WAIT_MS) return;
    this.shiftTimers.set(
      socket,
      // A second after the end, when no cached answer can still name the old shift.
      setTimeout(() => {
        if (socket.connected) void this.rebindDriver(socket);
      }, waitMs + 1000),
    );
  }

  /**
   * The bound shift is over (or another began): the connection leaves the old vehicle's room,
   * is told (`shift.ended`), and is bound anew as at connect, to the shift running now if any.
   * A token signed in for the old shift cannot be bound anew: the connection is told why
   * (`error {code: 'shift_ended' | 'shift_changed'}`) and closed.
   * @returns the refusal when the token was refused, for a request that asked to know.
   */
  private async rebindDriver(socket: Socket): Promise<ShiftRefusedError | undefined> {
    const data = socket.data as SessionData;
    const was = data.shiftId ?? null;
    try {
      for (const room of [...socket.rooms]) if (room !== socket.id) await socket.leave(room);
      if (was) socket.emit(WsEvent.shiftEnded, { shiftId: was } satisfies ShiftEndedMessage);
      await this.open(socket);
    } catch (e) {
      if (e instanceof ShiftRefusedError) {
        socket.emit(WsEvent.error, toWsError(e));
        socket.disconnect(true);
        return e;
      }
      this.log.warn(`driver connection not rebound after shift ${was}: ${(e as Error).message}`);
    }
    return undefined;
  }

  /**
   * Starts the rider's position stream for a booking if it is live now, else stops it and, for
   * a confirmed booking whose window comes within a day, sets a timer for when it will be.
   * @returns whether the booking is live (its vehicle's positions reach the connection) now.
   */
  private async track(socket: Socket, b: TrackableBooking): Promise<boolean> {
    this.cancelPending(socket, b.id);
    if (!isLive(b.status as BookingStatusMessage['status']) || !b.vehicleId) {
      await this.clearLive(socket, b.id);
      return false;
    }
    const startsAt =
      b.status === 'confirmed' && b.pickupFrom
        ? b.pickupFrom.getTime() - this.options.trackingLeadMin * 60_000
        : -Infinity;
    const waitMs = startsAt - this.clock.now().getTime();
    if (waitMs <= 0) {
      await this.setLive(socket, b.id, b.vehicleId);
      return true;
    }
    await this.clearLive(socket, b.id);
    if (waitMs <= MAX_WAIT_MS) {
      const timers = this.pending.get(socket) ?? new Map<string, NodeJS.Timeout>();
      this.pending.set(socket, timers);
      timers.set(
        b.id,
        setTimeout(() => {
          timers.delete(b.id);
          if (socket.connected) void this.startStream(socket, b.id);
        }, waitMs),
      );
    }
    return false;
  }

  /** The pickup window came near: check the booking again, and send what the rider missed. */
  private async startStream(socket: Socket, bookingId: string): Promise<void> {
    try {
      const [row] = (await this.ds.query(`${TRACKABLE_SQL} WHERE id = $1`, [
        bookingId,
      ])) as TrackableRow[];
      if (!row || !(await this.track(socket, trackable(row)))) return;
      const position = await this.store.get(row.vehicle_id!);
      if (position) socket.emit(WsEvent.vehiclePosition, position);
      const eta = await this.store.getEta(bookingId);
      if (eta) socket.emit(WsEvent.eta, eta);
    } catch (e) {
      this.log.warn(`position stream of booking ${bookingId} not started: ${(e as Error).message}`);
    }
  }

  private cancelPending(socket: Socket, bookingId: string): void {
    const timers = this.pending.get(socket);
    const timer = timers?.get(bookingId);
    if (timer) clearTimeout(timer);
    timers?.delete(bookingId);
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

interface TrackableRow {
  id: string;
  status: string;
  vehicle_id: string | null;
  promised_pickup_from: Date | null;
  requested_time: Date;
}

function trackable(row: TrackableRow): TrackableBooking {
  const from = row.promised_pickup_from ?? row.requested_time;
  return {
    id: row.id,
    status: row.status,
    vehicleId: row.vehicle_id,
    pickupFrom: from ? new Date(from) : null,
  };
}
