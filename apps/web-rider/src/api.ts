import { apiClient, ClientConfig, phoneAuth, tokenStore } from '@app/web-ui';
import type { FeatureCollection } from 'geojson';

/** The public booking API, as the rider app uses it. Times are ISO 8601 instants. */

export interface Stop {
  id: string;
  name: string;
  lat: number;
  lon: number;
  isMainHub: boolean;
  wheelchairAccessible: boolean;
  distanceM?: number;
}

export type BookingStatus =
  | 'requested'
  | 'offered'
  | 'confirmed'
  | 'rejected'
  | 'picked_up'
  | 'dropped_off'
  | 'cancelled'
  | 'no_show'
  | 'expired'
  | 'at_risk';

export interface Booking {
  id: string;
  status: BookingStatus;
  fromStop: { id: string; name: string };
  toStop: { id: string; name: string };
  timeKind: 'depart_at' | 'arrive_by';
  requestedTime: string;
  passengers: number;
  wheelchairPlaces: number;
  promise: { pickupFrom: string; pickupTo: string; latestArrival: string } | null;
  vehicleId: string | null;
  offerExpiresAt: string | null;
  reason: { code: string; text: string | null } | null;
}

export interface BookingOptions {
  minNoticeMin: number;
  bookingHorizonDays: number;
  maxPassengersPerBooking: number;
  hub: { id: string; name: string; lat: number; lon: number } | null;
}

export interface NewBooking {
  fromStopId: string;
  toStopId: string;
  timeKind: 'depart_at' | 'arrive_by';
  time: string;
  passengers: number;
  wheelchairPlaces: number;
}

export const session = tokenStore('rufbus.rider.token');
const call = apiClient(session);

export const api = {
  ...phoneAuth(call, 'rider'),
  clientConfig: () => call<ClientConfig>('GET', '/client-config'),
  options: () => call<BookingOptions>('GET', '/web/booking-options'),
  roads: () => call<FeatureCollection>('GET', '/web/road-network'),
  stopsNear: (lat: number, lon: number) =>
    call<Stop[]>('GET', `/stops?lat=${lat}&lon=${lon}&limit=4`),
  stopsByName: (q: string) => call<Stop[]>('GET', `/stops?q=${encodeURIComponent(q)}&limit=8`),
  stop: (id: string) => call<Stop>('GET', `/stops/${id}`),
  bookings: () => call<{ items: Booking[] }>('GET', '/bookings?limit=50'),
  booking: (id: string) => call<Booking>('GET', `/bookings/${id}`),
  offer: (b: NewBooking) =>
    call<Booking>(
      'POST',
      '/bookings',
      { ...b, confirmation: 'rider' },
      { 'Idempotency-Key': crypto.randomUUID() },
    ),
  accept: (id: string) => call<Booking>('POST', `/bookings/${id}/accept`, {}),
  cancel: (id: string) => call<Booking>('POST', `/bookings/${id}/cancel`, {}),
};
