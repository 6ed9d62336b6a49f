import type { RoadMapView, TrainCall } from '@app/contracts';
import { apiClient, ClientConfig, phoneAuth, serverClock, tokenStore } from '@app/web-ui';
import { rememberCounty, type TransportOffice } from './offices';

/** The public booking API, as the rider app uses it. Times are ISO 8601 instants. */

export interface Stop {
  id: string;
  name: string;
  lat: number;
  lon: number;
  isMainHub: boolean;
  kind?: 'village' | 'hub' | 'rail_station' | 'depot';
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
  /**
   * With a rejection for lack of room: the nearest times (same timeKind) a vehicle could have
   * taken the ride, nearest first; booked as a new booking.
   */
  alternatives?: string[];
  /** A round trip's other leg, and which leg this is. */
  linkedBookingId?: string | null;
  tripLeg?: 'outbound' | 'return' | null;
  /** The train the ride connects with. */
  train?: {
    role: 'catch' | 'arrive';
    tripId: string;
    serviceDate: string;
    route: string | null;
    headsign: string | null;
    scheduledAt: string;
    /** Minutes late as reported live (0: on time), and whether it was reported cancelled. */
    delayMin: number;
    cancelled: boolean;
  } | null;
}

export type { TrainCall } from '@app/contracts';

export interface BookingOptions {
  countyCode: string;
  minNoticeMin: number;
  bookingHorizonDays: number;
  maxPassengersPerBooking: number;
  hub: { id: string; name: string; lat: number; lon: number } | null;
  /** The transport office's number for booking by phone; null when the office set none. */
  bookingPhone: { e164: string; display: string } | null;
}

export interface NewBooking {
  fromStopId: string;
  toStopId: string;
  timeKind: 'depart_at' | 'arrive_by';
  /** Left out when a train gives the time. */
  time?: string;
  train?: { tripId: string; serviceDate: string };
  /** Book the way back in the same step. */
  returnTrip?: { timeKind: 'depart_at' | 'arrive_by'; time: string };
  passengers: number;
  wheelchairPlaces: number;
}

export const session = tokenStore('rufbus.rider.token');
const call = apiClient(session);

let clock: () => Date = serverClock(undefined);
/** The server's time: simulated in a development demo, so suggested ride times match it. */
export const serverNow = (): Date => clock();

export const api = {
  ...phoneAuth(call, 'rider'),
  clientConfig: async () => {
    const config = await call<ClientConfig>('GET', '/client-config');
    clock = serverClock(config.clock);
    return config;
  },
  /**
   * The options of the stop's county (with several counties, of none before a stop is known);
   * the county is remembered for the sign-in page's office number.
   */
  options: async (stopId?: string) => {
    const o = await call<BookingOptions>(
      'GET',
      `/web/booking-options${stopId ? `?stopId=${encodeURIComponent(stopId)}` : ''}`,
    );
    if (stopId) rememberCounty(o.countyCode);
    return o;
  },
  offices: () => call<TransportOffice[]>('GET', '/web/offices'),
  roads: () => call<RoadMapView>('GET', '/web/road-network'),
  stopsNear: (lat: number, lon: number) =>
    call<Stop[]>('GET', `/stops?lat=${lat}&lon=${lon}&limit=4`),
  stopsByName: (q: string) => call<Stop[]>('GET', `/stops?q=${encodeURIComponent(q)}&limit=8`),
  stop: (id: string) => call<Stop>('GET', `/stops/${id}`),
  trains: async (stopId: string, kind: 'departures' | 'arrivals', from: string, to: string) => {
    const q = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const res = await call<Record<string, TrainCall[]>>('GET', `/hubs/${stopId}/${kind}?${q}`);
    return res[kind] ?? [];
  },
  bookings: () => call<{ items: Booking[] }>('GET', '/bookings?limit=50'),
  booking: (id: string) => call<Booking>('GET', `/bookings/${id}`),
  offer: (b: NewBooking) =>
    call<Booking>(
      'POST',
      '/bookings',
      { ...b, confirmation: 'rider' },
      { 'Idempotency-Key': crypto.randomUUID() },
    ),
  /** The rider's language on the server: their messages (SMS and live) are written in it. */
  setLanguage: (language: 'de' | 'en') =>
    call<unknown>('PATCH', '/riders/me/preferences', { language }),
  accept: (id: string) => call<Booking>('POST', `/bookings/${id}/accept`, {}),
  cancel: (id: string, alsoLinked = false) =>
    call<Booking>('POST', `/bookings/${id}/cancel`, alsoLinked ? { alsoLinked } : {}),
};
