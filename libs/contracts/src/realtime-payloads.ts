import type { BookingStatus, Role } from '@app/domain';
import type { VehiclePositionEvent } from './events';

/**
 * Payloads of the socket.io protocol between the realtime gateway and its clients (see
 * apps/realtime-gateway/README.md). Times are ISO 8601 instants unless a field says otherwise.
 */

/** What a client gets back through the socket.io acknowledgement of every request it sends. */
export type WsAck<T> = { ok: true; data: T } | { ok: false; error: WsErrorBody };

export interface WsErrorBody {
  /** Stable machine-readable code, e.g. `out_of_order`, `not_found`, `unauthorized`. */
  code: string;
  /** The offending input field, when one is to blame (`lat`, `time`, `bookingId`). */
  field?: string;
  /** Plain-language reason, in English. */
  reason: string;
}

/** Driver to gateway, about once a second: `vehicle.position`. */
export interface PositionInput {
  /** WGS84 degrees. */
  lat: number;
  lon: number;
  /** Degrees clockwise from north, 0 <= h < 360; null or left out when unknown. */
  heading?: number | null;
  /** Metres per second. */
  speed?: number | null;
  /** Horizontal accuracy radius in metres. */
  accuracy?: number | null;
  /** When the device measured it: ISO 8601 string or epoch milliseconds. */
  time: string | number;
}

export interface PositionAccepted {
  vehicleId: string;
  at: string;
}

export const STOP_EVENT_TYPES = ['arrived', 'boarded', 'no_show', 'departed'] as const;
export type StopEventType = (typeof STOP_EVENT_TYPES)[number];

/** Driver to gateway: `stop.event`. `stopId` for arrived/departed, `bookingId` for boarded/no_show. */
export interface StopEventInput {
  type: StopEventType;
  stopId?: string;
  bookingId?: string;
}

/**
 * Every code a `stop.event` acknowledgement can refuse with; the driver app has a German and an
 * English text for each (its tables are typed by this list). From the report's checks in the
 * gateway (`invalid_type`, `required`, `invalid`; no shift now; a token refused), the stop-event
 * rules (`DriverStopEventsService`: `not_found` for a booking no longer planned on this shift,
 * `wrong_stop`, `too_early`, `pickups_open`), the booking lifecycle (`illegal_status_transition`),
 * an outage (`<dependency>_unavailable`) and the unexpected (`internal`).
 */
export const STOP_EVENT_REFUSALS = [
  'invalid_type',
  'required',
  'invalid',
  'not_found',
  'wrong_stop',
  'too_early',
  'pickups_open',
  'illegal_status_transition',
  'no_current_shift',
  'forbidden',
  'unauthorized',
  'shift_ended',
  'shift_changed',
  'database_unavailable',
  'redis_unavailable',
  'routing_unavailable',
  'internal',
] as const;
export type StopEventRefusal = (typeof STOP_EVENT_REFUSALS)[number];

export interface StopEventResult {
  type: StopEventType;
  vehicleId: string;
  stopId: string | null;
  /** Bookings whose status this event changed. */
  changed: Array<{ bookingId: string; from: BookingStatus; to: BookingStatus }>;
}

/** Gateway to driver: the answer to `vehicle.breakdown` (bookings by id). */
export interface BreakdownResult {
  vehicleId: string;
  /** Moved to other vehicles, promises unchanged. */
  replanned: string[];
  /** No vehicle could keep them: the office decides. */
  atRisk: string[];
  /** Riders still aboard the broken-down vehicle: the office fetches them. */
  onBoard: string[];
}

/** Rider or office to gateway: `subscribe`. */
export interface SubscribeInput {
  bookingId: string;
}

export interface SubscribeResult {
  booking: BookingStatusMessage;
  /** The vehicle's last position while the booking is live, else null. */
  position: VehiclePositionEvent | null;
  eta: BookingEtaMessage | null;
}

/** Gateway to riders and office: `booking.status`. */
export interface BookingStatusMessage {
  bookingId: string;
  status: BookingStatus;
  previousStatus: BookingStatus | null;
  vehicleId: string | null;
  at: string;
  /**
   * With a rejection for lack of room: the nearest requested times (ISO 8601, the booking's
   * `timeKind`) at which a vehicle could take the ride, as the booking's `alternatives`.
   */
  alternatives?: string[];
}

/** Gateway to the rider of a live booking: `booking.eta`, refreshed as the vehicle moves. */
export interface BookingEtaMessage {
  bookingId: string;
  vehicleId: string;
  /** Expected arrival of the vehicle at the pickup stop; null once picked up. */
  pickupAt: string | null;
  /** Expected arrival at the drop-off stop. */
  arrivalAt: string;
  /** `routing`: travel times from the vehicle's position; `schedule`: plan plus current delay. */
  method: 'routing' | 'schedule';
  computedAt: string;
}

/** One rider boarding or alighting, as the driver needs to know them. */
export interface TripPassenger {
  bookingId: string;
  riderName: string;
  passengers: number;
  wheelchairPlaces: number;
  needs: string[];
  notes: string | null;
  status: BookingStatus;
}

export interface TripStop {
  index: number;
  stopId: string;
  name: string;
  lat: number;
  lon: number;
  plannedArrivalAt: string;
  plannedDepartureAt: string;
  departedAt: string | null;
  boarding: TripPassenger[];
  alighting: TripPassenger[];
  /** On board after the stop. */
  load: { seats: number; wheelchairPlaces: number };
}

/** Gateway to the vehicle's driver: `trip-list`, whenever the schedule changes. */
export interface TripListMessage {
  vehicleId: string;
  scheduleId: string;
  version: number;
  stops: TripStop[];
}

/** Gateway to a client once its rooms are joined and its current state sent: `session.ready`. */
export interface SessionReady {
  role: Role;
  subject: string;
  /** A driver's vehicle of the current shift, else null. */
  vehicleId: string | null;
  /** Bookings whose updates this connection receives (a rider's live ones). */
  bookingIds: string[];
}

/** Ack data of `auth.refresh`: when the new token expires (null: never). */
export interface AuthRefreshResult {
  expiresAt: string | null;
}

/** `auth.expired`: the connection hears nothing more until it re-authenticates. */
export interface AuthExpiredMessage {
  code: 'token_expired';
  reason: string;
  /** Seconds left to send `auth.refresh` before the gateway disconnects. */
  graceS: number;
}

/** `shift.ended`: a driver's connection is no longer bound to this shift. */
export interface ShiftEndedMessage {
  shiftId: string;
}
