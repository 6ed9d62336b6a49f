import type { BookingStatus } from '@app/domain';

/**
 * Change announcements on Redis pub/sub, from whoever changed something (booking API,
 * dispatch worker, gateway) to the realtime gateway and to waiting API requests. Channel names
 * are prefixed by the installation's REDIS_PREFIX: `${prefix}:${channel}`.
 */
export const EventChannel = {
  bookingChanged: 'events.booking-changed',
  scheduleChanged: 'events.schedule-changed',
  vehiclePosition: 'events.vehicle-position',
  riderMessage: 'events.rider-message',
  shiftChanged: 'events.shift-changed',
} as const;
export type EventChannelName = (typeof EventChannel)[keyof typeof EventChannel];

export interface BookingChangedEvent {
  bookingId: string;
  riderId: string;
  serviceAreaId: string;
  status: BookingStatus;
  previousStatus: BookingStatus | null;
  vehicleId: string | null;
  /** ISO 8601 instant of the change. */
  at: string;
  /** A rejection for lack of room: the nearest times a vehicle could take the ride instead. */
  alternatives?: string[];
  /** The HTTP request (or the job it enqueued) that caused the change, when there was one. */
  requestId?: string;
}

export interface ScheduleChangedEvent {
  vehicleId: string;
  scheduleId: string;
  version: number;
  at: string;
  requestId?: string;
}

/**
 * The office changed a shift (deleted, cancelled, ended, moved, its vehicle broke down): the
 * realtime gateway forgets what it knew of the driver's shift and rebinds their connections.
 */
export interface ShiftChangedEvent {
  shiftId: string;
  driverId: string;
  vehicleId: string;
  countyId: string;
  at: string;
  requestId?: string;
}

export interface EventPayloads {
  'events.booking-changed': BookingChangedEvent;
  'events.schedule-changed': ScheduleChangedEvent;
  'events.vehicle-position': VehiclePositionEvent;
  'events.rider-message': RiderMessageEvent;
  'events.shift-changed': ShiftChangedEvent;
}

/** A message for a rider (confirmed, pickup moved, at risk, ...) shown in the app. */
export interface RiderMessageEvent {
  messageId: string;
  riderId: string;
  bookingId: string | null;
  kind: string;
  text: string;
  at: string;
}

export interface VehiclePositionEvent {
  vehicleId: string;
  lat: number;
  lon: number;
  headingDeg: number | null;
  speedMps: number | null;
  accuracyM: number | null;
  /** When the device measured it, ISO 8601. */
  at: string;
}
